"""Built-in claims, one package per paper, every package with the same modules.

::

    verify/claims/<key>/__init__.py   paper title, arXiv id, and one line per claim id: which
                                      function runs each of its checks and where its figure is;
                                      imports claims.py (importing the package registers the claims)
    verify/claims/<key>/claims.py     the claim declarations: statement, source, domain,
                                      conventions, notes, variants (negative controls) and
                                      refined claims, each wired to its check functions
    verify/claims/<key>/checks.py     the check functions (property / identity / certificate
                                      bodies, figure-less experiments) and their strategies
    verify/claims/<key>/figures.py    the experiments that draw figures

A module that would pass ~350 lines is split further (``glrj24/experiments.py`` holds the
simulations its figures judge). The sympy derivations behind identity checks live in
``derivations/<topic>.py``; tests of a paper's claims in ``tests/claims/test_<key>_*.py``.
``<key>`` is the claim-id prefix (``bw25.linear-rate`` is declared in ``bw25/claims.py``).

Use :func:`verify.load_builtin` to import them all.
"""
