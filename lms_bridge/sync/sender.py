"""Sending one kind of write in batches, so that one bad row never blocks the rest.

Moodle rejects a whole ``core_user_create_users`` (or enrol) batch for one bad record and, with
debugging off, says only "Invalid parameter value detected". A refused batch is therefore split
in halves until the bad rows stand alone (a bisection: every good row still goes out in a batch,
and each bad row ends as a single call whose refusal names it). Calls that report problems as
``warnings`` are split the same way.

A PHP error inside Moodle's answer (HTTP 200, ``{exception, message}``, no ``errorcode``) is
split the same way: Moodle ran the call and failed on the data — the recorded case is enrolling an
account deleted since the plan, a ``TypeError`` — so sending the same rows again fails again,
while the other rows go through. Moodle's answer does not say which rows, if any, were written
before the error, so the halves of a create are sent only after ``recheck`` (below) has found what
exists; every other write the sync makes is idempotent and its halves are simply sent.

Network faults are different, and each call has one retry policy (docs/sync.md, "Network
faults"). The transport already retries reads and any call whose connection failed before it was
sent, so this layer never repeats those. It adds the one retry the transport cannot make: a write
whose outcome is unknown (its answer was lost, or the server failed) is sent again, at most
``write_attempts`` times in all, each time after a wait paced like the transport's retries
(``retry_delay``: ``Retry-After`` if the failed answer carried one, else the backoff), so a
struggling server is not hammered. Idempotent writes are simply sent again; a create is sent
again only for the items a fresh read shows still missing (``recheck``), so a timed-out create
that did happen never makes a duplicate account.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.moodle.config import MoodleConfig
from lms_bridge.moodle.encoding import DEFAULT_FIELD_BUDGET, chunks
from lms_bridge.moodle.errors import (
    AccessDenied,
    InvalidToken,
    Maintenance,
    MissingCapability,
    MoodleConnectionError,
    MoodleError,
    MoodleServerError,
    UnexpectedResponse,
    UnknownFunction,
    WebServicesDisabled,
    WriteOutcomeUnknown,
)
from lms_bridge.moodle.transport import retry_delay
from lms_bridge.sync.site import Caller

T = TypeVar("T")
log = logging.getLogger("lms_bridge.sync")

FATAL = (InvalidToken, AccessDenied, UnknownFunction, WebServicesDisabled, Maintenance,
         MissingCapability)
"""Errors no retry or split can fix: the whole run stops (the journal keeps what was done)."""

WRITE_ATTEMPTS = 3
"""Sends of one write batch whose outcome stays unknown before the run stops (a recheck before
each resend). Each send may itself be repeated by the transport only while the connection fails
before anything is sent (``retries + 1`` times), so at most ``WRITE_ATTEMPTS`` requests reach
the server."""

BACKOFF: float = MoodleConfig.model_fields["backoff"].default
"""Seconds before the first resend (doubled for each further one, with jitter): the Moodle
client's default, so both layers wait alike unless configured apart."""
MAX_RETRY_AFTER: float = MoodleConfig.model_fields["max_retry_after"].default
"""A ``Retry-After`` longer than this stops the run instead of keeping it waiting."""

IGNORED_WARNINGS = {"3"}
"""``core_cohort_add_cohort_members`` code 3: already a member — the wanted state."""


class SyncAborted(LmsBridgeError):
    """The site kept failing, or failed in a way the sync does not retry; what was done so far
    is kept and re-running the same roster continues from the site's real state."""


def is_transient(exc: MoodleError) -> bool:
    """A fault of the network or the server, not a refusal of what was sent."""
    if isinstance(exc, (MoodleConnectionError, MoodleServerError)):
        return True
    return isinstance(exc, UnexpectedResponse) and (exc.http_status or 0) >= 500


def php_error_answer(exc: MoodleError) -> bool:
    """Whether Moodle ran the call and answered HTTP 200 with a PHP error: ``{exception,
    message}`` with no ``errorcode`` (a ``TypeError`` for a user id that no longer exists). The
    same rows would fail the same way again, so it is a fault of the data, not of the network.
    The same body with HTTP 5xx (a plugin or proxy that sets the status) stays a server fault."""
    return (isinstance(exc, MoodleServerError) and exc.errorcode is None
            and exc.exception is not None and exc.http_status in (None, 200))


