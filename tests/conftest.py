"""pytest configuration: float64 first, Hypothesis profiles registered, verify profile fixture.

``--hypothesis-profile`` (default ``ci``, set in pyproject.toml) selects the verify run
profile: ci -> quick, default -> default, thorough -> thorough.
"""

import pytest

import verify  # noqa: F401  (enables float64 before any array exists)
from verify.core import profiles


@pytest.fixture(scope="session")
def run_profile(request):
    name = request.config.getoption("hypothesis_profile", default=None) or "ci"
    return profiles.profile_for_hypothesis(name)
