"""Compiled templates are kept between builds, safely, and never served stale."""

from __future__ import annotations

import errno
import marshal
import pickle
import shutil
import zipfile
from pathlib import Path

import jinja2
import pytest
from jinja2.bccache import Bucket, bc_magic

from lms_bridge.resources import scorm_templates_dir
from lms_bridge.scorm import render
from lms_bridge.scorm.build import build_package
from lms_bridge.scorm.render import make_environment, template_cache
from tests.scorm.courses import DATA, unicode_course


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def _page(package: Path) -> str:
    with zipfile.ZipFile(package) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist()
                       if name.startswith("sco/"))


def test_a_build_stores_the_compiled_templates_in_a_private_folder(cache_home: Path,
                                                                   tmp_path: Path) -> None:
    build_package(unicode_course(), output=tmp_path / "a.zip")
    folder = cache_home / "lms-bridge" / "templates"
    assert sorted(p.suffix for p in folder.iterdir()) == [".jinja"] * 3  # page, manifest, LOM
    assert folder.stat().st_mode & 0o777 == 0o700


def test_cached_and_fresh_builds_are_byte_identical(cache_home: Path, tmp_path: Path) -> None:
    build_package(unicode_course(), output=tmp_path / "cold.zip")
    build_package(unicode_course(), output=tmp_path / "warm.zip")
    assert (tmp_path / "cold.zip").read_bytes() == (tmp_path / "warm.zip").read_bytes()


def test_an_edited_course_template_is_compiled_again(cache_home: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DATA / "override-templates", templates)
    build_package(unicode_course(template_dir=templates), output=tmp_path / "one.zip")
    page = templates / "sco.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace(
        'data-override="course-template"', 'data-override="edited"'), encoding="utf-8")
    build_package(unicode_course(template_dir=templates), output=tmp_path / "two.zip")
    assert 'data-override="course-template"' in _page(tmp_path / "one.zip")
    assert 'data-override="edited"' in _page(tmp_path / "two.zip")


def test_a_folder_others_can_write_to_is_not_used(cache_home: Path) -> None:
    folder = cache_home / "lms-bridge" / "templates"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert template_cache() is None
    env = make_environment(None)
    env.get_template("sco.html.j2")
    assert list(folder.iterdir()) == []


def test_a_cache_home_that_is_a_file_builds_without_a_cache(cache_home: Path,
                                                            tmp_path: Path) -> None:
    cache_home.write_text("not a folder", encoding="utf-8")
    assert template_cache() is None
    assert build_package(unicode_course(), output=tmp_path / "a.zip").path.is_file()


def _poison(folder: Path) -> None:
    """Replace the cached code of the page template by code that writes POISON, keeping the
    source's checksum: what code compiled by another Jinja or lms-bridge release looks like."""
    env = jinja2.Environment()
    page = str(scorm_templates_dir() / "sco.html.j2")
    key = jinja2.FileSystemBytecodeCache().get_cache_key("sco.html.j2", page)
    files = list(folder.glob(f"{key}-*.jinja"))
    assert len(files) == 1
    for file in files:
        with file.open("rb") as handle:
            assert handle.read(len(bc_magic)) == bc_magic
            checksum = pickle.load(handle)
        code = env.compile("POISON", file.name, str(file))
        file.write_bytes(bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(code))


@pytest.mark.parametrize("upgrade", ["jinja", "lms-bridge", "options"])
def test_code_compiled_by_another_release_or_setting_is_not_run(
        cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, upgrade: str) -> None:
    build_package(unicode_course(), output=tmp_path / "first.zip")
    _poison(cache_home / "lms-bridge" / "templates")
    build_package(unicode_course(), output=tmp_path / "same.zip")
    assert "POISON" in _page(tmp_path / "same.zip"), "the poisoned cache is what a build reads"
    if upgrade == "jinja":
        monkeypatch.setattr(jinja2, "__version__", "99.0.0")
    elif upgrade == "lms-bridge":
        monkeypatch.setattr(render, "__version__", "99.0.0")
    else:
        monkeypatch.setitem(render.COMPILE_OPTIONS, "keep_trailing_newline", False)
    build_package(unicode_course(), output=tmp_path / "upgraded.zip")
    assert "POISON" not in _page(tmp_path / "upgraded.zip")


def test_a_cache_that_cannot_be_written_costs_a_compile_not_the_build(
        cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(self: jinja2.FileSystemBytecodeCache, bucket: Bucket) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "dump_bytecode", disk_full)
    build_package(unicode_course(), output=tmp_path / "full.zip")
    monkeypatch.undo()
    build_package(unicode_course(), output=tmp_path / "cached.zip")
    assert (tmp_path / "full.zip").read_bytes() == (tmp_path / "cached.zip").read_bytes()
