"""Executors: they only split work and call the same per-partition function."""
