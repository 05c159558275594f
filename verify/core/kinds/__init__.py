"""One module per check kind; each exposes ``run(check, ctx) -> CheckResult``."""
