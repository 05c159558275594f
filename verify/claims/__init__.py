"""Built-in claims, one module per paper. Importing a module registers its claims.

Use :func:`verify.load_builtin` to import them all.
"""
