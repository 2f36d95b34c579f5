"""``FakeMoodle``: a stateful in-memory Moodle behind ``responses`` callbacks.

It answers the project's web-service functions with Moodle's own validation and error shapes
(HTTP 200 error bodies, ``invalidtoken``, ``accessexception`` for functions outside the service,
all-or-nothing batches), logs every call, can add latency and inject faults, and lets other
code register more functions.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import requests
import responses
from pydantic import SecretStr

from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.config import MoodleConfig
from lms_bridge.moodle.readonly import is_read_only
from lms_bridge.testing.errors import FakeMoodleException
from lms_bridge.testing.faults import Fault, FaultPlan
from lms_bridge.testing.params import Spec, form_pairs, split_form, validate
from lms_bridge.testing.seed import SeedMixin
from lms_bridge.testing.state import SiteState

Handler = Callable[["FakeMoodle", dict[str, Any]], Any]
Response = tuple[int, dict[str, str], str | bytes]


@dataclass
class FakeFunction:
    name: str
    handler: Handler
    params: Spec | None = None


@dataclass
class Call:
    """One request the fake received. ``params`` are the decoded arguments (no token)."""

    wsfunction: str
    params: dict[str, Any]
    fields: int
    errorcode: str | None = None
    fault: Fault | None = None

    @property
    def ok(self) -> bool:
        return self.errorcode is None and (self.fault is None or self.fault.after)

    @property
    def is_write(self) -> bool:
        return not is_read_only(self.wsfunction)


class FakeMoodle(SeedMixin):
    """Use as ``with FakeMoodle() as fake: client = fake.client()`` or the ``fake_moodle``
    pytest fixture. ``release`` "4.5+" or later namespaces exception classes like Moodle does;
    pass it here, because parameter schemas that differ by release are chosen at construction.
    """

    def __init__(self, url: str = "https://moodle.example.org", token: str = "fake-token", *,
                 release: str = "4.5+ (Build: 20241205)", version: str = "2024100700.09",
                 sitename: str = "Fake Moodle", latency: float = 0.0, debugging: bool = False,
                 faults: FaultPlan | None = None) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.release = release
        self.version = version
        self.sitename = sitename
        self.latency = latency
        self.debugging = debugging
        self.faults = faults
        self.state = SiteState()
        self.functions: dict[str, FakeFunction] = {}
        #: functions the token's service allows; ``None`` means every registered function
        self.service_functions: set[str] | None = None
        self.webservices_enabled = True
        self.maintenance = False
        self.uploadfiles = True
        self.downloadfiles = True
        self.allow_accounts_same_email = False
        self.admin_id = 2
        self.calls: list[Call] = []
        self.requests_seen: list[requests.PreparedRequest] = []
        self._lock = threading.RLock()
        self._mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        self._started = False
        from lms_bridge.testing.handlers import register_all

        register_all(self)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeMoodle:
        if not self._started:
            base = re.escape(self.url)
            self._mock.add_callback(responses.POST, self.url + "/webservice/rest/server.php",
                                    callback=self._rest)
            self._mock.add_callback(responses.POST, self.url + "/webservice/upload.php",
                                    callback=self._upload)
            for method in (responses.GET, responses.POST):
                pattern = re.compile(base + r"/webservice/pluginfile\.php/.*")
                self._mock.add_callback(method, pattern, callback=self._pluginfile)
            self._mock.start()
            self._started = True
        return self

    def stop(self) -> None:
        if self._started:
            self._mock.stop()
            self._mock.reset()
            self._started = False

    def __enter__(self) -> FakeMoodle:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def config(self, **overrides: Any) -> MoodleConfig:
        values: dict[str, Any] = {"url": self.url, "token": SecretStr(self.token), "backoff": 0.0}
        values.update(overrides)
        return MoodleConfig(**values)

    def client(self, **overrides: Any) -> MoodleClient:
        return MoodleClient(self.config(**overrides))

    @property
    def responses_mock(self) -> responses.RequestsMock:
        """The active ``responses`` mock, to answer other URLs in the same test (only one
        mock intercepts requests at a time, so use this instead of a second one)."""
        return self._mock

    def add_passthrough(self, prefix: str) -> None:
        """Let requests to ``prefix`` reach the real network (e.g. a local test server)."""
        self._mock.add_passthru(prefix)

    # -- extension -------------------------------------------------------------------------
    def register_function(self, name: str, handler: Handler, params: Spec | None = None) -> None:
        """Add or replace a web-service function. ``params`` (see :mod:`.params`) are
        validated like Moodle does before ``handler(fake, params)`` runs; without them the
        handler gets the decoded form as nested dicts of strings."""
        self.functions[name] = FakeFunction(name, handler, params)

    def remove_functions(self, names: Iterable[str]) -> None:
        """Make functions unknown to the site (an older Moodle, a missing plugin)."""
        for name in names:
            self.functions.pop(name, None)

    # -- call log helpers ----------------------------------------------------------------
    def calls_to(self, wsfunction: str) -> list[Call]:
        return [c for c in self.calls if c.wsfunction == wsfunction]

    @property
    def writes(self) -> list[Call]:
        return [c for c in self.calls if c.is_write]

    def reset_calls(self) -> None:
        with self._lock:
            self.calls.clear()

    def release_at_least(self, major: int, minor: int) -> bool:
        """Whether the simulated Moodle release is ``major.minor`` or later."""
        match = re.match(r"(\d+)\.(\d+)", self.release)
        if match is None:
            return True
        return (int(match.group(1)), int(match.group(2))) >= (major, minor)

    @property
    def namespaced(self) -> bool:
        """Moodle 4.5 moved core exceptions into ``core\\exception``."""
        return self.release_at_least(4, 5)

    # -- HTTP callbacks --------------------------------------------------------------------
    def _rest(self, request: requests.PreparedRequest) -> Response:
        self.requests_seen.append(request)
        if self.latency:
            time.sleep(self.latency)
        if not self.webservices_enabled:
            return 403, {}, ""
        if self.maintenance:
            return (503, {"Retry-After": "300", "Content-Type": "text/html"},
                    "<html><body><h1>Site is undergoing maintenance</h1></body></html>")
        pairs = form_pairs(request.body)
        reserved, args = split_form(pairs)
        query = dict(parse_qsl(urlsplit(request.url or "").query))
        reserved = {**query, **reserved}
        name = reserved.get("wsfunction", "")
        fault = self.faults.draw(name) if self.faults else None
        call = Call(name, _listify(args), fields=len(pairs), fault=fault)
        if fault is not None and not fault.after:
            with self._lock:
                self.calls.append(call)
            return _fail(fault)
        with self._lock:
            try:
                body: Any = self._dispatch(reserved, args)
            except FakeMoodleException as exc:
                call.errorcode = exc.errorcode or exc.exception
                body = exc.body(namespaced=self.namespaced, debugging=self.debugging)
            self.calls.append(call)
        if fault is not None:
            return _fail(fault)
        if reserved.get("moodlewsrestformat") != "json":
            return 200, {"Content-Type": "application/xml"}, "<?xml version=\"1.0\"?><RESPONSE/>"
        return 200, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(body)

    def _dispatch(self, reserved: dict[str, str], args: dict[str, Any]) -> Any:
        name = reserved.get("wsfunction", "")
        if reserved.get("wstoken") != self.token:
            raise FakeMoodleException("invalidtoken", "Invalid token - token not found")
        function = self.functions.get(name)
        if function is None:
            if self.namespaced and not self.release.startswith("4."):
                raise FakeMoodleException("invalidrecordunknown",
                                          "Can't find data record in database.",
                                          exception="dml_missing_record_exception")
            raise FakeMoodleException(
                "invalidrecord", "Can't find data record in database table external_functions.",
                exception="dml_missing_record_exception")
        if self.service_functions is not None and name not in self.service_functions \
                and name != "core_webservice_get_site_info":
            raise FakeMoodleException(
                "accessexception", "Access control exception",
                exception="webservice_access_exception",
                debuginfo=f"Access to the function {name}() is not allowed.")
        params = validate(function.params, args) if function.params is not None else args
        return function.handler(self, params)

    def _upload(self, request: requests.PreparedRequest) -> Response:
        from lms_bridge.testing.handlers.files import handle_upload

        self.requests_seen.append(request)
        if self.latency:
            time.sleep(self.latency)
        with self._lock:
            status, body = handle_upload(self, request)
            self.calls.append(Call("webservice/upload.php", {}, 0,
                                   None if status == 200 and isinstance(body, list) else "error"))
        return status, {"Content-Type": "text/plain; charset=utf-8"}, json.dumps(body)

    def _pluginfile(self, request: requests.PreparedRequest) -> Response:
        self.requests_seen.append(request)
        parts = urlsplit(request.url or "")
        values = {**dict(parse_qsl(parts.query)), **dict(parse_qsl(_text(request.body)))}
        path = unquote(parts.path.split("/webservice/pluginfile.php/", 1)[1])
        with self._lock:
            self.calls.append(Call("webservice/pluginfile.php", {"path": path}, 0))
            if values.get("token") != self.token:
                body = FakeMoodleException("invalidtoken", "Invalid token - token not found")
                return 200, {"Content-Type": "application/json"}, json.dumps(
                    body.body(namespaced=self.namespaced, debugging=False))
            content = self.state.files.get(path)
        if content is None or not self.downloadfiles:
            return 404, {"Content-Type": "text/html"}, "<html>Sorry, the requested file could " \
                                                       "not be found</html>"
        return 200, {"Content-Type": "application/octet-stream"}, content


def _listify(value: Any) -> Any:
    """``{"0": a, "1": b}`` -> ``[a, b]``, recursively, so the call log reads naturally."""
    if isinstance(value, dict):
        items = {k: _listify(v) for k, v in value.items()}
        if items and list(items) == [str(i) for i in range(len(items))]:
            return list(items.values())
        return items
    return value


def _text(body: str | bytes | None) -> str:
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace")
    return body or ""


def _fail(fault: Fault) -> Response:
    exc = fault.exception()
    if exc is not None:
        raise exc
    return 500, {"Content-Type": "text/html"}, "<html><body>Internal Server Error</body></html>"
