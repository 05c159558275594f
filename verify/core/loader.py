"""Loading claims: the built-in ones, and a user's conjecture file in isolation.

:func:`load_file` is what ``verify check FILE.py`` uses. The file is imported

* under a private module name (never ``__main__``, never a name that clashes with an
  installed module), with its own directory first on ``sys.path`` so that it can import
  helper modules next to it;
* inside :func:`verify.core.registry.collecting`, i.e. into a fresh registry: it cannot
  clash with, shadow or modify the built-in claims, and two files can declare the same id;
* with every failure turned into a one-line :class:`BadInputError` (the CLI prints it and
  exits with status 2). No traceback reaches the user.

What makes a file *bad* (exit 2, nothing runs): it does not exist or is not a ``.py`` file;
it does not import (syntax error, an exception at import time, ``sys.exit``); it declares
no claim; it declares the same claim id twice; a claim has no check. What makes a *check*
bad (verdict ``error`` with a one-line message; the other checks still run): its signature
does not fit its kind (found here for identity / certificate / experiment, by the property
kind for ``given``), it raises, returns NaN / inf or the wrong type, its strategy cannot
generate, or it exceeds its time budget.

Provenance: in a checked file every claim is the user's. A claim declared without
``provenance=`` (the default, ``"paper"``) or with ``"paper"`` / ``"derived"`` is recorded as
``"conjecture"``; ``"conjecture"``, ``"refined"`` and ``"variant"`` (a known-false control the
user wants refuted, expected ``fails``) are kept as declared.

Per-check time budget: ``budget_s`` (or the environment variable ``VERIFY_CHECK_BUDGET_S``,
which is how ``verify check --budget`` reaches worker processes with ``-j``) is given to
every check that did not declare its own ``budget_s``.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import pkgutil
import sys
import zlib
from pathlib import Path

from verify.core.registry import REGISTRY, DuplicateClaimError, Registry, collecting

__all__ = ["load_builtin", "load_file", "validate", "BadInputError", "BUDGET_ENV"]

BUDGET_ENV = "VERIFY_CHECK_BUDGET_S"


class BadInputError(Exception):
    """A user file that cannot be used; the message is one line, for the CLI (exit 2)."""


_loaded = False


def load_builtin() -> Registry:
    """Import every paper package of :mod:`verify.claims` once (importing ``verify.claims.<key>``
    imports its ``claims.py``, which registers the paper's claims). Import errors propagate."""
    global _loaded
    if not _loaded:
        import verify.claims as pkg

        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
            if not info.name.startswith("_"):
                importlib.import_module(f"{pkg.__name__}.{info.name}")
        _loaded = True
    return REGISTRY


def _drop_builtin(reg: Registry) -> None:
    """Move the claims of built-in paper packages that a user file imported (e.g. to reuse a
    paper's check functions) from the file's registry to the built-in one, where they belong."""
    for c in [c for c in reg if c.module.startswith("verify.claims.")]:
        reg.pop(c.id)
        if c.id not in REGISTRY:
            REGISTRY.add(c)


def _first_line(text: str) -> str:
    text = str(text).strip()
    return text.splitlines()[0] if text else ""


def _line_in(path: Path, exc: BaseException) -> int | None:
    """The last line of ``path`` in the traceback of ``exc`` (where the file went wrong)."""
    target = str(path.resolve())
    tb, line = exc.__traceback__, None
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        try:
            same = fname == str(path) or str(Path(fname).resolve()) == target
        except (OSError, ValueError):
            same = False
        if same:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _budget(budget_s: float | None) -> float | None:
    if budget_s is not None:
        return float(budget_s)
    raw = os.environ.get(BUDGET_ENV, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadInputError(f"{BUDGET_ENV}={raw!r} is not a number of seconds") from None
    if not value > 0:
        raise BadInputError(f"{BUDGET_ENV}={raw!r} must be a positive number of seconds")
    return value


def _raiser(message: str):
    def bad_check(*args, **kwargs):
        raise TypeError(message)

    return bad_check


def validate(reg: Registry, where: str = "") -> None:
    """Raise :class:`BadInputError` for a claim without checks; mark malformed checks.

    A check whose signature cannot be called the way its kind calls it (identity and
    certificate: no argument; experiment: only ``profile`` / ``seed``) is replaced by a
    function that raises a one-line ``TypeError`` naming the problem, so that the check gets
    verdict ``error`` while the others run. Property checks are validated by
    :mod:`verify.core.kinds.property` itself (``given`` keys against the signature, values
    must be strategies), for built-in claims too.
    """
    prefix = f"{where}: " if where else ""
    for c in reg:
        if not c.checks:
            raise BadInputError(f"{prefix}claim {c.id!r} declares no check (decorate a function with "
                                f"@c.identity, @c.property(given=...), @c.experiment or @c.certificate)")
        for k in c.checks:
            if k.kind == "property":
                continue
            try:
                sig = inspect.signature(k.fn)
            except (TypeError, ValueError):
                continue  # builtins / C functions: let the run report what happens
            params = sig.parameters
            required = [n for n, p in params.items() if p.default is p.empty
                        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
            if k.kind == "experiment":
                extra = [r for r in required if r not in ("profile", "seed")]
                if extra:
                    k.fn = _raiser(f"wrong signature {k.fn.__name__}{sig}: an experiment takes only "
                                   f"'profile' and 'seed', not {', '.join(extra)}")
            elif required:
                k.fn = _raiser(f"wrong signature {k.fn.__name__}{sig}: an {k.kind} check takes no argument")


def load_file(path: str | Path, *, budget_s: float | None = None) -> Registry:
    """Import a conjecture file into a fresh registry. Raises :class:`BadInputError`.

    ``budget_s``: time budget (seconds) for every check without its own (default: the
    environment variable ``VERIFY_CHECK_BUDGET_S``, else the profile's).
    """
    path = Path(path)
    if not path.exists():
        raise BadInputError(f"{path}: no such file")
    if path.is_dir():
        raise BadInputError(f"{path}: is a directory, not a Python file")
    if path.suffix != ".py":
        raise BadInputError(f"{path}: not a Python file (.py)")
    budget = _budget(budget_s)
    name = f"verify_user_{zlib.crc32(str(path.resolve()).encode()):x}"
    try:
        spec = importlib.util.spec_from_file_location(name, path)
    except Exception as e:  # noqa: BLE001
        raise BadInputError(f"{path}: cannot be imported: {_first_line(e)}") from None
    if spec is None or spec.loader is None:
        raise BadInputError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    folder = str(path.resolve().parent)
    with collecting() as reg:
        sys.modules[name] = module
        sys.path.insert(0, folder)
        try:
            spec.loader.exec_module(module)
        except SyntaxError as e:
            raise BadInputError(f"{path}:{e.lineno}: syntax error: {e.msg}") from None
        except DuplicateClaimError as e:
            line = _line_in(path, e)
            raise BadInputError(f"{path}:{line}: {e} (each claim id may be declared once)" if line
                                else f"{path}: {e} (each claim id may be declared once)") from None
        except (Exception, SystemExit) as e:  # noqa: BLE001 - any import failure is the file's fault
            line = _line_in(path, e)
            where = f"{path}:{line}" if line else str(path)
            what = f"{type(e).__name__}: {_first_line(e)}" if _first_line(e) else type(e).__name__
            if isinstance(e, SystemExit):
                what = f"the file called sys.exit({e.code!r}) at import"
            raise BadInputError(f"{where}: import failed: {what}") from None
        except KeyboardInterrupt:
            raise
        except BaseException as e:  # noqa: BLE001 - e.g. a time-budget signal: still one line
            raise BadInputError(f"{path}: import failed: {type(e).__name__}: {_first_line(e)}") from None
        finally:
            sys.modules.pop(name, None)
            try:
                sys.path.remove(folder)
            except ValueError:
                pass
    _drop_builtin(reg)  # a file that imports built-in checks (verify.claims.<paper>) declares only its own
    if len(reg) == 0:
        raise BadInputError(f"{path}: declares no claim (use verify.claim(...) and its check decorators)")
    validate(reg, str(path))
    for c in reg:
        if c.provenance in ("paper", "derived"):
            if c.provenance != "paper":
                c.notes = (c.notes + " " if c.notes else "") + f"(declared provenance: {c.provenance})"
            c.provenance = "conjecture"
        if budget is not None:
            for k in c.checks:
                if k.budget_s is None:
                    k.budget_s = budget
    return reg
