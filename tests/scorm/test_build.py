from __future__ import annotations

import json
import posixpath
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree

from lms_bridge.course.models import Course
from lms_bridge.exceptions import BuildError, InputError
from lms_bridge.scorm import build as build_module
from lms_bridge.scorm.build import build_each_language, build_package, default_output_name
from lms_bridge.scorm.validate.findings import Finding
from tests.scorm.courses import DATA, UNICODE_COURSE, unicode_course
from tests.scorm.xsd import xsd_root


def test_course_template_overrides_the_built_in_one(out: Path) -> None:
    course = unicode_course(template_dir=DATA / "override-templates")
    with zipfile.ZipFile(build_package(course, output=out / "p.zip").path) as archive:
        page = archive.read("sco/hyrje.html").decode()
        extra = archive.read("player/extra.js")
        names = archive.namelist()
    assert 'data-override="course-template"' in page
    assert extra == (DATA / "override-templates" / "player" / "extra.js").read_bytes()
    assert "player/player.js" in names


def test_undefined_template_variable_is_a_readable_error_and_writes_nothing(out: Path) -> None:
    course = unicode_course(template_dir=DATA / "broken-template")
    with pytest.raises(BuildError, match=r"sco\.html\.j2:3: 'no_such_variable' is undefined"):
        build_package(course, output=out / "p.zip")
    assert list(out.iterdir()) == []


def test_missing_media_is_reported_and_nothing_is_written(course: Course, tmp_path: Path) -> None:
    broken = course.model_copy(update={"media": [*course.media, "media/gone.png"]})
    with pytest.raises(InputError, match=r"media/gone\.png: media file not found"):
        build_package(broken, output=tmp_path / "new" / "dir" / "p.zip")
    assert list(tmp_path.iterdir()) == []