def outcome_unknown(exc: MoodleError) -> bool:
    """Whether a failed write may have been applied and the transport did not resend it: the
    answer was lost after sending, or the server failed while running it. A connection that
    failed before sending (already retried by the transport), a rate limit, or a PHP error in
    the answer (:func:`php_error_answer`: resending the same rows would fail the same way) is
    not one."""
    if php_error_answer(exc):
        return False
    if isinstance(exc, MoodleConnectionError):
        return isinstance(exc, WriteOutcomeUnknown)
    return is_transient(exc)


def _aborted(exc: MoodleError) -> SyncAborted:
    return SyncAborted(f"Moodle kept failing ({exc}); nothing is lost — run the sync again to "
                       "continue")


def _detail(exc: MoodleError) -> str:
    """The error as it prints (with Moodle's debug info), without the function name before it."""
    return str(exc).removeprefix(f"{exc.wsfunction}: ")


def _php_error_message(wsfunction: str, exc: MoodleError) -> str:
    return (f"{wsfunction} failed for this row with a PHP error inside Moodle's answer "
            f"({exc.exception}: {_detail(exc)}). The row was sent alone (the rest of its batch was "
            "sent without it), so the cause is in this row or a record it refers to — often an "
            "account, course or cohort deleted in Moodle since the plan was made; check the row "
            "and the site's error log, then run the sync again")


def _read_failed_once(wsfunction: str, exc: MoodleError) -> SyncAborted:
    return SyncAborted(
        f"{wsfunction} failed once, with an error inside Moodle's answer: {_detail(exc)}. "
        "Reads are retried only after network faults (timeouts, dropped connections, HTTP "
        "5xx), so the run stopped at this one; nothing is lost — look into the error on the "
        "site (its debug info or error log), then run the sync again to continue")


@dataclass
class Outcome(Generic[T]):
    succeeded: list[tuple[T, Any]] = field(default_factory=list)
    """Each item with the response of the call that carried it."""
    failed: list[tuple[T, str]] = field(default_factory=list)


@dataclass
class WriteKind(Generic[T]):
    wsfunction: str
    list_key: str
    encode: Callable[[T], Mapping[str, Any]]
    recheck: Callable[[list[T]], list[T]] | None = None
    """Given items whose create may have happened, return those still to be created."""
    warnings_fail: bool = False
    explain: Callable[[T, str], str] | None = None
    """Turn Moodle's refusal of one item into a message that says what to fix."""


