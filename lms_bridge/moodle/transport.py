"""The one place that talks HTTP to Moodle.

Every call is a form-encoded POST to ``{url}/webservice/rest/server.php`` with the token in the
body (never the URL: URLs end up in proxy and server logs). Reads are retried with backoff on
connection failures, timeouts, 429/500/502/503/504; writes are retried only when the connection
failed before the request was sent, because a write that timed out may well have been applied.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NameResolutionError, NewConnectionError

from lms_bridge import __version__
from lms_bridge.moodle.config import SERVER_PATH, MoodleConfig
from lms_bridge.moodle.errors import (
    Maintenance,
    MoodleConnectionError,
    MoodleError,
    MoodleServerError,
    UnexpectedResponse,
    WebServicesDisabled,
    WriteOutcomeUnknown,
    error_from_body,
    is_error_body,
)

log = logging.getLogger("lms_bridge.moodle")

UPLOAD_PATH = "/webservice/upload.php"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REFUSED_UNSEEN = frozenset({429})
"""Statuses that say the request was turned away before Moodle ran it, so a write may be sent
again: a rate limiter in front of the site answers 429 instead of passing the request on. A 5xx
may come after the change was made, so writes are not retried on those."""

Fields = Sequence[tuple[str, str]]


class _RetryableStatus(Exception):
    def __init__(self, response: requests.Response) -> None:
        self.response = response


def failed_before_sending(exc: requests.RequestException) -> bool:
    """True when the request never reached the server, so even a write is safe to resend."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError):
        reason: Any = exc.args[0] if exc.args else None
        reason = getattr(reason, "reason", reason)
        return isinstance(reason, (NewConnectionError, NameResolutionError))
    return False


