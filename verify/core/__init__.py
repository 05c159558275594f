"""Claim model, check kinds, verdicts, registry and runner (see DESIGN.md)."""
