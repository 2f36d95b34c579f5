"""``lms-bridge preview``: the package in an emulated LMS, with the live CMI beside it."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lms_bridge.cli.main import cli
from lms_bridge.exceptions import InputError
from lms_bridge.preview import PreviewServer, open_package
from tests.player.learner import Learner
from tests.player.packages import PLAYER_DATA, STANDARDS
from tests.validate.conftest import PACKAGES as PACKAGES_DIR
from tests.validate.conftest import edited_package, zip_folder


def _zip(site: Path, standard: str, built: Any, tmp_path: Path) -> Path:
    built("player-mini", standard)
    folder = site / "pkg" / f"player-mini-{standard}"
    archive = tmp_path / f"player-mini-{standard}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
        zf.write(PLAYER_DATA / "player-mini" / "manifests" / f"{standard}.xml", "imsmanifest.xml")
    return archive


@pytest.mark.browser
@pytest.mark.parametrize("standard", STANDARDS)
def test_preview_runs_the_package_and_shows_the_cmi(
    page: Any, site: Path, built: Any, tmp_path: Path, standard: str
) -> None:
    package = open_package(_zip(site, standard, built, tmp_path))
    assert package.standard == standard
    server = PreviewServer(package, port=0).start()
    try:
        page.goto(server.url)
        page.wait_for_function("window.previewRuntime && document.getElementById('pv-sco')"
                               ".contentWindow.LB && document.getElementById('pv-sco')"
                               ".contentWindow.LB.player")
        assert page.inner_text("#pv-sco-list") .startswith("Introduction")
        learner = Learner(page, server.url, built("player-mini", standard)[0])
        learner.frame = page.query_selector("#pv-sco").content_frame()
        assert learner.frame.query_selector("#lb-nolms") is None
        learner.run_through(right=True)
        status = "cmi.core.lesson_status" if standard == "scorm12" else "cmi.success_status"
        page.wait_for_function(
            f"document.getElementById('pv-cmi').innerText.includes('{status}\\tpassed')")
        assert page.query_selector("#pv-log .error") is None, page.inner_text("#pv-log")
        page.click("#pv-sco-list button")  # relaunch: the SCO resumes from the saved data
        page.wait_for_function("document.getElementById('pv-log').innerText.includes('Terminate')")
        entry = "cmi.core.entry" if standard == "scorm12" else "cmi.entry"
        page.wait_for_function(f"window.previewRuntime.cmi['{entry}'] === ''")
        assert page.errors == []
    finally:
        server.close()
    assert not package.root.exists()


def test_preview_rejects_what_is_not_a_package(tmp_path: Path) -> None:
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match=r"course folder or a \.zip"):
        open_package(not_zip)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK not really")
    with pytest.raises(InputError, match="not a zip file"):
        open_package(broken)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("index.html", "<p>hi</p>")
    with pytest.raises(InputError, match=r"no imsmanifest\.xml"):
        open_package(empty)
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../outside.txt", "x")
    with pytest.raises(InputError, match="unsafe path"):
        open_package(evil)


def test_preview_refuses_a_package_too_large_to_unpack(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from lms_bridge.scorm.validate import archive

    monkeypatch.setattr(archive, "DEFAULT_LIMITS", archive.Limits(max_total_uncompressed=1000))
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", "<manifest/>")
        zf.writestr("index.html", "0" * 5000)
    with pytest.raises(InputError, match="too large to preview"):
        open_package(bomb)


@pytest.mark.parametrize(("case", "reason"), [
    ("encrypted-entry", "an encrypted entry"), ("symlink-entry", "a symbolic link"),
    ("duplicate-entry", "a duplicate entry"), ("zip-bomb-ratio", "too large to preview"),
    ("corrupt-entry", "a damaged entry"),
])
def test_preview_refuses_hostile_zips_without_a_traceback(
    case: str, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validator's archive reader decides what may be unpacked; nothing is left behind."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(InputError, match=reason):
        open_package(PACKAGES_DIR / f"{case}.zip")
    assert list(tmp_path.iterdir()) == []


def test_a_sco_is_what_validate_and_moodle_call_one(tmp_path: Path) -> None:
    """scormtype="SCO" is an asset to Moodle (and CP-SCORMTYPE-VALUE to validate), not a SCO."""
    folder = edited_package(tmp_path, "valid-scorm12", 'scormtype="sco"', 'scormtype="SCO"')
    with pytest.raises(InputError, match="lists no SCO"):
        open_package(zip_folder(folder, tmp_path / "upper.zip"))
    package = open_package(zip_folder(PACKAGES_DIR / "valid-scorm12", tmp_path / "ok.zip"))
    try:
        assert [(s.id, s.href) for s in package.scos] == [("ITEM1", "index.html")]
    finally:
        package.close()


def test_preview_serves_nothing_outside_its_folders(site: Path, built: Any, tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    package = open_package(_zip(site, "scorm12", built, tmp_path))
    server = PreviewServer(package, port=0).start()
    try:
        for path in ("package/../../etc/passwd", "package/%2e%2e/%2e%2e/etc/passwd", "etc/passwd"):
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(server.url + path)
        with urllib.request.urlopen(server.url + "package/imsmanifest.xml") as answer:
            assert b"<manifest" in answer.read()
        rebound = urllib.request.Request(server.url + "package/imsmanifest.xml",
                                         headers={"Host": "attacker.example:8765"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebound)
        assert refused.value.code == 403
    finally:
        server.close()


def test_url_paths_map_inside_the_folder_only(tmp_path: Path) -> None:
    from lms_bridge.preview.server import _inside

    root = tmp_path / "package"
    root.mkdir()
    (root / "..notes.html").write_text("x")
    assert _inside(root, "..notes.html") == (root / "..notes.html").resolve()
    assert _inside(root, "a/../index.html") == (root / "index.html").resolve()
    for escape in ("..", "../x", "%2e%2e/x", "a/../../x", "x\x00"):
        assert _inside(root, escape) is None, escape


def test_cli_reports_a_bad_source_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    shutil.copyfile(__file__, bad)
    result = CliRunner().invoke(cli, ["preview", str(bad), "--no-browser", "--port", "0"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)  # main() prints these without a traceback
    assert "not a zip file" in str(result.exception)


def test_a_course_folder_is_built_with_every_language() -> None:
    from lms_bridge.course.loader import load_course
    from tests.player.packages import EXAMPLES

    folder = EXAMPLES / "law-on-local-self-government"
    course = load_course(folder)
    package = open_package(folder, "scorm2004")
    try:
        assert package.standard == "scorm2004"
        assert len(package.scos) == len(course.module_ids)
        # seeded as cmi.completion_threshold, so Terminate keeps "incomplete" as Moodle would
        assert {s.completion_threshold for s in package.scos} == {"1.0"}
        first = (package.root / package.scos[0].href).read_text(encoding="utf-8")
        assert all(f'"{lang}":' in first for lang in course.languages)  # the picker's content
    finally:
        package.close()
    assert not package.root.exists()


@pytest.mark.browser
def test_preview_resumes_a_suspended_sco(page: Any, site: Path, built: Any, tmp_path: Path) -> None:
    package = open_package(_zip(site, "scorm12", built, tmp_path))
    server = PreviewServer(package, port=0).start()
    ready = ("window.previewRuntime && document.getElementById('pv-sco').contentWindow.LB"
             " && document.getElementById('pv-sco').contentWindow.LB.player")
    try:
        page.goto(server.url)
        page.wait_for_function(ready)
        learner = Learner(page, server.url, built("player-mini", "scorm12")[0])
        learner.frame = page.query_selector("#pv-sco").content_frame()
        learner.next()
        page.click("#pv-sco-list button")
        page.wait_for_function("window.previewRuntime.cmi['cmi.core.entry'] === 'resume'")
        page.wait_for_function(ready)
        frame = page.query_selector("#pv-sco").content_frame()
        frame.wait_for_function("LB.player.current === 1")
        assert "incomplete" in page.inner_text("#pv-sco-list")
    finally:
        server.close()


def test_a_taken_port_is_a_clear_error(site: Path, built: Any, tmp_path: Path) -> None:
    import socket

    from lms_bridge.preview.package import PreviewError

    package = open_package(_zip(site, "scorm12", built, tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(PreviewError, match=r"cannot listen on 127\.0\.0\.1:\d+"):
            PreviewServer(package, port=taken.getsockname()[1])
    package.close()


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_cli_serves_until_interrupted(site: Path, built: Any, tmp_path: Path, stop: str) -> None:
    """Ctrl+C, or a ``kill`` from a script or service manager, stops the server and removes
    the unpacked package."""
    import json
    import os
    import re
    import signal
    import subprocess
    import sys
    import urllib.request

    archive = _zip(site, "scorm12", built, tmp_path)
    temp = tmp_path / "temp"
    temp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lms_bridge.cli.main", "preview", str(archive), "--no-browser",
         "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(temp)})
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline(), proc.stdout.readline()]
        url = re.search(r"http://127\.0\.0\.1:\d+/", lines[1])
        assert url, lines
        with urllib.request.urlopen(url.group(0) + "_preview/config.json") as answer:
            config = json.load(answer)
        assert config["standard"] == "scorm12" and config["scos"][0]["href"] == "intro/index.html"
        assert list(temp.iterdir())
        proc.send_signal(getattr(signal, stop))
        out, _ = proc.communicate(timeout=10)
        assert "Stopped." in out and proc.returncode == 0
        assert list(temp.iterdir()) == []
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.browser
def test_preview_runtime_refuses_what_moodle_refuses(page: Any, site: Path, built: Any,
                                                     tmp_path: Path) -> None:
    package = open_package(_zip(site, "scorm12", built, tmp_path))
    server = PreviewServer(package, port=0).start()
    try:
        page.goto(server.url)
        page.wait_for_function("window.previewRuntime && window.previewRuntime.isRunning()")
        refused = page.evaluate("""() => {
          const api = window.API, out = {};
          const tries = {
            "cmi.core.session_time": "PT5M", "cmi.core.score.raw": "1000",
            "cmi.core.lesson_status": "done", "cmi.suspend_data": "x".repeat(4097),
            "cmi.core.student_name": "me", "cmi.interactions.0.id": "bad id"
          };
          for (const [k, v] of Object.entries(tries)) {
            out[k] = [api.LMSSetValue(k, v), api.LMSGetLastError()];
          }
          out.good = [api.LMSSetValue("cmi.suspend_data", "x".repeat(4096)), api.LMSGetLastError()];
          return out;
        }""")
        assert refused.pop("good") == ["true", "0"]
        assert refused == {
            "cmi.core.session_time": ["false", "405"], "cmi.core.score.raw": ["false", "405"],
            "cmi.core.lesson_status": ["false", "405"], "cmi.suspend_data": ["false", "405"],
            "cmi.core.student_name": ["false", "403"], "cmi.interactions.0.id": ["false", "405"],
        }
        page.wait_for_selector("#pv-log .error")
    finally:
        server.close()
