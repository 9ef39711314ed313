"""Stance of an article toward a claim: agree, disagree, discuss or unrelated (FNC-1 labels), trained here on FNC-1."""
