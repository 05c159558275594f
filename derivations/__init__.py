"""Sympy derivations, one module per family of closed forms.

Each public function returns a :class:`verify.Derivation` (a chain of steps that the
identity check kind verifies one by one and the report shows).
"""
