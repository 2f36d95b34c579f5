"""Media references: found case-exactly, inside the course, as files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lms_bridge.course.loader import load_course
from lms_bridge.course.media import MediaResolver
from tests.course.helpers import edit, problems

PAGE = "modules/hyrje.en.md"


def _only(mini: Path, old: str, new: str) -> str:
    edit(mini / PAGE, old, new)
    [problem] = problems(mini)
    return problem


def test_missing_file(mini: Path) -> None:
    assert _only(mini, "../media/img/Harta.svg", "../media/img/missing.svg") == (
        f"{PAGE}:12: page bashkia: ../media/img/missing.svg: file not found")


def test_case_must_match_exactly(mini: Path) -> None:
    assert _only(mini, "../media/img/Harta.svg", "../media/IMG/harta.svg") == (
        f"{PAGE}:12: page bashkia: ../media/IMG/harta.svg: file not found: there is 'img' — "
        "names are case-sensitive on the server")


def test_paths_may_not_leave_the_course(mini: Path) -> None:
    assert _only(mini, "../media/img/Harta.svg", "../../mini/media/img/Harta.svg") == (
        f"{PAGE}:12: page bashkia: ../../mini/media/img/Harta.svg: points outside the course "
        "folder")


def test_absolute_paths_and_backslashes(mini: Path) -> None:
    edit(mini / PAGE, "../media/img/Harta.svg", "/media/img/Harta.svg")
    edit(mini / PAGE, "(<../media/fletë-palosje.pdf>)", "(<..\\media\\fletë-palosje.pdf>)")
    found = problems(mini)
    assert found[0].startswith(f"{PAGE}:12: page bashkia: /media/img/Harta.svg: absolute paths "
                               "do not work")
    assert found[1] == (f"{PAGE}:23: page hyrje-p2: ..\\media\\fletë-palosje.pdf: use '/' to "
                        "separate folders, not '\\'")


def test_a_folder_is_not_a_file(mini: Path) -> None:
    assert _only(mini, "../media/img/Harta.svg", "../media/img").endswith(
        "../media/img: is a folder, not a file")


def test_media_in_raw_html_and_quiz_texts_are_found(mini: Path) -> None:
    edit(mini / PAGE, "The municipality is", '<img src="../media/img/Harta.svg" alt=""> It is')
    edit(mini / "modules/buxheti.en.md", "prompt: Lidhni.", "prompt: See ![map](../media/x.png)")
    assert problems(mini) == [
        "modules/buxheti.en.md:34: page kontrolli: ../media/x.png: file not found"]


def test_query_and_fragment_are_ignored_and_links_to_pages_are_not_media(mini: Path) -> None:
    edit(mini / PAGE, "(<../media/fletë-palosje.pdf>)", "(<../media/fletë-palosje.pdf#page=2>) "
         "[top](#bashkia) [mail](mailto:info@bashkia.al)")
    assert load_course(mini).media == ["media/fletë-palosje.pdf", "media/img/Harta.svg"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symbolic_link_out_of_the_course_is_refused(mini: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg/>", encoding="utf-8")
    (mini / "media" / "link.svg").symlink_to(secret)
    assert _only(mini, "../media/img/Harta.svg", "../media/link.svg").endswith(
        "points outside the course folder (through a link)")


def test_resolver_reports_external_and_unsafe_schemes(tmp_path: Path) -> None:
    resolver = MediaResolver(tmp_path)
    assert resolver.check("modules", "https://x.org/a.png") == (None, None)
    assert resolver.check("modules", "#top") == (None, None)
    _, message = resolver.check("modules", "file:///etc/passwd")
    assert message == "link 'file:///etc/passwd': the 'file:' scheme is not allowed"


def test_a_typo_in_a_file_name_gets_a_suggestion(mini: Path) -> None:
    assert _only(mini, "../media/img/Harta.svg", "../media/img/Harte.svg").endswith(
        "../media/img/Harte.svg: file not found (did you mean 'Harta.svg'?)")
