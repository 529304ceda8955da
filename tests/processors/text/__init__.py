"""Tests of informal Indonesian normalisation."""
