"""Development tools for the matcher, not shipped: synthetic registries, labelled author
profiles and the precision/recall/calibration evaluation (`python -m processors.matching.evaluate`)."""
