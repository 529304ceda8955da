"""Tests of the violation detectors."""
