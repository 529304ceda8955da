"""Benchmarks; their figures are recorded in docs/."""
