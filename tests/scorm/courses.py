"""Test courses for the builder.

``tests/data/scorm/unicode-course`` is a real course folder (sq + bg, Unicode titles and media
names, a graded quiz). :func:`unicode_course` builds the same :class:`Course` by hand, so the
builder's tests do not depend on the loader.
"""

from __future__ import annotations

from pathlib import Path

from lms_bridge.course.models import (
    Answer,
    Course,
    Module,
    Page,
    Question,
    QuestionType,
    Quiz,
    SourceRef,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "scorm"
UNICODE_COURSE = DATA / "unicode-course"

_TEXT = {
    "sq": {
        "hyrje": "Hyrje në vetëqeverisjen",
        "financat": "Financat vendore",
        "cfare": ("Çfarë është bashkia?", "Bashkia është njësia bazë e qeverisjes vendore.\n\n"
                  "![Harta e bashkisë](../media/hartë-bashkisë.png)"),
        "udhezues": ("Udhëzuesi", "[Shkarko udhëzuesin](../media/udhëzues.pdf)"),
        "buxheti": ("Buxheti", "Këshilli bashkiak miraton buxhetin."),
        "kontroll": ("Kontrolloni njohuritë", "Përgjigjuni pyetjeve."),
        "q1": ("Cili organ miraton **buxhetin**?", "Këshilli bashkiak", "Saktë.", "Kryetari",
               "Kryetari e propozon."),
        "q2": "Kryetari miraton buxhetin.",
    },
    "bg": {
        "hyrje": "Въведение в самоуправлението",
        "financat": "Местни финанси",
        "cfare": ("Какво е община?", "Общината е основната единица на местното управление.\n\n"
                  "![Схема на общината](../media/схема.png)"),
        "udhezues": ("Наръчник", "[Изтеглете наръчника](../media/udhëzues.pdf)"),
        "buxheti": ("Бюджетът", "Общинският съвет приема бюджета."),
        "kontroll": ("Проверете знанията си", "Отговорете на въпросите."),
        "q1": ("Кой орган приема **бюджета**?", "Общинският съвет", "Вярно.", "Кметът",
               "Кметът го предлага."),
        "q2": "Кметът приема бюджета.",
    },
}


def _page(lang: str, page_id: str, file: str, quiz: Quiz | None = None) -> Page:
    title, body = _TEXT[lang][page_id]
    return Page(id=page_id, title=title, body=body, quiz=quiz, source=SourceRef(file=file))


def _quiz(lang: str) -> Quiz:
    prompt, right, right_fb, wrong, wrong_fb = _TEXT[lang]["q1"]
    return Quiz(
        id="kontroll-financa",
        graded=True,
        pass_score=70,
        questions=[
            Question(id="q1", type=QuestionType.SINGLE, prompt=prompt, answers=[
                Answer(id="a", text=right, correct=True, feedback=right_fb),
                Answer(id="b", text=wrong, feedback=wrong_fb),
            ]),
            Question(id="q2", type=QuestionType.TRUE_FALSE, prompt=_TEXT[lang]["q2"],
                     correct=False),
        ],
    )


def _modules(lang: str) -> list[Module]:
    intro = f"modules/hyrje.{lang}.md"
    money = f"modules/financat.{lang}.md"
    return [
        Module(id="hyrje", lang=lang, title=_TEXT[lang]["hyrje"], source=SourceRef(file=intro),
               pages=[_page(lang, "cfare", intro), _page(lang, "udhezues", intro)]),
        Module(id="financat", lang=lang, title=_TEXT[lang]["financat"],
               source=SourceRef(file=money),
               pages=[_page(lang, "buxheti", money),
                      _page(lang, "kontroll", money, quiz=_quiz(lang))]),
    ]


def unicode_course(root: Path = UNICODE_COURSE, template_dir: Path | None = None) -> Course:
    return Course(
        id="vetqeverisja-test",
        version="2.1",
        languages=["sq", "bg"],
        title={"sq": "Ligji për vetëqeverisjen vendore — çështje & përgjigje",
               "bg": "Закон за местното самоуправление"},
        description={"sq": "Një kurs i shkurtër për testimin e paketimit.",
                     "bg": "Кратък курс за проверка на пакетирането."},
        institution={"sq": "Shkolla e Administratës Publike",
                     "bg": "Институт по публична администрация"},
        duration_minutes=45,
        mastery_score=75,
        max_attempts=2,
        module_ids=["hyrje", "financat"],
        modules={"sq": _modules("sq"), "bg": _modules("bg")},
        root=root,
        media=sorted(["media/hartë-bashkisë.png", "media/схема.png", "media/udhëzues.pdf"]),
        template_dir=template_dir,
    )
