import time

import pytest
from django.core.cache.backends import base, locmem

from accounts import login_limits


class Clock:
    """A settable clock for the local-memory cache's expiry (its timeouts are computed in
    `backends.base`, checked in `backends.locmem`) and the limiter's lock times."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(now=time.time())
    monkeypatch.setattr(base, "time", clock)
    monkeypatch.setattr(locmem, "time", clock)
    monkeypatch.setattr(login_limits, "time", clock)
    return clock
