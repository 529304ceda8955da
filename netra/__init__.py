"""Netra: finds posts by Indonesian civil servants (ASN) that break election neutrality rules."""

__version__ = "0.1.0"
