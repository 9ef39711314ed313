"""Cross-article stages: near-duplicates, stories, provenance, claim alignment, conflicts and drift."""
