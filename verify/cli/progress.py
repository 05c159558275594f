"""Progress on stderr while checks run: which claims are running, done/total, time left.

On a terminal a live ``rich`` progress bar (running claims, checks done / total, elapsed,
estimated time left). Elsewhere (CI logs, pipes) one plain line every ``every_s`` seconds
and one at the end, so a log never stays silent for minutes. The estimate is
``remaining checks x mean duration of finished checks / jobs``.
"""

from __future__ import annotations

import sys
import time

__all__ = ["make_progress", "PlainProgress", "LiveProgress"]


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class _State:
    """Bookkeeping shared by both displays."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.t0 = time.monotonic()
        self.total = 0
        self.finished: list[float] = []
        self.running: dict[tuple[str, str], float] = {}

    def start(self, tasks) -> None:
        self.total = len(tasks)
        self.t0 = time.monotonic()

    def started(self, task) -> None:
        self.running[(task.claim_id, task.check_name, task.seed)] = time.monotonic()

    def done(self, task, result) -> None:
        self.running.pop((task.claim_id, task.check_name, task.seed), None)
        self.finished.append(result.duration_s)

    def eta(self) -> float | None:
        if not self.finished:
            return None
        left = self.total - len(self.finished)
        return left * (sum(self.finished) / len(self.finished)) / max(1, self.jobs)

    def running_claims(self) -> str:
        now = time.monotonic()
        parts = [f"{c} ({_clock(now - t)})" for (c, _, _), t in sorted(self.running.items(), key=lambda kv: kv[1])]
        return ", ".join(parts) or "-"

    def line(self) -> str:
        eta = self.eta()
        return (f"verify: {len(self.finished)}/{self.total} checks done, {_clock(time.monotonic() - self.t0)} "
                f"elapsed, {'~' + _clock(eta) if eta is not None else '?'} left; running: {self.running_claims()}")


class PlainProgress(_State):
    """A line on ``stream`` every ``every_s`` seconds and at the end."""

    def __init__(self, jobs: int = 1, stream=None, every_s: float = 10.0):
        super().__init__(jobs)
        self.stream = stream or sys.stderr
        self.every_s = every_s
        self.last, self.shown = time.monotonic(), -1

    def tick(self) -> None:
        if time.monotonic() - self.last >= self.every_s:
            self._emit()

    def done(self, task, result) -> None:
        super().done(task, result)
        self.tick()

    def close(self) -> None:
        if self.shown != len(self.finished):
            self._emit()

    def _emit(self) -> None:
        self.last, self.shown = time.monotonic(), len(self.finished)
        self.stream.write(self.line() + "\n")
        self.stream.flush()


class LiveProgress(_State):
    """A ``rich`` live bar on stderr (terminals only); disappears when the run ends."""

    def __init__(self, jobs: int = 1):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        super().__init__(jobs)
        self.bar = Progress(TextColumn("checks"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            TextColumn("left"), TimeRemainingColumn(), TextColumn("{task.description}"),
                            console=Console(stderr=True), transient=True)
        self.task = None

    def start(self, tasks) -> None:
        super().start(tasks)
        self.bar.start()
        self.task = self.bar.add_task("", total=len(tasks))

    def started(self, task) -> None:
        super().started(task)
        self.tick()

    def done(self, task, result) -> None:
        super().done(task, result)
        self.bar.advance(self.task)
        self.tick()

    def tick(self) -> None:
        self.bar.update(self.task, description=f"running: {self.running_claims()}")

    def close(self) -> None:
        self.bar.stop()


def make_progress(jobs: int, stream=None):
    """A live bar when ``stream`` (default stderr) is a terminal, else plain periodic lines."""
    stream = stream or sys.stderr
    return LiveProgress(jobs) if stream.isatty() else PlainProgress(jobs, stream)
