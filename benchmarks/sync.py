"""Roster sync at scale on the fake Moodle: 10,000 users, 20 cohorts, 20 courses.

Every call to the fake costs a simulated round trip (20 ms by default). Prints, for a fresh sync
and for a no-op re-sync of the same roster, the calls made (reads and writes), calls per user and
wall time, and checks them against the targets: at most 1 call per 40 users fresh, and no writes
and at most 1 call per 100 users for the no-op.

    python benchmarks/sync.py [--users 10000] [--latency 0.02]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lms_bridge.sync import Journal, SyncSettings, apply_sync, load_roster
from lms_bridge.testing import FakeMoodle

MUNICIPALITIES = ["tirane", "durres", "shkoder", "elbasan", "vlore", "korce", "fier", "berat",
                  "lushnje", "kavaje", "pogradec", "gjirokaster", "sarande", "kukes", "lezhe",
                  "diber", "mat", "puke", "tropoje", "permet"]
FIRST = ["Arben", "Drita", "Gentiana", "Besnik", "Elira", "Fatmir", "Jonida", "Klodian",
         "Mirela", "Ndriçim", "Ornela", "Përparim", "Rezarta", "Sokol", "Teuta", "Valbona"]
LAST = ["Hoxha", "Kelmendi", "Çela", "Gashi", "Shehu", "Lika", "Dervishi", "Marku", "Ymeri"]


def write_roster(path: Path, users: int, courses: int, rng: random.Random) -> None:
    header = ["username", "firstname", "lastname", "email", "institution", "cohort1", "course1",
              "role1", "course2", "enrolperiod2"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for i in range(users):
            town = MUNICIPALITIES[i % len(MUNICIPALITIES)]
            second = rng.random() < 0.5
            writer.writerow([
                f"p{i:05d}", rng.choice(FIRST), rng.choice(LAST), f"p{i:05d}@example.org",
                f"Bashkia {town.capitalize()}", town, f"C{i % courses:02d}", "student",
                f"C{(i + 7) % courses:02d}" if second else "", "90" if second else ""])


class ServerClock:
    """Time spent inside the fake's answer to each request (its simulated latency, decoding the
    form, the handler, encoding the JSON): the fake is a test double, not a fast server, so its
    own processing is reported apart from the client's wall time. Installed before the fake
    starts, which is when it hands its ``_rest`` callback to ``responses``."""

    def __init__(self, fake: FakeMoodle) -> None:
        self.seconds = 0.0
        self._rest = fake._rest
        fake._rest = self  # type: ignore[method-assign]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return self._rest(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def run(fake: FakeMoodle, clock: ServerClock, roster: Path,
        journal: Journal) -> tuple[int, int, float, float, dict[str, int]]:
    fake.reset_calls()
    clock.seconds = 0.0
    client = fake.client()
    started = time.perf_counter()
    report = apply_sync(client.call_params, load_roster(roster), journal, SyncSettings())
    elapsed = time.perf_counter() - started
    assert report.result is not None and report.result.ok, report.result
    return len(fake.calls), len(fake.writes), elapsed, clock.seconds, report.result.done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--courses", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.02)
    args = parser.parse_args()
    rng = random.Random(7)
    fake = FakeMoodle(latency=args.latency)
    clock = ServerClock(fake)
    with tempfile.TemporaryDirectory() as tmp, fake, \
            Journal(Path(tmp) / "journal.sqlite") as journal:
        for c in range(args.courses):
            fake.add_course(f"C{c:02d}")
        roster = Path(tmp) / "roster.csv"
        write_roster(roster, args.users, args.courses, rng)
        print(f"{args.users} users, {len(MUNICIPALITIES)} cohorts, {args.courses} courses, "
              f"{args.latency * 1000:.0f} ms simulated round trip")
        results = {}
        for name in ("fresh", "no-op"):
            calls, writes, elapsed, server, done = run(fake, clock, roster, journal)
            results[name] = (calls, writes)
            print(f"{name:>6}: {calls:5d} calls ({writes} writes), "
                  f"{calls / args.users:.4f} calls/user (1 per {args.users / max(calls, 1):.0f} "
                  f"users), {elapsed:.2f} s wall: {server:.2f} s inside the fake (with "
                  f"{calls * args.latency:.2f} s simulated latency), {elapsed - server:.2f} s "
                  f"client side (lms-bridge, requests, the responses mock); "
                  f"done: {done or 'nothing'}")
    fresh_calls, _ = results["fresh"]
    noop_calls, noop_writes = results["no-op"]
    ok = fresh_calls * 40 <= args.users and noop_writes == 0 and noop_calls * 100 <= args.users
    print("targets (<= 1/40 fresh; 0 writes and <= 1/100 no-op):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
