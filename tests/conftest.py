"""pytest configuration: float64 first, Hypothesis profiles registered, verify profile fixture.

``--hypothesis-profile`` (default ``ci``, set in pyproject.toml) selects the verify run
profile: ci -> quick, default -> default, thorough -> thorough.
"""

import os
import sys

# Checks compute single-threaded here as in the report's workers (same environment, so the same
# numbers), and because a threaded BLAS on cores that the other pytest-xdist worker is using
# spins: measured under load, one 1024 x 1024 generalised eigh took 15 s threaded, 0.4 s not.
# Read by OpenBLAS when numpy loads and by XLA when its backend starts, both below.
# ``import verify`` loads numpy and jax, so the values are written out here and compared with the
# workers' (verify.core.isolation.worker_env) once verify is imported.
assert "numpy" not in sys.modules, "tests/conftest.py must set the thread environment before numpy loads"
_THREADS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
_XLA = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
os.environ.update(_THREADS)
if _XLA not in os.environ.get("XLA_FLAGS", ""):
    os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} {_XLA}".strip()

import pytest  # noqa: E402

import verify  # noqa: E402,F401  (enables float64 before any array exists)
from verify.core.isolation import worker_env  # noqa: E402

assert all(os.environ[k] == v for k, v in worker_env(os.environ).items() if k != "PYTHONHASHSEED"), \
    "tests/conftest.py's thread environment differs from the report workers' (worker_env)"
from verify.core import profiles


@pytest.fixture(scope="session")
def run_profile(request):
    name = request.config.getoption("hypothesis_profile", default=None) or "ci"
    return profiles.profile_for_hypothesis(name)