def test_package_with_validation_errors_is_refused(
    course: Course, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = Finding(rule_id="CP-HREF", severity="error", file="imsmanifest.xml", line=3,
                    message="file not found", fix="add it")
    report = SimpleNamespace(errors=[error], warnings=[], findings=[error])
    monkeypatch.setattr("lms_bridge.scorm.validate.validate_package",
                        lambda *args, **kwargs: report)
    with pytest.raises(BuildError, match=r"imsmanifest.xml:3: \[CP-HREF\] file not found"):
        build_package(course, output=out / "p.zip")
    assert list(out.iterdir()) == []


def test_built_package_passes_the_validator_without_findings(course: Course, out: Path) -> None:
    from lms_bridge.scorm.validate import validate_package

    for standard in ("scorm12", "scorm2004"):
        result = build_package(course, output=out / f"{standard}.zip", standard=standard,
                               languages=["sq", "bg"])
        report = validate_package(result.path)
        assert (report.errors, report.warnings, result.warnings) == ([], [], ())


def test_unknown_language_is_refused(course: Course, out: Path) -> None:
    with pytest.raises(BuildError, match="no language 'en'; its languages are sq, bg"):
        build_package(course, output=out / "p.zip", languages="en")


def test_all_languages_package_has_a_picker_and_default_language(course: Course,
                                                                 out: Path) -> None:
    result = build_package(course, output=out / "p.zip", languages=course.languages)
    assert result.languages == ("sq", "bg")
    assert (result.scos, result.pages, result.questions) == (2, 4, 2)
    with zipfile.ZipFile(result.path) as archive:
        page = archive.read("sco/financat.html").decode()
    data = json.loads(page.split('id="lb-data">')[1].split("</script>")[0])
    assert data["languages"] == ["sq", "bg"] and data["default_lang"] == "sq"
    assert data["content"]["bg"]["sco_title"] == "Местни финанси"
    assert "Местни финанси" in page


def test_split_languages_writes_one_package_per_language(course: Course, tmp_path: Path) -> None:
    results = build_each_language(course, output_dir=tmp_path / "pkgs", standard="scorm2004")
    assert [r.path.name for r in results] == [
        "vetqeverisja-test-sq-scorm2004.zip", "vetqeverisja-test-bg-scorm2004.zip"]
    assert sorted(p.name for p in (tmp_path / "pkgs").iterdir()) == sorted(
        r.path.name for r in results)


def test_split_languages_writes_none_when_one_fails(
    course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = build_module._validate
    calls: list[Path] = []

    def fail_second(path: Path, schemas_dir: Path | None) -> tuple[str, ...]:
        calls.append(path)
        if len(calls) == 2:
            raise BuildError("boom")
        return real(path, schemas_dir)

    monkeypatch.setattr(build_module, "_validate", fail_second)
    with pytest.raises(BuildError, match="boom"):
        build_each_language(course, output_dir=tmp_path / "pkgs")
    assert not (tmp_path / "pkgs").exists()


def test_default_output_name(course: Course) -> None:
    assert default_output_name(course, "scorm12", ["bg"]) == "vetqeverisja-test-bg-scorm12.zip"
    assert default_output_name(course, "scorm2004", ["sq", "bg"]) == (
        "vetqeverisja-test-multi-scorm2004.zip")
    assert default_output_name(course, "scorm12", "bg") == "vetqeverisja-test-bg-scorm12.zip"
    assert default_output_name(course, "scorm12") == "vetqeverisja-test-sq-scorm12.zip"
    with pytest.raises(BuildError, match="no language 'en'"):
        default_output_name(course, "scorm12", "en")


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_schemas_are_included_only_when_given(course: Course, out: Path, standard: str) -> None:
    plain = build_package(course, output=out / "a.zip", standard=standard)
    with_xsd = build_package(course, output=out / "b.zip", standard=standard,
                             schemas_dir=xsd_root())
    with zipfile.ZipFile(plain.path) as archive:
        assert not [n for n in archive.namelist() if n.endswith((".xsd", ".dtd"))]
        assert b"schemaLocation" not in archive.read("imsmanifest.xml")
    with zipfile.ZipFile(with_xsd.path) as archive:
        root = etree.fromstring(archive.read("imsmanifest.xml"))
        location = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") or ""
        referenced = location.split()[1::2]
        assert referenced and all(name in archive.namelist() for name in referenced)
        subdir = "scorm12" if standard == "scorm12" else "scorm2004-4th"
        for name in referenced:
            assert archive.read(name) == (xsd_root() / subdir / name).read_bytes()


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_included_schemas_bring_every_schema_they_include(course: Course, out: Path,
                                                          standard: str) -> None:
    result = build_package(course, output=out / "p.zip", standard=standard,
                           schemas_dir=xsd_root())
    xs = "{http://www.w3.org/2001/XMLSchema}"
    missing = []
    with zipfile.ZipFile(result.path) as archive:
        names = set(archive.namelist())
        schemas = sorted(n for n in names if n.endswith(".xsd"))
        for name in schemas:
            # recover: SCORM 1.2's ims_xml.xsd binds the default namespace to the XML one
            root = etree.fromstring(archive.read(name), etree.XMLParser(recover=True))
            for ref in root.iter(f"{xs}include", f"{xs}import", f"{xs}redefine"):
                location = ref.get("schemaLocation") or ""
                if location and "://" not in location:
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), location))
                    if target not in names:
                        missing.append(f"{name} -> {location}")
    assert len(schemas) > 3 and missing == []


def test_schema_folder_missing_files_is_refused(course: Course, tmp_path: Path) -> None:
    (tmp_path / "xsd").mkdir()
    with pytest.raises(InputError, match=r"imscp_rootv1p1p2\.xsd: file not found"):
        build_package(course, output=tmp_path / "p.zip", schemas_dir=tmp_path / "xsd")
    assert not (tmp_path / "p.zip").exists()


def test_hand_built_course_matches_its_folder() -> None:
    """The builder's tests use a hand-built Course; it must be what the loader reads."""
    from lms_bridge.course.loader import load_course

    def without_sources(value: object) -> object:
        if isinstance(value, dict):
            return {k: without_sources(v) for k, v in value.items() if k != "source"}
        if isinstance(value, list):
            return [without_sources(v) for v in value]
        return value

    loaded = load_course(UNICODE_COURSE).model_dump(mode="json")
    assert without_sources(loaded) == without_sources(unicode_course().model_dump(mode="json"))


def test_unwritable_output_is_a_build_error(course: Course, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(BuildError, match="cannot write"):
        build_package(course, output=blocker / "p.zip")
    with pytest.raises(BuildError, match="is a folder"):
        build_package(course, output=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_package_file_mode_follows_the_umask_not_the_temp_file(course: Course, out: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        result = build_package(course, output=out / "mode.zip")
    finally:
        os.umask(umask)
    assert result.path.stat().st_mode & 0o777 == 0o644
