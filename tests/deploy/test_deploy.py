"""``deploy_package`` against the fake Moodle with the companion plugin."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from lms_bridge.deploy import DeployError, DeployOptions, PluginMissingError, deploy_package
from lms_bridge.deploy.options import parse_completion
from lms_bridge.exceptions import InputError
from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.errors import MoodleError
from lms_bridge.moodle.lmsbridge_plugin import DEPLOY_SCORM, PLUGIN_FUNCTIONS
from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.plugin_fake import PluginState

UPLOAD = "webservice/upload.php"


def _sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def _moodle_sha1(fake: FakeMoodle, cmid: int) -> str:
    return next(s.sha1hash for s in fake.state.scorms.values() if s.cmid == cmid)


def test_first_deploy_creates_the_activity(fake: FakeMoodle, plugin: PluginState,
                                           moodle: MoodleClient, package_v1: Path,
                                           options: DeployOptions) -> None:
    report = deploy_package(moodle, package_v1, options)
    assert (report.action, report.uploaded, report.revision) == ("created", True, 1)
    assert report.sha1 == _sha1(package_v1) == _moodle_sha1(fake, report.cmid)
    assert plugin.idnumbers[report.cmid] == report.idnumber
    assert report.url == f"{fake.url}/mod/scorm/view.php?id={report.cmid}"
    call = fake.calls_to(DEPLOY_SCORM)[0].params
    assert call["courseid"] == "7" and call["section"] == "1"
    assert call["completionstatusrequired"] == "6"


def test_a_missing_section_is_refused_and_nothing_is_created(
        fake: FakeMoodle, plugin: PluginState, moodle: MoodleClient, package_v1: Path,
        options: DeployOptions) -> None:
    with pytest.raises(MoodleError) as caught:
        deploy_package(moodle, package_v1, replace(options, section=9))
    assert caught.value.errorcode == "sectionmissing"
    assert "no section 9; its last section is 4" in str(caught.value)
    assert fake.state.scorms == {} and plugin.idnumbers == {}


def test_unchanged_redeploy_uploads_and_writes_nothing(
        fake: FakeMoodle, plugin: PluginState, moodle: MoodleClient, package_v1: Path,
        options: DeployOptions) -> None:
    first = deploy_package(moodle, package_v1, options)
    fake.reset_calls()
    again = deploy_package(moodle, package_v1, options)
    assert (again.action, again.cmid, again.revision) == ("unchanged", first.cmid, 1)
    assert fake.calls_to(UPLOAD) == []
    assert fake.writes == []


def test_changed_package_updates_the_same_activity(
        fake: FakeMoodle, plugin: PluginState, moodle: MoodleClient, package_v1: Path,
        package_v2: Path, options: DeployOptions) -> None:
    first = deploy_package(moodle, package_v1, options)
    second = deploy_package(moodle, package_v2, options)
    assert (second.action, second.cmid, second.revision) == ("updated", first.cmid, 2)
    assert second.sha1 == _sha1(package_v2) == _moodle_sha1(fake, first.cmid) != first.sha1
    assert len([s for s in fake.state.scorms.values() if s.course == 7]) == 1
    activity = next(a for a in moodle.scorm.by_courses([7]) if a.coursemodule == first.cmid)
    assert activity.packageurl is not None
    assert moodle.files.read(activity.packageurl) == package_v2.read_bytes()


def test_settings_change_alone_sends_no_package(
        fake: FakeMoodle, plugin: PluginState, moodle: MoodleClient, package_v1: Path,
        options: DeployOptions) -> None:
    first = deploy_package(moodle, package_v1, options)
    fake.reset_calls()
    changed = replace(options, name="Renamed", max_attempts=3,
                      completion=parse_completion("score:80"))
    report = deploy_package(moodle, package_v1, changed)
    assert (report.action, report.cmid, report.revision) == ("updated", first.cmid, 1)
    assert fake.calls_to(UPLOAD) == []
    params = fake.calls_to(DEPLOY_SCORM)[0].params
    assert params["draftitemid"] == "0" and params["maxattempt"] == "3"
    assert (params["completionstatusrequired"], params["completionscorerequired"]) == ("0", "80")


def test_sha1_mismatch_after_deploy_is_an_error(
        fake: FakeMoodle, plugin: PluginState, moodle: MoodleClient, package_v1: Path,
        options: DeployOptions) -> None:
    original = fake.functions[DEPLOY_SCORM]

    def corrupting(site: FakeMoodle, params: dict[str, Any]) -> Any:
        answer = original.handler(site, params)
        site.state.scorms[answer["scormid"]].sha1hash = "0" * 40
        return answer

    fake.register_function(DEPLOY_SCORM, corrupting, original.params)
    with pytest.raises(DeployError, match=r"different package.*its SHA-1 is 0000"):
        deploy_package(moodle, package_v1, options)


def test_without_the_plugin_says_what_to_install_and_sends_nothing(
        fake: FakeMoodle, moodle: MoodleClient, package_v1: Path,
        options: DeployOptions) -> None:
    fake.remove_functions(PLUGIN_FUNCTIONS)
    with pytest.raises(PluginMissingError) as caught:
        deploy_package(moodle, package_v1, options)
    message = str(caught.value)
    for expected in ("lms-bridge moodle plugin-zip", "Install plugins", '"lms_bridge" service',
                     "Add an activity > SCORM package", 'ID number to "lms-bridge:'):
        assert expected in message
    assert fake.writes == []


def test_missing_course_stops_before_any_write(
        fake: FakeMoodle, plugin: PluginState, moodle: MoodleClient, package_v1: Path) -> None:
    with pytest.raises(DeployError, match="no course with the short name 'NOPE'"):
        deploy_package(moodle, package_v1, DeployOptions(course="NOPE"))
    assert fake.writes == []


def test_invalid_package_is_refused_before_moodle_is_asked(
        fake: FakeMoodle, plugin: PluginState, moodle: MoodleClient, tmp_path: Path,
        options: DeployOptions) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError):
        deploy_package(moodle, broken, options)
    assert fake.calls == []


def test_explicit_idnumber_keeps_packages_apart(
        fake: FakeMoodle, plugin: PluginState, moodle: MoodleClient, package_v1: Path,
        options: DeployOptions) -> None:
    sq = deploy_package(moodle, package_v1, replace(options, idnumber="lab-sq"))
    en = deploy_package(moodle, package_v1, replace(options, idnumber="lab-en"))
    assert sq.cmid != en.cmid and sq.action == en.action == "created"


def test_service_without_uploads_is_explained_before_any_write(
        fake: FakeMoodle, plugin: PluginState, moodle: MoodleClient, package_v1: Path,
        options: DeployOptions) -> None:
    fake.uploadfiles = False
    with pytest.raises(DeployError, match='enable "Can upload files"'):
        deploy_package(moodle, package_v1, options)
    assert fake.writes == []
