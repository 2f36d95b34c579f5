"""Completion report of 2,000 learners on the fake Moodle with a 20 ms round trip per call:
sequential (concurrency=1) against concurrent (the default, 8), measured side by side.

    python benchmarks/report.py [--learners 2000] [--latency 0.02]

Core Moodle needs three calls per learner here (activity completion, course completion, SCORM
tracks), so the per-learner phase dominates; the course-wide calls (enrolled users, grades,
cohorts) are the same in both runs.
"""

from __future__ import annotations

import argparse
import time

from lms_bridge.reports import collect_completions
from lms_bridge.testing import FakeMoodle


def seed(fake: FakeMoodle, learners: int) -> None:
    course = fake.add_course("BENCH-1", "Benchmark course")
    scorm = fake.add_scorm(course, "Module 1")
    page = fake.add_module(course, "page", "Reading", tracking=1)
    fake.set_completion_criteria(course, [scorm.cmid, page])
    for index in range(learners):
        user = fake.add_user(f"learner{index:05d}", firstname="Arbër", lastname=f"Hoxha{index}",
                             institution=f"Bashkia {index % 12}")
        fake.enrol(user, course)
        if index % 3:
            fake.set_scorm_track(user, scorm.scoes[1], {"cmi.core.lesson_status": "passed",
                                                        "cmi.core.score.raw": "80"})
            fake.set_completion(user, scorm, 1)
            fake.set_grade(user, scorm, 80.0)
        if index % 2:
            fake.set_completion(user, page, 1)


def run(learners: int, latency: float, concurrency: int) -> tuple[float, int, int]:
    with FakeMoodle(latency=latency) as fake:
        seed(fake, learners)
        started = time.perf_counter()
        report = collect_completions(fake.client(), ["BENCH-1"], concurrency=concurrency)
        elapsed = time.perf_counter() - started
        assert len(report.records) == learners and not report.partial
        return elapsed, len(fake.calls), sum(r.is_completed for r in report.records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.02)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    print(f"{args.learners} learners, {args.latency * 1000:.0f} ms per call", flush=True)
    seq, seq_calls, done = run(args.learners, args.latency, 1)
    print(f"sequential  (concurrency=1): {seq:7.2f} s  {seq_calls} calls  {done} completed",
          flush=True)
    con, con_calls, done2 = run(args.learners, args.latency, args.concurrency)
    print(f"concurrent  (concurrency={args.concurrency}): {con:7.2f} s  {con_calls} calls  "
          f"{done2} completed")
    assert done == done2
    print(f"ratio: {seq / con:.1f}x faster (target >= 4x)", flush=True)


if __name__ == "__main__":
    main()
