"""A seeded in-memory Moodle site for trying the examples without a real one: ``demo_site()``.

Evaluating ``examples/nightly_sync.py`` or ``examples/monthly_report.py`` (or running them in
CI) should not need a Moodle URL and token, yet a demo that runs different code proves nothing.
So this is the project's :class:`FakeMoodle` (same web-service functions, same validation),
seeded with what the repository's own material describes: the three courses of
``course_packages/``, the Albanian municipalities of ``examples/rosters/participants_cp1250.csv``
plus Kosovar and Bulgarian ones, and about forty learners in every state a coordinator meets.

Times are placed relative to ``today`` so that "last month" always has completions: ``done``
learners completed last month, ``earlier`` ones before it (the monthly report leaves them out).
Six people of the example roster already have accounts here, some with outdated fields, so the
nightly sync of that roster creates, updates and enrols. Everything else comes from
``random.Random(seed)``: the same seed and day give the same site.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from lms_bridge.testing.fake import FakeMoodle
from lms_bridge.testing.state import Scorm, User

DEMO_URL = "https://moodle.demo.invalid"
DEMO_SITENAME = "Demo training institute (in memory)"
DEMO_SEED = 2026
STUDENT, EDITING_TEACHER = 5, 3
DAY = 86_400
#: a lesson scored below this is "completed", not "passed"
MASTERY_SCORE = 70


@dataclass(frozen=True)
class DemoCourse:
    shortname: str
    fullname: str
    lessons: tuple[str, ...]


#: keyed as in :data:`PEOPLE`; short names are the ``id`` of each ``course_packages/*`` course
COURSES: dict[str, DemoCourse] = {
    "law": DemoCourse("law-on-local-self-government", "The law on local self-government", (
        "Foundations of local self-government", "The bodies of the municipality",
        "Functions, finance and accountability")),
    "citizens": DemoCourse("communicating-with-citizens", "Communicating with citizens", (
        "Plain language", "Requests, complaints and information",
        "Public consultation, social media and accessibility")),
    "eufunds": DemoCourse("eu-funds-project-design", "Designing projects for EU funds", (
        "The project cycle and problem analysis", "The logical framework",
        "Budget, programmes and common mistakes")),
}
DEMO_COURSES: tuple[str, ...] = tuple(c.shortname for c in COURSES.values())


@dataclass(frozen=True)
class Institution:
    cohort: str
    name: str
    city: str
    domain: str
    idprefix: str
    lang: str
    #: False: the cohort does not exist yet (the example roster's sync creates it)
    on_site: bool = True


INSTITUTIONS: dict[str, Institution] = {i.cohort: i for i in (
    Institution("bashkia-tirane", "Bashkia Tiranë", "Tiranë", "bashkiatirane.example", "TR", "sq"),
    Institution("bashkia-durres", "Bashkia Durrës", "Durrës", "bashkiadurres.example", "DR", "sq"),
    Institution("bashkia-shkoder", "Bashkia Shkodër", "Shkodër", "bashkiashkoder.example", "SH",
                "sq"),
    Institution("bashkia-korce", "Bashkia Korçë", "Korçë", "bashkiakorce.example", "KO", "sq"),
    Institution("bashkia-gjirokaster", "Bashkia Gjirokastër", "Gjirokastër",
                "bashkiagjirokaster.example", "GJ", "sq"),
    Institution("bashkia-elbasan", "Bashkia Elbasan", "Elbasan", "bashkiaelbasan.example", "EL",
                "sq"),
    Institution("bashkia-vlore", "Bashkia Vlorë", "Vlorë", "bashkiavlore.example", "VL", "sq"),
    Institution("bashkia-fier", "Bashkia Fier", "Fier", "bashkiafier.example", "FI", "sq"),
    Institution("bashkia-berat", "Bashkia Berat", "Berat", "bashkiaberat.example", "BE", "sq"),
    Institution("bashkia-kukes", "Bashkia Kukës", "Kukës", "bashkiakukes.example", "KU", "sq",
                on_site=False),
    Institution("bashkia-lezhe", "Bashkia Lezhë", "Lezhë", "bashkialezhe.example", "LE", "sq",
                on_site=False),
    Institution("komuna-prishtine", "Komuna e Prishtinës", "Prishtinë", "kk-prishtine.example",
                "PR", "sq"),
    Institution("komuna-prizren", "Komuna e Prizrenit", "Prizren", "kk-prizren.example", "PZ",
                "sq"),
    Institution("komuna-peje", "Komuna e Pejës", "Pejë", "kk-peje.example", "PE", "sq"),
    Institution("obshtina-plovdiv", "Община Пловдив", "Пловдив", "plovdiv.example", "PD", "bg"),
    Institution("stolichna-obshtina", "Столична община", "София", "sofia.example", "SO", "bg"),
    Institution("obshtina-varna", "Община Варна", "Варна", "varna.example", "VN", "bg"),
)}

#: How a learner stands in a course. ``done``: completed last month; ``earlier``: completed
#: before last month; ``started``: part of the lessons; ``failed``: lessons done, final test
#: failed; ``opened``: visited last month, nothing started; ``suspended``: like ``started``,
#: enrolment suspended; ``teacher``: editing teacher (not a learner).
STATES = ("done", "earlier", "started", "failed", "opened", "suspended", "teacher")

#: username, first name, last name, cohort (and institution), department, ID number ("" makes
#: one up), "course=state ...". The first six are in the example roster, with its values.
PEOPLE: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("ardita.hoxha", "Ardita", "Hoxha", "bashkia-tirane", "Drejtoria e Financës", "TR-0141",
     "law=done"),
    ("besnik.cela", "Besnik", "Çela", "bashkia-tirane", "Zyra e Shërbimit ndaj Qytetarit",
     "TR-0287", "citizens=started"),
    ("elona.dervishi", "Elona", "Dervishi", "bashkia-durres", "Drejtoria Juridike", "DR-0032",
     "law=failed"),
    ("gjergj.marku", "Gjergj", "Marku", "bashkia-shkoder", "Planifikimi Urban", "SH-0110",
     "law=teacher"),
    ("teuta.berisha", "Teuta", "Berisha", "bashkia-fier", "Drejtoria e Financës", "FI-0150",
     "law=done"),
    ("klodian.rama", "Klodian", "Rama", "bashkia-berat", "Zyra e Kryetarit", "BE-0044",
     "law=opened citizens=done"),
    ("anila.permeti", "Anila", "Përmeti", "bashkia-tirane", "Drejtoria e Financës", "",
     "law=done citizens=done"),
    ("arben.coku", "Arbën", "Çoku", "bashkia-tirane", "Drejtoria e Tatimeve Vendore", "",
     "law=started"),
    ("blerina.xhafa", "Blerina", "Xhafa", "bashkia-durres", "Zyra e Shërbimit ndaj Qytetarit",
     "", "citizens=done"),
    ("fatjon.dushku", "Fatjon", "Dushku", "bashkia-durres", "Planifikimi Urban", "",
     "law=earlier citizens=started"),
    ("jonida.cani", "Jonida", "Çani", "bashkia-shkoder", "Burimet Njerëzore", "",
     "law=done"),
    ("sokol.bregu", "Sokol", "Bregu", "bashkia-korce", "Shërbimet Publike", "",
     "law=opened"),
    ("lindita.mehilli", "Lindita", "Mëhilli", "bashkia-korce", "Zhvillimi Ekonomik", "",
     "eufunds=done"),
    ("ermal.kerci", "Ermal", "Kërçi", "bashkia-elbasan", "Drejtoria Juridike", "",
     "law=suspended"),
    ("eriselda.gjoka", "Eriselda", "Gjoka", "bashkia-vlore", "Turizmi dhe Mjedisi", "",
     "citizens=done eufunds=started"),
    ("florian.hasani", "Florian", "Hasani", "bashkia-fier", "Shërbimet Sociale", "",
     "citizens=failed"),
    ("entela.doci", "Entela", "Doçi", "bashkia-gjirokaster", "Trashëgimia Kulturore", "",
     "eufunds=earlier"),
    ("alban.zeneli", "Alban", "Zeneli", "bashkia-berat", "Drejtoria e Financës", "",
     "law=done"),
    ("vjosa.berisha", "Vjosa", "Berisha", "komuna-prishtine", "Drejtoria për Administratë", "",
     "citizens=done"),
    ("blerim.gashi", "Blerim", "Gashi", "komuna-prishtine", "Zyra për Informim", "",
     "citizens=started"),
    ("drilon.morina", "Drilon", "Morina", "komuna-prishtine", "Drejtoria e Urbanizmit", "",
     "citizens=earlier"),
    ("egzona.hoti", "Egzona", "Hoti", "komuna-prizren", "Zyra për Komunitete", "",
     "citizens=done"),
    ("fitore.rexhepi", "Fitore", "Rexhepi", "komuna-prizren", "Drejtoria e Arsimit", "",
     "citizens=opened"),
    ("kushtrim.thaci", "Kushtrim", "Thaçi", "komuna-prizren", "Drejtoria e Financave", "",
     "citizens=done eufunds=opened"),
    ("liridona.bytyci", "Liridona", "Bytyçi", "komuna-peje", "Zyra për Informim", "",
     "citizens=started"),
    ("mimoza.kastrati", "Mimoza", "Kastrati", "komuna-peje", "Drejtoria e Shëndetësisë", "",
     "citizens=failed"),
    ("shpetim.zeqiri", "Shpëtim", "Zeqiri", "komuna-peje", "Drejtoria e Kulturës", "",
     "citizens=done"),
    ("qendresa.maloku", "Qëndresa", "Maloku", "komuna-prishtine", "Zyra Ligjore", "",
     "citizens=suspended"),
    ("ivan.petrov", "Иван", "Петров", "obshtina-plovdiv", "Дирекция „Европейски проекти“", "",
     "eufunds=done"),
    ("maria.georgieva", "Мария", "Георгиева", "obshtina-plovdiv", "Дирекция „Финанси“", "",
     "eufunds=started"),
    ("georgi.dimitrov", "Георги", "Димитров", "obshtina-plovdiv", "Отдел „Образование“", "",
     "eufunds=earlier"),
    ("elena.stoyanova", "Елена", "Стоянова", "stolichna-obshtina",
     "Дирекция „Европейски проекти“", "", "eufunds=done"),
    ("nikolay.ivanov", "Николай", "Иванов", "stolichna-obshtina", "Дирекция „Транспорт“", "",
     "eufunds=failed"),
    ("desislava.koleva", "Десислава", "Колева", "stolichna-obshtina",
     "Дирекция „Социални дейности“", "", "eufunds=done"),
    ("stefan.todorov", "Стефан", "Тодоров", "obshtina-varna", "Дирекция „Устройство на "
     "територията“", "", "eufunds=opened"),
    ("radostina.ilieva", "Радостина", "Илиева", "obshtina-varna", "Отдел „Култура“", "",
     "eufunds=done"),
    ("petya.nikolova", "Петя", "Николова", "obshtina-varna", "Дирекция „Финанси“", "",
     "eufunds=started"),
    ("hristo.angelov", "Христо", "Ангелов", "obshtina-plovdiv", "Дирекция „Екология“", "",
     "eufunds=done"),
    ("svetlana.marinova", "Светлана", "Маринова", "stolichna-obshtina",
     "Дирекция „Европейски проекти“", "", "eufunds=teacher"),
    ("ilir.kola", "Ilir", "Kola", "bashkia-vlore", "Zyra e Shërbimit ndaj Qytetarit", "",
     "citizens=done law=started"),
)

#: where the site is behind the example roster, so that its sync has accounts to update
OUTDATED: dict[str, dict[str, str]] = {
    "ardita.hoxha": {"department": "Drejtoria e Buxhetit"},
    "elona.dervishi": {"idnumber": ""},
    "klodian.rama": {"city": ""},
}
#: not in their municipality's cohort yet (the sync adds them)
NOT_YET_MEMBERS = frozenset({"teuta.berisha"})


@contextmanager
def demo_site(*, today: date | None = None, seed: int = DEMO_SEED) -> Iterator[FakeMoodle]:
    """A started, seeded :class:`FakeMoodle`; ``site.client()`` gives a ``MoodleClient``.

    No network, no latency: requests to :data:`DEMO_URL` are answered in memory while the
    context is open.
    """
    fake = FakeMoodle(DEMO_URL, sitename=DEMO_SITENAME)
    seed_demo(fake, today=today or datetime.now(timezone.utc).date(), seed=seed)
    with fake:
        yield fake


def month_bounds(today: date) -> tuple[int, int]:
    """Unix times of the first instants of last month and of this month (UTC)."""
    this = datetime(today.year, today.month, 1, tzinfo=timezone.utc)
    previous = (this - timedelta(days=1)).replace(day=1)
    return int(previous.timestamp()), int(this.timestamp())


def seed_demo(fake: FakeMoodle, *, today: date, seed: int = DEMO_SEED) -> None:
    """Put the demo courses, cohorts, people and their progress into ``fake``."""
    rng = random.Random(seed)
    month = month_bounds(today)
    activities = {key: _add_course(fake, course) for key, course in COURSES.items()}
    cohorts = {i.cohort: fake.add_cohort(i.cohort, i.name)
               for i in INSTITUTIONS.values() if i.on_site}
    for number, (username, first, last, cohort, department, idnumber, plan) in enumerate(
            PEOPLE, start=1):
        home = INSTITUTIONS[cohort]
        user = fake.add_user(
            username, firstname=first, lastname=last, email=f"{username}@{home.domain}",
            institution=home.name, department=department, city=home.city, lang=home.lang,
            idnumber=idnumber or f"{home.idprefix}-{number * 37:04d}")
        for name, value in OUTDATED.get(username, {}).items():
            setattr(user, name, value)
        if username not in NOT_YET_MEMBERS:
            cohorts[cohort].members.append(user.id)
        for item in plan.split():
            key, state = item.split("=")
            _seed_progress(fake, rng, user, activities[key], state, month)


@dataclass(frozen=True)
class _Activities:
    course: int
    scorm: Scorm
    quiz: int


def _add_course(fake: FakeMoodle, course: DemoCourse) -> _Activities:
    record = fake.add_course(course.shortname, course.fullname)
    scorm = fake.add_scorm(record, course.fullname, scoes=course.lessons)
    quiz = fake.add_module(record, "quiz", "Final test")
    fake.set_completion_criteria(record, [scorm.cmid, quiz.id])
    return _Activities(record.id, scorm, quiz.id)


def _seed_progress(fake: FakeMoodle, rng: random.Random, user: User, course: _Activities,
                   state: str, month: tuple[int, int]) -> None:
    if state not in STATES:
        raise ValueError(f"unknown demo state {state!r} for {user.username}")
    start, end = month
    if state == "teacher":
        fake.enrol(user, course.course, roleid=EDITING_TEACHER)
        return
    when = start + rng.randrange(0, (end - start) // DAY) * DAY + rng.randrange(8, 18) * 3600
    if state == "earlier":
        when = start - rng.randrange(20, 75) * DAY
    enrolment = fake.enrol(user, course.course, roleid=STUDENT, suspended=state == "suspended")
    enrolment.lastaccess = when
    user.lastaccess = max(user.lastaccess, when)
    lessons = [sco for sco in course.scorm.scoes if sco.launch]
    finished = {"done": len(lessons), "earlier": len(lessons), "failed": len(lessons),
                "started": 1, "suspended": 1, "opened": 0}[state]
    scores = []
    for index, sco in enumerate(lessons):
        if index < finished:
            score = rng.randrange(45, 101)
            scores.append(score)
            status = "passed" if score >= MASTERY_SCORE else "completed"
            fake.set_scorm_track(user, sco, {"cmi.core.lesson_status": status,
                                             "cmi.core.score.raw": str(score)})
        elif index == finished and state in ("started", "suspended"):
            fake.set_scorm_track(user, sco, {"cmi.core.lesson_status": "incomplete"})
    if finished == len(lessons):
        lessons_done = when - rng.randrange(1, 6) * 3600
        passed = all(score >= MASTERY_SCORE for score in scores)
        fake.set_completion(user, course.scorm, 2 if passed else 1, timecompleted=lessons_done)
        fake.set_grade(user, course.scorm, round(sum(scores) / len(scores), 1))
        test = rng.randrange(35, 56) if state == "failed" else rng.randrange(70, 101)
        fake.set_completion(user, course.quiz, 3 if state == "failed" else 2, timecompleted=when)
        fake.set_grade(user, course.quiz, float(test))
