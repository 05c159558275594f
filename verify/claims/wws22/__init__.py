"""wws22 claims (package being laid out; see claims.py)."""

from verify.claims.wws22 import claims  # noqa: F401 (registers the claims)
