"""Secret links for the facilitator panel and the big screen, with wrong tries slowed down."""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable

FREE_TRIES = 3
MAX_DELAY = 30.0
MAX_SOURCES = 10_000


class Gate:
    """Checks a secret from a link. After a few wrong tries from one address, each answer waits longer
    (1, 2, 4 ... 30 s), so guessing the secret is hopeless while a typo costs nothing."""

    def __init__(self, secret: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._secret = secret.encode()
        self._clock = clock
        self._failures: dict[str, int] = {}

    def delay_for(self, source: str) -> float:
        """How long to hold the answer to this address's next try."""
        failures = self._failures.get(source, 0)
        if failures < FREE_TRIES:
            return 0.0
        return min(MAX_DELAY, 2.0 ** (failures - FREE_TRIES))

    def check(self, given: str, source: str) -> bool:
        ok = hmac.compare_digest((given or '').encode(), self._secret)
        if ok:
            self._failures.pop(source, None)
        else:
            if len(self._failures) >= MAX_SOURCES:
                self._failures.clear()
            self._failures[source] = self._failures.get(source, 0) + 1
        return ok
