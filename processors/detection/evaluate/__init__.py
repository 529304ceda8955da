"""Development-only measures of the detectors: labelled sets, real tweets, synthetic elections.

Not part of the installed service (pyproject excludes this package).
"""
