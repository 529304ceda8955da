"""Violation detectors: endorsement, money politics, intimidation, disinformation, hate speech."""
