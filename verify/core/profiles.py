"""Run profiles: how much evidence to gather.

=========  ===================  =============  ==================  ===============
profile    Hypothesis profile   examples       experiment scale    check budget
=========  ===================  =============  ==================  ===============
quick      ``ci``               x 0.25 (>=10)  ``"quick"``         120 s
default    ``default``          x 1            ``"default"``       600 s
thorough   ``thorough``         x 10           ``"thorough"``      3600 s
=========  ===================  =============  ==================  ===============

A property check declares its example count for the ``default`` profile. All profiles are
derandomised by the run seed (``hypothesis.seed``) and use no example database, so the
same command twice gives the same verdicts. pytest uses ``--hypothesis-profile=ci`` by
default, which maps to ``quick``; ``--hypothesis-profile=default|thorough`` select the
others.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, settings

__all__ = ["Profile", "PROFILES", "get_profile", "profile_for_hypothesis"]


@dataclass(frozen=True)
class Profile:
    name: str
    hypothesis_profile: str
    example_scale: float
    min_examples: int
    check_budget_s: float

    def examples(self, declared: int) -> int:
        return max(self.min_examples, int(round(declared * self.example_scale)))


PROFILES = {
    "quick": Profile("quick", "ci", 0.25, 10, 120.0),
    "default": Profile("default", "default", 1.0, 20, 600.0),
    "thorough": Profile("thorough", "thorough", 10.0, 50, 3600.0),
}

_COMMON = dict(
    deadline=None,
    database=None,
    derandomize=False,  # we seed explicitly per check from the run seed
    suppress_health_check=list(HealthCheck),
    print_blob=False,
    # after a first failure Hypothesis otherwise keeps generating, for up to 10 s of wall
    # clock, to find further distinct bugs: what it then shrinks would depend on the speed
    # of the machine. One counterexample is all a verdict needs.
    report_multiple_bugs=False,
)
settings.register_profile("ci", max_examples=25, **_COMMON)
settings.register_profile("default", max_examples=100, **_COMMON)
settings.register_profile("thorough", max_examples=1000, **_COMMON)


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r} (choose from {', '.join(PROFILES)})") from None


def profile_for_hypothesis(hypothesis_profile: str) -> Profile:
    """The run profile that corresponds to a Hypothesis profile name (for pytest)."""
    for p in PROFILES.values():
        if p.hypothesis_profile == hypothesis_profile:
            return p
    return PROFILES["quick"]
