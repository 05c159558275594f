"""Loading claims: the built-in ones, and a user's conjecture file in isolation."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
import zlib
from pathlib import Path

from verify.core.registry import REGISTRY, Registry, collecting

__all__ = ["load_builtin", "load_file", "BadInputError"]


class BadInputError(Exception):
    """A user file that cannot be used; the message is one line, for the CLI (exit 2)."""


_loaded = False


def load_builtin() -> Registry:
    """Import every module of :mod:`verify.claims` (each registers its claims) once."""
    global _loaded
    if not _loaded:
        import verify.claims as pkg

        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
            if not info.name.startswith("_"):
                importlib.import_module(f"{pkg.__name__}.{info.name}")
        _loaded = True
    return REGISTRY


def load_file(path: str | Path) -> Registry:
    """Import a conjecture file into a fresh registry. Raises :class:`BadInputError`."""
    path = Path(path)
    if not path.is_file():
        raise BadInputError(f"{path}: no such file")
    if path.suffix != ".py":
        raise BadInputError(f"{path}: not a Python file (.py)")
    name = f"verify_user_{zlib.crc32(str(path.resolve()).encode()):x}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise BadInputError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    with collecting() as reg:
        try:
            sys.modules[name] = module
            spec.loader.exec_module(module)
        except SyntaxError as e:
            raise BadInputError(f"{path}:{e.lineno}: syntax error: {e.msg}") from None
        except Exception as e:  # noqa: BLE001 - any import failure is the file's fault
            tb = e.__traceback__
            line = None
            while tb is not None:
                if tb.tb_frame.f_code.co_filename == str(path):
                    line = tb.tb_lineno
                tb = tb.tb_next
            where = f"{path}:{line}" if line else str(path)
            raise BadInputError(f"{where}: import failed: {type(e).__name__}: {e}") from None
        finally:
            sys.modules.pop(name, None)
    if len(reg) == 0:
        raise BadInputError(f"{path}: declares no claim (use verify.claim(...) and its check decorators)")
    return reg
