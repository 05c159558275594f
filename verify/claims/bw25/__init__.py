"""bw25 claims (package being laid out; see claims.py)."""

from verify.claims.bw25 import claims  # noqa: F401 (registers the claims)
