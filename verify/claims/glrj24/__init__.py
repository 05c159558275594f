"""glrj24 claims (package being laid out; see claims.py)."""

from verify.claims.glrj24 import claims  # noqa: F401 (registers the claims)
