"""Per-article analysis components: each a pure function of an Article and its spaCy Doc."""
