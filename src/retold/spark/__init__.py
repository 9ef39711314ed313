"""The Spark engine: the same per-partition analysis and the same link functions, split by Spark instead of processes."""
