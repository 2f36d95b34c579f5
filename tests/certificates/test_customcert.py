"""``certificates pull``: mod_customcert issues into the register, against the fake and the
recorded answer shapes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from lms_bridge.certificates.customcert import (
    CustomcertUnavailable,
    PullResult,
    parse_issue,
    pull_certificates,
)
from lms_bridge.certificates.issue import Status, verify_code
from lms_bridge.certificates.models import CourseInfo
from lms_bridge.certificates.registry import Registry
from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.customcert_fake import CustomcertFake, install_customcert
from tests.certificates.conftest import DATA

FIXTURES = DATA / "recorded"  # copied from moodle-fixtures/{4.5,5.0}/mod_customcert_*
COURSE = CourseInfo(id="2", title="Lab Course 101", lang="en")


@pytest.fixture
def site(fake_moodle: FakeMoodle) -> CustomcertFake:
    course = fake_moodle.add_course("LAB101", "Lab Course 101", id=2)
    plugin = install_customcert(fake_moodle)
    activity = plugin.add_activity(course, "Lab certificate")
    for username, first, last in (("lab.student1", "Zoë", "Françoise"),
                                  ("lab.student2", "Иван", "Петров")):
        user = fake_moodle.add_user(username, firstname=first, lastname=last)
        fake_moodle.enrol(user, course)
        plugin.issue(user, activity)
    return plugin


def _pull(fake: FakeMoodle, registry: Registry, key_file: Path, tmp_path: Path) -> PullResult:
    from lms_bridge.certificates.codes import load_key

    return pull_certificates(fake.client(), COURSE, registry=registry,
                             key_loader=lambda: load_key(key_file), out_dir=tmp_path / "pdf")


def test_pull_downloads_pdfs_with_the_token_in_the_body(site: CustomcertFake,
                                                        fake_moodle: FakeMoodle,
                                                        registry: Registry, key_file: Path,
                                                        tmp_path: Path) -> None:
    result = _pull(fake_moodle, registry, key_file, tmp_path)
    assert sorted(c.fullname for c in result.added) == ["Zoë Françoise", "Иван Петров"]
    stored = registry.find_external(site.state.issues[0].code)
    assert stored is not None and stored.source == "customcert"
    assert Path(stored.pdf_path or "").read_bytes().startswith(b"%PDF")
    assert len(site.state.downloads) == 2
    assert all("token" not in (r.url or "") for r in fake_moodle.requests_seen)
    again = _pull(fake_moodle, registry, key_file, tmp_path)
    assert again.added == [] and again.known == 2 and len(site.state.downloads) == 2


def test_pull_uses_includepdf_when_downloads_are_off(site: CustomcertFake,
                                                     fake_moodle: FakeMoodle,
                                                     registry: Registry, key_file: Path,
                                                     tmp_path: Path) -> None:
    fake_moodle.downloadfiles = False
    result = _pull(fake_moodle, registry, key_file, tmp_path)
    assert len(result.added) == 2 and site.state.downloads == []
    calls = fake_moodle.calls_to("mod_customcert_list_issues")
    assert [c.params.get("includepdf") for c in calls].count("1") == 2


def test_pulled_certificates_verify_by_our_code_and_by_moodle_code(
        site: CustomcertFake, fake_moodle: FakeMoodle, registry: Registry, key_file: Path,
        tmp_path: Path) -> None:
    from lms_bridge.certificates.codes import load_key

    cert = _pull(fake_moodle, registry, key_file, tmp_path).added[0]
    key = load_key(key_file)
    assert verify_code(cert.code, key, registry).status is Status.VALID
    assert verify_code(cert.external_code or "", key, registry).code == cert.code


def test_older_plugin_without_list_issues_is_explained(fake_moodle: FakeMoodle,
                                                       registry: Registry, key_file: Path,
                                                       tmp_path: Path) -> None:
    install_customcert(fake_moodle, list_issues=False)
    with pytest.raises(CustomcertUnavailable, match=r"older than v4\.4\.7"):
        _pull(fake_moodle, registry, key_file, tmp_path)
    assert list(registry.all()) == []


@pytest.mark.parametrize("fixture", ["4.5-list_issues.json",
                                     "5.0-list_issues.includepdf.json"])
def test_recorded_answers_parse(fixture: str) -> None:
    path = FIXTURES / fixture
    rows = json.loads(path.read_text(encoding="utf-8"))["response"]
    issues = [parse_issue(row) for row in rows]
    assert all(i.code and i.username and i.fullname and i.customcertid for i in issues)


def test_fake_answers_have_the_recorded_shape(site: CustomcertFake,
                                              fake_moodle: FakeMoodle) -> None:
    recorded = json.loads((FIXTURES / "4.5-list_issues.includepdf.json")
                          .read_text(encoding="utf-8"))["response"][0]
    answer = fake_moodle.client().call("mod_customcert_list_issues", customcertid=1,
                                       includepdf=True)
    assert {k: set(v) for k, v in answer[0].items()} == {k: set(v) for k, v in recorded.items()}
    assert answer[0]["issue"]["timecreated"] >= answer[-1]["issue"]["timecreated"]


def test_download_refused_by_the_service_is_reported(site: CustomcertFake,
                                                     fake_moodle: FakeMoodle) -> None:
    from lms_bridge.certificates.customcert import Issue, fetch_pdf
    from lms_bridge.moodle.errors import AccessDenied, UnexpectedResponse

    client = fake_moodle.client()
    assert client.site_info().downloadfiles
    fake_moodle.downloadfiles = False  # switched off after the site info was read
    issue = site.state.issues[0]
    parsed = Issue(issue.id, issue.customcertid, issue.code, issue.timecreated, issue.userid,
                   "lab.student1", "Zoë Françoise")
    with pytest.raises(AccessDenied):
        fetch_pdf(client, parsed)
    fake_moodle.downloadfiles = True
    with pytest.raises(UnexpectedResponse):
        fetch_pdf(client, replace(parsed, userid=999))
