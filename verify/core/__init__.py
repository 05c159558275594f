"""Claim model, check kinds, verdicts, registry, runner and isolation (see docs/DESIGN.md)."""
