"""What the report must say for each seeded learner, worked out from the seed file alone.

Nothing here calls the report code: these are the rules the seed in ``site.py`` creates,
written out by hand (course ADM-101: SCORM + page are the completion criteria, the quiz is
tracked and passes at 50; course BG-201 has no criteria).
"""

from __future__ import annotations

from datetime import datetime, timezone
from statistics import fmean
from typing import Any

from tests.reports.site import C2_SCORES, COHORTS, learner_rows


def _time(value: str | int) -> datetime | None:
    return datetime.fromtimestamp(int(value), timezone.utc) if value and int(value) else None


def _profile(row: dict[str, str], course: str) -> dict[str, Any]:
    return {
        "course_shortname": course, "username": row["username"],
        "fullname": f"{row['firstname']} {row['lastname']}", "firstname": row["firstname"],
        "lastname": row["lastname"], "email": row["email"], "idnumber": row["idnumber"],
        "institution": row["institution"], "department": row["department"],
        "cohorts": tuple(sorted(COHORTS[c] for c in row["cohorts"].split(";") if c)),
        "enrolment_status": row["enrolment"], "last_access": _time(row["lastaccess"]),
        "load_error": None}


def adm101(row: dict[str, str]) -> dict[str, Any]:
    quiz = float(row["quiz_grade"]) if row["quiz_grade"] else None
    score = float(row["scorm_score"]) if row["scorm_score"] else None
    completed = bool(row["scorm_done"] and row["page_done"])
    done = [bool(row["scorm_done"]), bool(row["page_done"]), quiz is not None and quiz >= 50]
    grades = [g for g in (score, quiz) if g is not None]
    status = {"": "notattempted", "browsed": "incomplete"}.get(row["scorm_status"],
                                                               row["scorm_status"])
    if completed:
        progress = "completed"
    elif any(done) or quiz is not None or status != "notattempted":
        progress = "in_progress"
    else:
        progress = "not_started"
    return {**_profile(row, "ADM-101"), "course_completed": completed,
            "completed_at": _time(max(int(row["scorm_done"]), int(row["page_done"])))
            if completed else None,
            "activities_completed": sum(done), "activities_total": 3,
            "scorm_status": status, "scorm_score": score,
            "final_grade": fmean(grades) if grades else None, "progress": progress}


def bg201(row: dict[str, str]) -> dict[str, Any]:
    status = row["c2_scorm"]
    score = float(C2_SCORES[status]) if C2_SCORES[status] else None
    done = status in ("passed", "completed")
    progress = ("completed" if done else "not_started" if status == "notattempted"
                else "in_progress")
    # the seed records course access and suspensions for ADM-101 only
    return {**_profile(row, "BG-201"), "last_access": None, "enrolment_status": "active",
            "course_completed": None, "completed_at": None,
            "activities_completed": int(done), "activities_total": 1, "scorm_status": status,
            "scorm_score": score, "final_grade": score, "progress": progress}


def expected_rows() -> list[dict[str, Any]]:
    rows = learner_rows()
    return [adm101(r) for r in rows] + [bg201(r) for r in rows if r["c2_scorm"]]