def retry_after_seconds(value: str | None) -> float | None:
    """Parse ``Retry-After`` (seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def backoff_delay(backoff: float, attempt: int) -> float:
    """Seconds to wait before retry ``attempt`` (1 = the first) when the server gave no
    ``Retry-After``: ``backoff`` doubled per retry, plus up to half as much again at random, so
    that clients failing together do not all come back at once. Callers ask
    :func:`retry_delay`, which falls back to it."""
    base: float = backoff * (2 ** (attempt - 1))
    return base + random.uniform(0, base / 2)


def retry_delay(retry_after: float | None, *, backoff: float, attempt: int,
                max_retry_after: float) -> float | None:
    """Seconds to wait before retry ``attempt`` (1 = the first): what the failed answer's
    ``Retry-After`` asked, else :func:`backoff_delay`; ``None`` when the server asked for more
    than ``max_retry_after``, meaning give up now rather than keep the run waiting. The
    transport's retries and the sync's resends of a write both ask it, so they wait alike."""
    if retry_after is None:
        return backoff_delay(backoff, attempt)
    return retry_after if retry_after <= max_retry_after else None


def _retried_status(status: int, read_only: bool) -> bool:
    return status in (RETRY_STATUSES if read_only else REFUSED_UNSEEN)


def _describe(exc: requests.RequestException, config: MoodleConfig) -> str:
    """Say what went wrong in words a site admin can act on (never the request body)."""
    reason: Any = exc.args[0] if exc.args else None
    reason = getattr(reason, "reason", reason)
    if isinstance(exc, requests.ConnectTimeout):
        return f"timed out while connecting (after {config.connect_timeout:g} s)"
    if isinstance(exc, requests.ReadTimeout):
        return f"no answer within {config.read_timeout:g} s (raise it with --timeout)"
    if isinstance(reason, NameResolutionError):
        return "the host name could not be resolved (check the URL)"
    if isinstance(reason, NewConnectionError):
        return "the connection was refused (is the site up, and the port right?)"
    if isinstance(exc, requests.ConnectionError):
        return "the connection was dropped"
    return type(exc).__name__


class Transport:
    """Owns the ``requests.Session``, timeouts, retries and error mapping."""

    def __init__(self, config: MoodleConfig, *, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=1, pool_maxsize=config.pool_size)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self.session = session
        self.session.headers["User-Agent"] = f"lms-bridge/{__version__}"
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"Transport(url={self.config.url!r})"

    def close(self) -> None:
        self.session.close()

    def call(self, wsfunction: str, fields: Fields, *, read_only: bool) -> Any:
        """POST one web-service call and return its decoded JSON result."""
        body: list[tuple[str, str]] = [
            ("wstoken", self.config.token.get_secret_value()),
            ("wsfunction", wsfunction),
            ("moodlewsrestformat", "json"),
            *fields,
        ]
        started = time.monotonic()
        response = self._send(self.config.url + SERVER_PATH, wsfunction, read_only,
                              lambda: {"data": body})
        log.debug("%s (%d fields, %s) -> HTTP %d in %.0f ms", wsfunction, len(fields),
                  "read" if read_only else "write", response.status_code,
                  (time.monotonic() - started) * 1000)
        try:
            return self._decode(response, wsfunction)
        except MoodleError as exc:
            if exc.retry_after is None:
                exc.retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            exc.retryable = _retried_status(response.status_code, read_only)
            raise

    def upload(self, files: Sequence[tuple[str, BinaryIO, str]], *, itemid: int = 0,
               filepath: str = "/") -> Any:
        """Multipart POST to ``webservice/upload.php`` (token in the form, never the URL)."""
        data = {"token": self.config.token.get_secret_value(), "filearea": "draft",
                "itemid": str(itemid), "filepath": filepath}

        def request() -> dict[str, Any]:
            for _name, handle, _type in files:
                handle.seek(0)
            multipart = [(f"file_{i}", (name, handle, ctype))
                         for i, (name, handle, ctype) in enumerate(files, start=1)]
            return {"data": data, "files": multipart}

        response = self._send(self.config.url + UPLOAD_PATH, "webservice/upload.php", False,
                              request)
        return self._decode(response, "webservice/upload.php")

    def download(self, url: str, *, extra: Mapping[str, str] | None = None) -> requests.Response:
        """POST the token to a token-authenticated file URL and return the streamed response.

        Moodle's ``webservice/pluginfile.php`` reads ``token`` with ``required_param``, which
        accepts POST as well as GET, so the token stays out of the URL and out of logs.
        """
        if not url.startswith(self.config.url + "/"):
            raise MoodleError(f"refusing to send the token to a URL outside {self.config.url}")
        data = {"token": self.config.token.get_secret_value(), **(extra or {})}
        response = self._send(url, "download", True, lambda: {"data": data, "stream": True})
        ctype = response.headers.get("Content-Type", "")
        if response.status_code != 200 or "json" in ctype or ctype.startswith("text/html"):
            self._decode(response, "download")
            raise UnexpectedResponse(
                f"Moodle answered HTTP {response.status_code} ({ctype or 'no type'}) instead of "
                "the file: check that the service allows file downloads and the URL is right",
                wsfunction="download", http_status=response.status_code)
        return response

    def _send(self, url: str, what: str, read_only: bool,
              build: Callable[[], dict[str, Any]]) -> requests.Response:
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.session.post(url, timeout=self.config.timeout,
                                             allow_redirects=False, **build())
                if _retried_status(response.status_code, read_only):
                    raise _RetryableStatus(response)
                return response
            except _RetryableStatus as retry:
                if attempt > self.config.retries:
                    return retry.response
                delay = retry_delay(
                    retry_after_seconds(retry.response.headers.get("Retry-After")),
                    backoff=self.config.backoff, attempt=attempt,
                    max_retry_after=self.config.max_retry_after)
                if delay is None:
                    return retry.response
                reason = f"HTTP {retry.response.status_code}"
            except requests.exceptions.SSLError:
                raise MoodleConnectionError(
                    f"the TLS certificate of {self.config.url} could not be verified; fix the "
                    "site's certificate, or point REQUESTS_CA_BUNDLE at your organisation's CA "
                    "bundle", wsfunction=what) from None
            except requests.RequestException as exc:
                safe = read_only or failed_before_sending(exc)
                if not safe or attempt > self.config.retries:
                    raise self._connection_error(exc, what, read_only) from None
                delay, reason = backoff_delay(self.config.backoff, attempt), type(exc).__name__
            log.info("%s: %s, retrying in %.1f s (attempt %d of %d)", what, reason, delay,
                     attempt + 1, self.config.retries + 1)
            self._sleep(delay)

    def _connection_error(self, exc: requests.RequestException, what: str,
                          read_only: bool) -> MoodleError:
        text = f"the connection to {self.config.url} failed: {_describe(exc, self.config)}"
        if not read_only and not failed_before_sending(exc):
            text += ("; the change may or may not have been applied in Moodle, so it was not "
                     "retried: re-run to check and complete it")
            return WriteOutcomeUnknown(text, wsfunction=what)
        error = MoodleConnectionError(text, wsfunction=what)
        error.retryable = True
        return error

    def _decode(self, response: requests.Response, wsfunction: str) -> Any:
        status = response.status_code
        text = response.text
        if status == 403 and not text.strip():
            raise WebServicesDisabled("Moodle answered 403 Forbidden: web services or the REST "
                                      "protocol are disabled on this site",
                                      wsfunction=wsfunction, http_status=403)
        if status == 503:
            raise Maintenance("the site is in maintenance mode (HTTP 503)",
                              retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                              wsfunction=wsfunction, http_status=503)
        if status == 429:
            raise MoodleConnectionError(
                "Moodle (or a proxy in front of it) is limiting the request rate (HTTP 429); "
                "try again later or with fewer parallel requests", wsfunction=wsfunction,
                http_status=429)
        if 300 <= status < 400:
            raise UnexpectedResponse(
                f"Moodle redirected to {response.headers.get('Location', '?')}: check the site "
                "URL (https, www, sub-folder)", wsfunction=wsfunction, http_status=status)
        try:
            body = json.loads(text) if text.strip() else None
        except ValueError:
            raise self._not_json(text, status, wsfunction) from None
        if isinstance(body, str) and body.lstrip().startswith("{"):
            with contextlib.suppress(ValueError):  # upload.php errors: JSON inside a string
                body = json.loads(body)
        if isinstance(body, dict) and is_error_body(body):
            error = error_from_body(body, wsfunction)
            error.http_status = status  # tells a PHP error in a 200 answer from a 5xx
            raise error
        if status >= 400:
            raise MoodleServerError(f"Moodle answered HTTP {status}", wsfunction=wsfunction,
                                    http_status=status)
        return body

    def _not_json(self, text: str, status: int, wsfunction: str) -> MoodleError:
        stripped = text.lstrip()
        if stripped.startswith("<?xml") or stripped.startswith("<EXCEPTION"):
            try:
                root = ET.fromstring(stripped.encode("utf-8"))
            except ET.ParseError:
                root = None
            if root is not None and root.tag == "EXCEPTION":
                return error_from_body({
                    "exception": root.get("class"),
                    "errorcode": root.findtext("ERRORCODE"),
                    "message": root.findtext("MESSAGE"),
                    "debuginfo": root.findtext("DEBUGINFO"),
                }, wsfunction)
            return UnexpectedResponse("Moodle answered XML instead of JSON",
                                      wsfunction=wsfunction, http_status=status)
        if stripped[:1] == "<":
            return UnexpectedResponse(
                f"Moodle answered an HTML page (HTTP {status}) instead of JSON: check that the URL "
                "is the Moodle site root and that no login page, proxy or PHP error is in the way",
                wsfunction=wsfunction, http_status=status)
        return UnexpectedResponse(f"Moodle answered something that is not JSON (HTTP {status})",
                                  wsfunction=wsfunction, http_status=status)
