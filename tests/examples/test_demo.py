"""``examples/*.py --demo``: each runs as a user would run it (a subprocess in an empty folder,
no Moodle configured) against the seeded in-memory site, and its numbers are the seed's.

Expected numbers are counted here straight from the seeded site's records and the roster file,
without the sync or report code, so a wrong plan or a wrong count fails the test.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl

from lms_bridge.sync import Journal, apply_sync, load_roster
from lms_bridge.testing import FakeMoodle
from lms_bridge.testing.demo import DEMO_COURSES, demo_site, seed_demo
from lms_bridge.testing.state import SiteState

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ROSTER = EXAMPLES / "rosters" / "participants_cp1250.csv"
STUDENT = 5


def run_example(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run an example from ``cwd`` with no Moodle settings and no config file in reach."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LMS_BRIDGE_", "SYNC_"))}
    env.update(XDG_CONFIG_HOME=str(cwd / "no-config"), PYTHONPATH=str(ROOT),
               PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(EXAMPLES / name), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


def seeded(today: date) -> SiteState:
    fake = FakeMoodle()
    seed_demo(fake, today=today)
    return fake.state


def roster_rows() -> list[dict[str, str]]:
    with ROSTER.open(encoding="cp1250", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_nightly_sync_demo(tmp_path: Path) -> None:
    done = run_example("nightly_sync.py", "--demo", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout)

    state = seeded(date.today())
    usernames = {u.username: u.id for u in state.users.values()}
    courses = {c.shortname: c.id for c in state.courses.values()}
    rows = roster_rows()
    listed = {row["username"] for row in rows}
    wanted = {(courses[row[f"course{n}"]], row["username"]) for row in rows for n in (1, 2)
              if row.get(f"course{n}")}
    enrolled = {(cid, uid) for (cid, uid) in state.enrolments}
    suspended = [key for key, e in state.enrolments.items()
                 if STUDENT in e.roleids and e.status == 0
                 and state.users[key[1]].username not in listed]
    expected = {
        "users_create": len(listed - set(usernames)),
        "cohorts_create": len({row["cohort1"] for row in rows}
                              - {c.idnumber for c in state.cohorts.values()}),
        "enrolments_enrol": sum(1 for cid, name in wanted
                                if (cid, usernames.get(name)) not in enrolled),
        "enrolments_suspend": len(suspended),
    }
    assert expected == {"users_create": 6, "cohorts_create": 2, "enrolments_enrol": 10,
                        "enrolments_suspend": 36}
    assert {k: summary["done"][k] for k in expected} == expected
    assert summary["planned"]["users_update"] == 3  # department, ID number, city (the seed)
    assert summary["problems"] == 0 and summary["failures"] == 0 and summary["writes"] > 0
    assert summary["site"] == "https://moodle.demo.invalid"
    assert "fake-token" not in done.stdout + done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no journal left behind


def test_a_second_sync_in_the_same_demo_site_writes_nothing(tmp_path: Path) -> None:
    """The script opens a fresh demo site per run, so the re-run is checked on the library."""
    roster = load_roster(ROSTER)
    with demo_site() as site, site.client() as moodle, \
            Journal(tmp_path / "journal.sqlite") as journal:
        first = apply_sync(moodle.call_params, roster, journal)
        site.reset_calls()
        second = apply_sync(moodle.call_params, roster, journal)
    assert first.exit_code == 0 and first.result is not None and first.result.writes > 0
    assert second.exit_code == 0 and second.plan.is_empty
    assert site.writes == []


def last_month(today: date) -> tuple[datetime, datetime]:
    end = datetime(today.year, today.month, 1, tzinfo=timezone.utc)
    start = datetime(end.year - (end.month == 1), (end.month - 2) % 12 + 1, 1,
                     tzinfo=timezone.utc)
    return start, end


def expected_report(state: SiteState, today: date) -> dict[str, tuple[int, int]]:
    """Per course: (completed, learners) among students who completed last month or, if not
    completed, last visited the course last month. Complete = every criterion complete or
    passed (a failed final test does not count)."""
    start, end = last_month(today)
    window = range(int(start.timestamp()), int(end.timestamp()))
    learners: Counter[str] = Counter()
    completed: Counter[str] = Counter()
    for (cid, uid), enrolment in state.enrolments.items():
        if STUDENT not in enrolment.roleids:
            continue
        course = state.courses[cid]
        records = [state.completions.get((cm, uid)) for cm in course.criteria or []]
        done = all(r is not None and r.state in (1, 2) for r in records)
        when = (max(r.timecompleted for r in records if r is not None) if done
                else enrolment.lastaccess)
        if when in window:
            learners[course.shortname] += 1
            completed[course.shortname] += done
    return {name: (completed[name], learners[name]) for name in DEMO_COURSES}


def test_monthly_report_demo(tmp_path: Path) -> None:
    done = run_example("monthly_report.py", "--demo", "--out", "reports", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr

    today = date.today()
    expected = expected_report(seeded(today), today)
    for name, (completed, learners) in expected.items():
        assert 0 < completed < learners, "the demo should show a mix of progress"
        assert re.search(rf"{name}\s+{completed} completed of {learners}\b", done.stdout), \
            done.stdout
    month = f"{last_month(today)[0]:%Y-%m}"
    html = tmp_path / "reports" / f"completions-{month}.html"
    xlsx = tmp_path / "reports" / f"completions-{month}.xlsx"
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [html.name, xlsx.name]
    page = html.read_text(encoding="utf-8")
    assert "Besnik Çela" in page and "Иван Петров" in page and "Komuna e Prizrenit" in page
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    rows = list(workbook["Learners"].iter_rows(min_row=2, values_only=True))
    workbook.close()
    assert Counter(row[0] for row in rows) == {k: v[1] for k, v in expected.items()}
    assert sum(row[9] == "Completed" for row in rows) == sum(c for c, _ in expected.values())


def test_the_seed_is_deterministic() -> None:
    day = date(2026, 3, 15)
    assert seeded(day) == seeded(day)
    other = FakeMoodle()
    seed_demo(other, today=day, seed=1)
    assert other.state.grades != seeded(day).grades


def test_without_a_site_each_example_says_what_to_set(tmp_path: Path) -> None:
    for name, stream in (("nightly_sync.py", "stdout"), ("monthly_report.py", "stderr")):
        done = run_example(name, cwd=tmp_path)
        message = getattr(done, stream).strip()
        assert done.returncode == 1
        assert len(message.splitlines()) == 1, message
        assert "LMS_BRIDGE_MOODLE_URL" in message and "moodle.toml" in message
        assert "--demo" in message
