"""Case files for formal reports: a printable page, its PDF, and a JSON bundle `netra verify` checks
(docs/case-file.md)."""
