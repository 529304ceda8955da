"""Immediate alerts to the Bawaslu reviewers of a region when high-score cases arrive."""
