"""mod_customcert for the fake Moodle, shaped like the recordings in
``moodle-fixtures/{4.5,5.0}/mod_customcert_*.json``.

``install_customcert(fake)`` registers ``mod_customcert_list_issues`` (newest first, ``limit``
capped at 500, ``includepdf`` puts the base64 PDF in ``pdf.content``) and answers the
token-authenticated ``mod/customcert/mobile/pluginfile.php`` download as the plugin's script
does: the token from GET or POST (``required_param``), an ``accessexception`` when the service
does not allow file downloads, an empty answer for a learner without an issue.
Leave ``list_issues=False`` to play a plugin older than v4.4.7 / v5.0.1, which lacks the
function.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import responses

from lms_bridge.testing.errors import FakeMoodleException
from lms_bridge.testing.handlers.common import module_contextid
from lms_bridge.testing.params import Single, Value, default, optional
from lms_bridge.testing.state import Course, Module, User

if TYPE_CHECKING:
    import requests

    from lms_bridge.testing.fake import FakeMoodle

DOWNLOAD = "/mod/customcert/mobile/pluginfile.php"


@dataclass
class CustomcertIssue:
    id: int
    customcertid: int
    userid: int
    code: str
    timecreated: int


@dataclass
class CustomcertState:
    #: customcert instance id -> (course module, template name)
    activities: dict[int, tuple[Module, str]] = field(default_factory=dict)
    issues: list[CustomcertIssue] = field(default_factory=list)
    downloads: list[dict[str, str]] = field(default_factory=list)

    def pdf(self, fake: FakeMoodle, issue: CustomcertIssue) -> bytes:
        user = fake.state.users[issue.userid]
        text = f"Certificate {issue.code} for {user.fullname}".encode("ascii", "replace")
        return b"%PDF-1.7\n% fake mod_customcert certificate\n" + text + b"\n%%EOF\n"


class CustomcertFake:
    """Seed helpers and the state behind the registered handlers."""

    def __init__(self, fake: FakeMoodle) -> None:
        self.fake = fake
        self.state = CustomcertState()

    def add_activity(self, course: Course, name: str = "Certificate") -> Module:
        module = self.fake.add_module(course, "customcert", name, tracking=0)
        self.state.activities[module.instance] = (module, name)
        return module

    def issue(self, user: User, activity: Module, *, code: str | None = None,
              timecreated: int = 1_795_372_830) -> CustomcertIssue:
        issue = CustomcertIssue(id=len(self.state.issues) + 1, customcertid=activity.instance,
                                userid=user.id, code=code or f"Cc{user.id:08d}",
                                timecreated=timecreated)
        self.state.issues.append(issue)
        return issue


def install_customcert(fake: FakeMoodle, *, list_issues: bool = True) -> CustomcertFake:
    plugin = CustomcertFake(fake)
    if list_issues:
        def handler(f: FakeMoodle, params: dict[str, Any]) -> list[dict[str, Any]]:
            return _list_issues(f, plugin, params)

        fake.register_function("mod_customcert_list_issues", handler, Single({
            "timecreatedfrom": optional(Value("int")), "userid": optional(Value("int")),
            "customcertid": optional(Value("int")),
            "includepdf": default(Value("bool"), False),
            "limit": default(Value("int"), 100), "offset": default(Value("int"), 0)}))

    def download(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        return _download(fake, plugin, request)

    pattern = re.compile(re.escape(fake.url + DOWNLOAD) + r"(\?.*)?$")
    for method in (responses.GET, responses.POST):
        fake.responses_mock.add_callback(method, pattern, callback=download)
    return plugin


def _row(fake: FakeMoodle, plugin: CustomcertFake, issue: CustomcertIssue,
         includepdf: bool) -> dict[str, Any]:
    user = fake.state.users[issue.userid]
    module, name = plugin.state.activities[issue.customcertid]
    pdf: dict[str, Any] = {"name": None, "content": None, "haspdf": False}
    if includepdf:
        filename = re.sub(r"\W+", "_", name.lower()) + "_certificate.pdf"
        pdf = {"name": filename, "haspdf": True,
               "content": base64.b64encode(plugin.state.pdf(fake, issue)).decode("ascii")}
    return {
        "issue": {"id": issue.id, "customcertid": issue.customcertid, "code": issue.code,
                  "emailed": False, "timecreated": issue.timecreated},
        "user": {"id": user.id, "fullname": user.fullname, "username": user.username,
                 "email": user.email},
        "template": {"id": issue.customcertid, "name": name,
                     "contextid": module_contextid(module.id)},
        "pdf": pdf,
    }


def _list_issues(fake: FakeMoodle, plugin: CustomcertFake,
                 params: dict[str, Any]) -> list[dict[str, Any]]:
    issues = sorted(plugin.state.issues, key=lambda i: (i.timecreated, i.id), reverse=True)
    for key in ("userid", "customcertid"):
        if params.get(key) is not None:
            issues = [i for i in issues if getattr(i, key) == params[key]]
    if params.get("timecreatedfrom") is not None:
        issues = [i for i in issues if i.timecreated >= params["timecreatedfrom"]]
    limit = max(1, min(int(params["limit"]), 500))
    offset = max(0, int(params["offset"]))
    return [_row(fake, plugin, i, bool(params["includepdf"]))
            for i in issues[offset:offset + limit]]


def _download(fake: FakeMoodle, plugin: CustomcertFake,
              request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
    fake.requests_seen.append(request)
    body = request.body.decode() if isinstance(request.body, bytes) else (request.body or "")
    values = {**dict(parse_qsl(urlsplit(request.url or "").query)), **dict(parse_qsl(body))}
    plugin.state.downloads.append({k: v for k, v in values.items() if k != "token"})
    if values.get("token") != fake.token:
        return _error(fake, FakeMoodleException("invalidtoken", "Invalid token - token not found"))
    if not fake.downloadfiles:
        return _error(fake, FakeMoodleException(
            "accessexception", "Access control exception", exception="webservice_access_exception",
            debuginfo="Web service file downloading must be enabled in external service settings"))
    match = [i for i in plugin.state.issues
             if str(i.customcertid) == values.get("certificateid")
             and str(i.userid) == values.get("userid")]
    if not match:  # the plugin just exit()s for another user without an issue
        return 200, {"Content-Type": "text/html; charset=utf-8"}, b""
    return 200, {"Content-Type": "application/pdf",
                 "Content-Disposition": 'inline; filename="certificate.pdf"'}, \
        plugin.state.pdf(fake, match[0])


def _error(fake: FakeMoodle, error: FakeMoodleException) -> tuple[int, dict[str, str], bytes]:
    """AJAX_SCRIPT: the exception comes back as JSON."""
    return 200, {"Content-Type": "application/json"}, json.dumps(
        error.body(namespaced=fake.namespaced, debugging=fake.debugging)).encode()
