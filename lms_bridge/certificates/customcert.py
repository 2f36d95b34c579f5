"""Certificates a Moodle site issued itself with mod_customcert, copied into the register.

``mod_customcert_list_issues`` (plugin v4.4.7+ / v5.0.1+, needs
``mod/customcert:viewallcertificates`` in the system context) lists the issues. The PDFs are
made on the fly by Moodle, so they are fetched from ``mod/customcert/mobile/pluginfile.php``,
with the token POSTed (never in the URL) when the service allows file downloads, or else
base64-embedded with ``includepdf=1``, one learner at a time to keep answers small.
Each issue gets an lms-bridge code (so the published site and ``verify`` cover it) and keeps
Moodle's own code as its external code; pulling again adds only new issues.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from lms_bridge.certificates.codes import SigningKey
from lms_bridge.certificates.issue import check_output, fresh_code, pdf_name
from lms_bridge.certificates.models import Certificate, CourseInfo
from lms_bridge.certificates.registry import Registry, now_utc
from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.files import write_atomic
from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.readonly import mark_read_only

LIST_ISSUES = "mod_customcert_list_issues"
DOWNLOAD_PATH = "/mod/customcert/mobile/pluginfile.php"
PAGE = 100
mark_read_only(LIST_ISSUES)


class CustomcertUnavailable(LmsBridgeError):
    """The site cannot list mod_customcert issues for this token."""


@dataclass(frozen=True)
class Issue:
    id: int
    customcertid: int
    code: str
    timecreated: int
    userid: int
    username: str
    fullname: str


@dataclass
class PullResult:
    added: list[Certificate] = field(default_factory=list)
    known: int = 0
    activities: int = 0


def require_list_issues(moodle: MoodleClient) -> None:
    if not moodle.has_function(LIST_ISSUES):
        raise CustomcertUnavailable(
            f"this site offers no {LIST_ISSUES} to this token: either mod_customcert is older "
            "than v4.4.7 (Moodle 4.4/4.5) / v5.0.1 (Moodle 5.0), or the function is not in the "
            "token's external service. Update the plugin or add the function to the service; "
            "the token's user also needs mod/customcert:viewallcertificates (system context).")


def customcert_ids(moodle: MoodleClient, course_id: int) -> list[int]:
    sections = moodle.courses.contents(course_id, modname="customcert", excludecontents=True)
    return sorted({m.instance for s in sections for m in s.modules if m.modname == "customcert"})


def list_issues(moodle: MoodleClient, customcertid: int) -> list[Issue]:
    """Every issue of one activity, paging with ``limit``/``offset``."""
    issues: dict[int, Issue] = {}
    offset = 0
    while True:
        page = moodle.call(LIST_ISSUES, customcertid=customcertid, limit=PAGE, offset=offset)
        for row in page or []:
            issue = parse_issue(row)
            issues[issue.id] = issue
        if not page or len(page) < PAGE:
            break
        offset += PAGE
    return sorted(issues.values(), key=lambda i: (i.timecreated, i.id))


def parse_issue(row: dict[str, Any]) -> Issue:
    data, user = row["issue"], row["user"]
    return Issue(id=int(data["id"]), customcertid=int(data["customcertid"]), code=data["code"],
                 timecreated=int(data["timecreated"]), userid=int(user["id"]),
                 username=user.get("username") or f"user{user['id']}",
                 fullname=user.get("fullname") or "")


def fetch_pdf(moodle: MoodleClient, issue: Issue) -> bytes:
    """The issue's PDF, by token download when the service allows it, else ``includepdf``."""
    if moodle.site_info().downloadfiles:
        response = moodle.transport.download(
            moodle.config.url + DOWNLOAD_PATH,
            extra={"certificateid": str(issue.customcertid), "userid": str(issue.userid)})
        try:
            data: bytes = response.content
        finally:
            response.close()
    else:
        rows = moodle.call(LIST_ISSUES, customcertid=issue.customcertid, userid=issue.userid,
                           includepdf=True, limit=PAGE)
        content = next((r.get("pdf", {}).get("content") for r in rows or []
                        if int(r["issue"]["id"]) == issue.id), None)
        data = base64.b64decode(content) if content else b""
    if not data.startswith(b"%PDF"):
        raise LmsBridgeError(f"Moodle sent no PDF for the certificate {issue.code} of "
                             f"{issue.username}")
    return data


def pull_certificates(moodle: MoodleClient, course: CourseInfo, *, registry: Registry,
                      key_loader: Callable[[], SigningKey], out_dir: Path) -> PullResult:
    """Copy the course's mod_customcert issues (and PDFs) into ``registry``."""
    require_list_issues(moodle)
    result = PullResult()
    ids = customcert_ids(moodle, int(course.id))
    result.activities = len(ids)
    issues = [issue for cid in ids for issue in list_issues(moodle, cid)]
    new = [i for i in issues if registry.find_external(i.code) is None]
    result.known = len(issues) - len(new)
    if not new:
        return result
    key = key_loader()
    check_output(out_dir)
    for issue in new:
        pdf = fetch_pdf(moodle, issue)
        cert = Certificate(
            code=fresh_code(registry, key), username=issue.username, fullname=issue.fullname,
            course_id=course.id, course_title=course.title, lang=course.lang, hours=course.hours,
            completed_on=datetime.fromtimestamp(issue.timecreated).date(), issued_at=now_utc(),
            source="customcert", external_code=issue.code)
        path = out_dir / pdf_name(cert)
        write_atomic(path, pdf)
        cert = replace(cert, pdf_path=str(path.resolve()),
                       pdf_sha256=hashlib.sha256(pdf).hexdigest())
        registry.add(cert)
        result.added.append(cert)
    return result
