"""Fault injection for the fake Moodle: the network failures a real sync run meets.

A fault may strike *after* the call was applied (the response is lost on the way back), so a
client can never assume a failed write wrote nothing.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import requests
from urllib3.exceptions import NewConnectionError, ProtocolError

KINDS = ("http500", "timeout", "reset", "refused")


@dataclass(frozen=True)
class Fault:
    """``kind`` is one of :data:`KINDS`; ``after`` means the call was applied first."""

    kind: str
    after: bool = False

    def exception(self) -> Exception | None:
        """The exception the client sees, or ``None`` for an HTTP 500 response."""
        if self.kind == "timeout":
            return requests.ReadTimeout("Read timed out. (read timeout=fake)")
        if self.kind == "reset":
            return requests.ConnectionError(ProtocolError(
                "Connection aborted.", ConnectionResetError(104, "Connection reset by peer")))
        if self.kind == "refused":
            return requests.ConnectionError(NewConnectionError(
                cast(Any, None),
                "Failed to establish a new connection: [Errno 111] Connection refused"))
        return None


@dataclass
class FaultPlan:
    """Random faults at ``rate`` (seeded, reproducible), or a fixed ``script`` played first.

    ``functions`` limits faults to those web-service functions. ``refused`` faults always
    strike before anything is applied (the connection never opened).
    """

    rate: float = 0.0
    seed: int | None = None
    kinds: Sequence[str] = KINDS
    functions: Iterable[str] | None = None
    script: list[Fault] = field(default_factory=list)
    injected: list[tuple[str, Fault]] = field(default_factory=list)

    def __post_init__(self) -> None:
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()
        self._only = set(self.functions) if self.functions is not None else None

    def draw(self, wsfunction: str) -> Fault | None:
        if self._only is not None and wsfunction not in self._only:
            return None
        with self._lock:
            fault: Fault | None = None
            if self.script:
                fault = self.script.pop(0)
            elif self.rate and self._random.random() < self.rate:
                kind = self._random.choice(list(self.kinds))
                fault = Fault(kind, after=kind != "refused" and self._random.random() < 0.5)
            if fault is not None:
                self.injected.append((wsfunction, fault))
            return fault
