from __future__ import annotations

import pytest

from lms_bridge.course.models import Course
from lms_bridge.exceptions import BuildError
from lms_bridge.scorm.layout import media_targets, plan_scos
from lms_bridge.scorm.player_data import build_player_data, media_rewriter


def test_media_links_are_rewritten_relative_to_the_sco_page(course: Course) -> None:
    module = course.modules["sq"][0]
    rewrite = media_rewriter(module, media_targets(course))
    assert rewrite("../media/udhëzues.pdf#page=2") == "../media/udh%C3%ABzues.pdf#page=2"
    assert rewrite("../media/%D1%81%D1%85%D0%B5%D0%BC%D0%B0.png") == (
        "../media/%D1%81%D1%85%D0%B5%D0%BC%D0%B0.png")
    assert rewrite("https://example.org/a.png") == "https://example.org/a.png"
    assert rewrite("#top") == "#top"
    assert rewrite("../media/not-in-course.png") == "../media/not-in-course.png"


def test_player_data_has_every_language_and_effective_pass_score(course: Course) -> None:
    sco = plan_scos(course, course.sco_mode)[1]
    data = build_player_data(course, sco, standard="scorm2004", languages=["bg", "sq"],
                             media=media_targets(course))
    assert (data["default_lang"], data["languages"], data["sco_id"]) == ("bg", ["bg", "sq"],
                                                                         "financat")
    assert data["settings"] == {"completion": "all_pages_and_quiz", "max_attempts": 2}
    bg = data["content"]["bg"]
    assert bg["sco_title"] == "Местни финанси"
    assert [p["id"] for p in bg["pages"]] == ["buxheti", "kontroll"]
    quiz = bg["pages"][1]["quiz"]
    assert quiz["pass_score"] == 70
    question = quiz["questions"][0]
    assert "<strong>бюджета</strong>" in question["prompt_html"]
    assert [a["id"] for a in question["answers"]] == ["a", "b"]
    assert data["content"]["sq"]["pages"][0]["module_id"] == "financat"


def test_single_sco_carries_all_modules_pages(course: Course) -> None:
    [sco] = plan_scos(course, course.sco_mode.SINGLE)
    data = build_player_data(course, sco, standard="scorm12", languages=["sq"],
                             media=media_targets(course))
    pages = data["content"]["sq"]["pages"]
    assert [(p["module_id"], p["id"]) for p in pages] == [
        ("hyrje", "cfare"), ("hyrje", "udhezues"), ("financat", "buxheti"),
        ("financat", "kontroll")]
    assert data["content"]["sq"]["sco_title"] == course.title["sq"]
    assert 'src="../media/hart%C3%AB-bashkis%C3%AB.png"' in pages[0]["html"]


def test_media_outside_the_media_folder_are_packaged_beneath_it(course: Course) -> None:
    moved = course.model_copy(update={"media": [*course.media, "handouts/plan.pdf"]})
    targets = media_targets(moved)
    assert targets["handouts/plan.pdf"] == "media/handouts/plan.pdf"
    assert targets["media/схема.png"] == "media/схема.png"
    rewrite = media_rewriter(moved.modules["sq"][0], targets)
    assert rewrite("../handouts/plan.pdf?v=2") == "../media/handouts/plan.pdf?v=2"


def test_two_media_files_packaged_on_one_path_are_refused(course: Course) -> None:
    clash = course.model_copy(update={"media": ["images/a.png", "media/images/a.png"]})
    with pytest.raises(BuildError, match=r"would both be packaged as 'media/images/a\.png'"):
        media_targets(clash)


def test_a_module_built_in_code_links_from_its_usual_file(course: Course) -> None:
    module = course.modules["bg"][0].model_copy(update={"source": None})
    assert module.file == "modules/hyrje.bg.md"
    rewrite = media_rewriter(module, media_targets(course))
    assert rewrite("../media/схема.png") == "../media/%D1%81%D1%85%D0%B5%D0%BC%D0%B0.png"
