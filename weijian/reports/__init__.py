"""Reports written from the indicator engine: the statistical tables (and the work summary)."""
