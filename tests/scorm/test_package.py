from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lms_bridge.course.models import Course
from lms_bridge.scorm.build import build_package
from lms_bridge.scorm.package import write_zip
from tests.scorm.courses import UNICODE_COURSE


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_two_builds_are_byte_identical(course: Course, tmp_path: Path, standard: str) -> None:
    first = build_package(course, output=tmp_path / "a" / "p.zip", standard=standard,
                          languages=["sq", "bg"])
    second = build_package(course, output=tmp_path / "b" / "p.zip", standard=standard,
                           languages=["sq", "bg"])
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.sha1 == hashlib.sha1(first.path.read_bytes()).hexdigest() == second.sha1


def test_entries_are_sorted_with_fixed_metadata(course: Course, out: Path) -> None:
    with zipfile.ZipFile(build_package(course, output=out / "p.zip").path) as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names) and "imsmanifest.xml" in names
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.extra for i in infos} == {b""}
    assert not any(n.endswith("/") for n in names)


def test_source_date_epoch_sets_the_timestamp(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_zip(tmp_path / "t.zip", {"a.txt": b"x"})
    with zipfile.ZipFile(tmp_path / "t.zip") as archive:
        assert archive.infolist()[0].date_time == (2023, 11, 14, 22, 13, 20)


def test_compressed_media_are_stored_and_text_deflated(tmp_path: Path) -> None:
    write_zip(tmp_path / "t.zip", {"m/a.PNG": b"\x89PNG" * 50, "b.html": b"<p>" * 50})
    with zipfile.ZipFile(tmp_path / "t.zip") as archive:
        kinds = {i.filename: i.compress_type for i in archive.infolist()}
    assert kinds == {"m/a.PNG": zipfile.ZIP_STORED, "b.html": zipfile.ZIP_DEFLATED}


def test_media_and_player_are_copied_byte_for_byte(course: Course, out: Path) -> None:
    player = Path(__file__).resolve().parents[2] / "scorm_templates" / "player"
    with zipfile.ZipFile(build_package(course, output=out / "p.zip").path) as archive:
        for source in course.media:
            assert archive.read(source) == (UNICODE_COURSE / source).read_bytes()
        for asset in sorted(player.rglob("*")):
            if asset.is_file():
                name = f"player/{asset.relative_to(player).as_posix()}"
                assert archive.read(name) == asset.read_bytes()


def test_unicode_file_names_are_utf8_flagged(course: Course, out: Path) -> None:
    with zipfile.ZipFile(build_package(course, output=out / "p.zip").path) as archive:
        info = archive.getinfo("media/схема.png")
    assert info.flag_bits & 0x800


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_manifest_lists_every_file_in_the_package(course: Course, out: Path,
                                                  standard: str) -> None:
    path = build_package(course, output=out / "p.zip", standard=standard).path
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        root = etree.fromstring(archive.read("imsmanifest.xml"))
    listed = {e.get("href") for e in root.iter() if etree.QName(e).localname == "file"}
    assert listed == names - {"imsmanifest.xml"}


def test_sco_pages_get_the_player_contract(course: Course, out: Path) -> None:
    with zipfile.ZipFile(build_package(course, output=out / "p.zip").path) as archive:
        page = archive.read("sco/hyrje.html").decode()
    assert '<html lang="sq">' in page
    assert "<title>Hyrje në vetëqeverisjen</title>" in page
    assert 'href="../player/player.css"' in page