class RetryingCaller:
    """The sync's calls to Moodle, on top of the transport's retries; counts every call made.

    A read is made once: the transport has already retried it, so a fault that still comes
    through stops the run (:class:`SyncAborted`) instead of multiplying the transport's attempts.
    Only :meth:`write` retries, and only what the transport cannot; ``backoff``,
    ``max_retry_after`` and ``sleep`` pace its resends as the transport paces its retries.
    """

    def __init__(self, call: Caller, *, write_attempts: int = WRITE_ATTEMPTS,
                 backoff: float = BACKOFF, max_retry_after: float = MAX_RETRY_AFTER,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if write_attempts < 1:
            raise ValueError("write_attempts must be at least 1")
        self._call = call
        self.write_attempts = write_attempts
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self.calls = 0
        self.writes = 0

    def __call__(self, wsfunction: str, params: Mapping[str, Any], *, read_only: bool) -> Any:
        try:
            return self.once(wsfunction, params, read_only=read_only)
        except MoodleError as exc:
            if not is_transient(exc):
                raise
            if read_only and not exc.retryable:
                if isinstance(exc, MoodleServerError):
                    raise _read_failed_once(wsfunction, exc) from exc
                raise SyncAborted(f"{exc}; nothing is lost — run the sync again once this is "
                                  "fixed") from exc
            raise _aborted(exc) from exc

    def write(self, wsfunction: str, list_key: str, items: list[T],
              encode: Callable[[T], Mapping[str, Any]],
              recheck: Callable[[list[T]], list[T]] | None = None) -> Any:
        """Send ``items`` as one call; while its outcome is unknown, wait, re-read with
        ``recheck`` (which returns the items still to send) and send those again,
        ``write_attempts`` sends at most. Returns ``None`` when the recheck shows everything
        already done."""
        pending = items
        for send in range(1, self.write_attempts + 1):
            if send > 1 and recheck is not None:
                pending = recheck(items)
                if not pending:
                    return None
            try:
                return self.once(wsfunction, {list_key: [encode(i) for i in pending]},
                                 read_only=False)
            except MoodleError as exc:
                if send == self.write_attempts or not outcome_unknown(exc):
                    raise
                self._wait_before_resend(wsfunction, exc, resend=send)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait_before_resend(self, wsfunction: str, exc: MoodleError, *, resend: int) -> None:
        """Wait as the transport would before retry number ``resend`` (:func:`retry_delay`); a
        ``Retry-After`` longer than ``max_retry_after`` stops the run."""
        delay = retry_delay(exc.retry_after, backoff=self.backoff, attempt=resend,
                            max_retry_after=self.max_retry_after)
        if delay is None:
            raise SyncAborted(
                f"{exc}; Moodle asked to wait {exc.retry_after:.0f} s before trying again, longer "
                f"than max_retry_after ({self.max_retry_after:g} s), so the write was not sent "
                "again; nothing is lost — run the sync again later to continue") from exc
        log.info("%s: outcome unknown (%s); re-checking and sending again in %.1f s "
                 "(send %d of %d)", wsfunction, exc, delay, resend + 1, self.write_attempts)
        self._sleep(delay)

    def once(self, wsfunction: str, params: Mapping[str, Any], *, read_only: bool) -> Any:
        self.calls += 1
        if not read_only:
            self.writes += 1
        return self._call(wsfunction, params, read_only=read_only)


class BatchSender:
    def __init__(self, caller: RetryingCaller, *, field_budget: int = DEFAULT_FIELD_BUDGET,
                 progress: Callable[[int], None] | None = None) -> None:
        self._caller = caller
        self._budget = field_budget
        self._progress = progress or (lambda n: None)

    def send(self, kind: WriteKind[T], items: Sequence[T]) -> Outcome[T]:
        outcome: Outcome[T] = Outcome()
        for chunk in chunks(items, kind.encode, self._budget):
            self._send_chunk(kind, chunk, outcome)
        return outcome

    def _send_chunk(self, kind: WriteKind[T], chunk: list[T], outcome: Outcome[T]) -> None:
        try:
            response = self._deliver(kind, chunk)
        except FATAL:
            raise
        except MoodleError as exc:
            if php_error_answer(exc):
                self._isolate(kind, chunk, outcome, exc)
                return
            if is_transient(exc):
                raise _aborted(exc) from exc
            self._split(kind, chunk, outcome, exc.message or str(exc))
            return
        problems = _warnings(response) if kind.warnings_fail else []
        if problems:
            self._split(kind, chunk, outcome, "; ".join(problems))
            return
        outcome.succeeded.extend((item, response) for item in chunk)
        self._progress(len(chunk))

    def _isolate(self, kind: WriteKind[T], chunk: list[T], outcome: Outcome[T],
                 exc: MoodleError) -> None:
        """Bisect a batch Moodle answered with a PHP error, as a refusal is bisected. A create
        first re-reads (``recheck``): what now exists is done and never sent again; if some of
        the batch was written, the rest goes out again as one batch, since its bad row is not
        known yet. A row that fails alone (and, for a create, still does not exist) is reported
        with the function and Moodle's message."""
        pending = kind.recheck(chunk) if kind.recheck is not None else chunk
        still = {id(item) for item in pending}
        done = [item for item in chunk if id(item) not in still]
        if done:
            outcome.succeeded.extend((item, None) for item in done)
            self._progress(len(done))
        if not pending:
            return
        if len(pending) < len(chunk):
            self._send_chunk(kind, pending, outcome)
        elif len(pending) == 1:
            outcome.failed.append((pending[0], _php_error_message(kind.wsfunction, exc)))
            self._progress(1)
        else:
            self._split(kind, pending, outcome, str(exc))

    def _split(self, kind: WriteKind[T], chunk: list[T], outcome: Outcome[T],
               reason: str) -> None:
        if len(chunk) == 1:
            if kind.explain is not None:
                reason = kind.explain(chunk[0], reason)
            outcome.failed.append((chunk[0], reason))
            self._progress(1)
            return
        middle = len(chunk) // 2
        self._send_chunk(kind, chunk[:middle], outcome)
        self._send_chunk(kind, chunk[middle:], outcome)

    def _deliver(self, kind: WriteKind[T], chunk: list[T]) -> Any:
        return self._caller.write(kind.wsfunction, kind.list_key, chunk, kind.encode,
                                  kind.recheck)


def _warnings(response: Any) -> list[str]:
    if not isinstance(response, Mapping):
        return []
    return [str(w.get("message") or w.get("warningcode"))
            for w in response.get("warnings") or []
            if str(w.get("warningcode")) not in IGNORED_WARNINGS]
