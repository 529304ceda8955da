"""The applications on top of the pipeline: the `netra` command, the composition root, `netra scan`."""
