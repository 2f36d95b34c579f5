"""Text, dates and numbers of a report in the coordinator's language (sq, en or bg).

Dates are written by hand (ISO in English, ``23.11.2026`` in Albanian and Bulgarian) and
numbers get a decimal comma in sq and bg: Babel would do the same, but for two patterns it
would be a new dependency of several megabytes. Aggregates and status codes stay English
codes in the data (JSON, CSV); they are translated here, at display time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.reports.aggregate import (
    ALL_LEARNERS,
    FUNNEL_STAGES,
    NO_COHORT,
    NO_DEPARTMENT,
    NO_INSTITUTION,
)
from lms_bridge.reports.labels import CATALOGUE, LANGUAGES, Lang

#: aggregate group labels that are ours (not a course, cohort or institution name)
GROUP_KEYS = {NO_COHORT: "no_cohort", NO_INSTITUTION: "no_institution",
              NO_DEPARTMENT: "no_department"}
FUNNEL_KEYS = dict(zip(FUNNEL_STAGES, ("funnel_enrolled", "funnel_started",
                                       "funnel_completed"), strict=True))
PROGRESS_KEYS = {"not_started": "progress_not_started", "in_progress": "progress_in_progress",
                 "completed": "progress_completed", "not_loaded": "progress_not_loaded"}
SCORM_KEYS = {"notattempted": "scorm_notattempted", "incomplete": "scorm_incomplete",
              "completed": "scorm_completed", "passed": "scorm_passed",
              "failed": "scorm_failed"}
ENROLMENT_KEYS = {"active": "enrolment_active", "suspended": "enrolment_suspended"}


class UnknownLanguageError(LmsBridgeError):
    """A report was asked for in a language the catalogue does not have."""


@dataclass(frozen=True)
class Labels:
    """The catalogue of one language, plus its way of writing dates and numbers.

    ``labels("key", name=value)`` is the text of ``key`` with ``{name}`` filled in.
    """

    lang: Lang

    def __call__(self, key: str, **values: object) -> str:
        text = CATALOGUE[self.lang][key]
        return text.format(**values) if values else text

    @property
    def _day_first(self) -> bool:
        return self.lang != "en"

    def date(self, value: datetime | None) -> str:
        if value is None:
            return ""
        return value.strftime("%d.%m.%Y" if self._day_first else "%Y-%m-%d")

    def date_time(self, value: datetime | None) -> str:
        return f"{self.date(value)} {value:%H:%M}" if value is not None else ""

    @property
    def excel_datetime_format(self) -> str:
        return "dd.mm.yyyy hh:mm" if self._day_first else "yyyy-mm-dd hh:mm"

    def period(self, since: datetime | None, until: datetime | None) -> str:
        """"23.11.2026 to today" and the like; "all time" when neither end is set."""
        if since is None and until is None:
            return self("period_all")
        return self("period_range", start=self.date(since) if since else "…",
                    end=self.date(until) if until else self("period_today"))

    def month(self, year_month: str) -> str:
        """``"2026-11"`` as people here write it: ``11.2026`` in sq and bg."""
        year, _sep, month = year_month.partition("-")
        return f"{month}.{year}" if self._day_first and month else year_month

    def number(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return ""
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self._day_first else text

    def percent(self, rate: float | None) -> str:
        return self("not_available") if rate is None else f"{rate * 100:.0f}%"

    def group(self, label: str) -> str:
        """An aggregate's label with our own placeholders ("(no cohort)", ...) translated.

        Department groups are ``"institution / department"``, so each placeholder is
        replaced wherever it stands; names of real courses, cohorts and places stay as
        Moodle has them.
        """
        if label == ALL_LEARNERS:
            return self("all_learners")
        for placeholder, key in GROUP_KEYS.items():
            label = label.replace(placeholder, self(key))
        return label

    def funnel_stage(self, stage: str) -> str:
        return self(FUNNEL_KEYS[stage])

    def progress(self, state: str) -> str:
        return self(PROGRESS_KEYS[state])

    def scorm(self, status: str | None) -> str:
        return self(SCORM_KEYS[status]) if status else ""

    def enrolment(self, status: str) -> str:
        return self(ENROLMENT_KEYS[status])


def labels_for(lang: str) -> Labels:
    """The labels of ``lang``; anything but sq, en or bg is refused with the choices named."""
    if lang not in LANGUAGES:
        raise UnknownLanguageError(
            f"unknown report language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return Labels(cast(Lang, lang))
