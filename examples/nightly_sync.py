"""A nightly roster sync through the library API (for cron or a systemd timer).

Configuration comes from the environment, so no secret is ever on a command line:

    LMS_BRIDGE_MOODLE_URL     https://moodle.example.org
    LMS_BRIDGE_MOODLE_TOKEN   the web-service token (or a config file, see docs/moodle-client.md)
    SYNC_ROSTER               path of the roster (CSV or XLSX)
    SYNC_JOURNAL              journal file (default ./sync-journal.sqlite)
    SYNC_ENCODING             optional: utf-8, cp1250 or cp1251
    SYNC_SUSPEND_MISSING=1    optional: suspend accounts no longer listed
    SYNC_SKIP_INVALID=1       optional: apply valid rows even when some rows have errors

It plans, applies, prints one JSON summary on stdout and exits 0 (site matches the roster),
1 (roster errors or Moodle unreachable: nothing or not everything was sent; re-run after fixing)
or 3 (applied, but some rows failed or were skipped). A run killed half-way is simply run again.

Without a Moodle site, ``python examples/nightly_sync.py --demo`` syncs
``examples/rosters/participants_cp1250.csv`` (or SYNC_ROSTER) into an in-memory demo site
(``lms_bridge.testing.demo``) through the same code, with a journal kept in memory only. The
roster names all three demo courses, so it also shows that a roster owns the courses and cohorts
it names: their other learners are suspended there and leave those cohorts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from lms_bridge.exceptions import InputError, LmsBridgeError
from lms_bridge.moodle import MoodleClient, resolve_config
from lms_bridge.moodle.config import ENV_CONFIG, ENV_TOKEN, ENV_URL, default_config_paths
from lms_bridge.sync import Journal, SyncSettings, apply_sync, load_roster

EXAMPLE_ROSTER = Path(__file__).resolve().parent / "rosters" / "participants_cp1250.csv"
NO_SITE = (f"no Moodle site configured: set {ENV_URL}, {ENV_TOKEN} and SYNC_ROSTER (or put the "
           "site in ~/.config/lms-bridge/moodle.toml, see docs/moodle-client.md), "
           "or run with --demo to try it on an in-memory demo site")


def main(env: Mapping[str, str] = os.environ, argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description="Sync a roster into Moodle (settings: see "
                                                 "the top of this file).")
    parser.add_argument("--demo", action="store_true",
                        help="use an in-memory demo site instead of a real one")
    demo = parser.parse_args(argv).demo
    if not demo and not site_configured(env):
        print(json.dumps({"error": NO_SITE}))
        return 1
    flag = lambda name: env.get(name, "") in {"1", "true", "yes"}  # noqa: E731
    try:
        roster_path = env.get("SYNC_ROSTER") or (EXAMPLE_ROSTER if demo else env["SYNC_ROSTER"])
        roster = load_roster(Path(roster_path), encoding=env.get("SYNC_ENCODING") or None)
        settings = SyncSettings(suspend_missing=flag("SYNC_SUSPEND_MISSING"),
                                skip_invalid=flag("SYNC_SKIP_INVALID"))
        journal_path = ":memory:" if demo else env.get("SYNC_JOURNAL", "sync-journal.sqlite")
        with connect(env, demo) as moodle, Journal(journal_path) as journal:
            report = apply_sync(moodle.call_params, roster, journal,
                                settings.for_moodle(moodle.config))
    except KeyError as missing:
        print(json.dumps({"error": f"set {missing.args[0]} in the environment"}))
        return 1
    except InputError as exc:
        print(json.dumps({"error": exc.summary, "problems": [str(p) for p in exc.problems]},
                         ensure_ascii=False, indent=2))
        return 1
    except LmsBridgeError as exc:
        print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        return 1
    summary = report.summary()
    if report.result is not None:
        summary["failed_rows"] = [f.model_dump() for f in report.result.failures]
    summary["skipped_rows"] = [str(p) for p in report.plan.problems]
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return report.exit_code


def site_configured(env: Mapping[str, str]) -> bool:
    """Whether any Moodle setting is given (``resolve_config`` then names what is missing)."""
    return (any(env.get(name) for name in (ENV_URL, ENV_TOKEN, ENV_CONFIG))
            or any(path.is_file() for path in default_config_paths(env)))


@contextmanager
def connect(env: Mapping[str, str], demo: bool) -> Iterator[MoodleClient]:
    """The configured site, or the in-memory demo site (needs nothing but lms-bridge)."""
    if not demo:
        with MoodleClient(resolve_config(env=env)) as moodle:
            yield moodle
        return
    from lms_bridge.testing.demo import demo_site

    with demo_site() as site, site.client() as moodle:
        yield moodle


if __name__ == "__main__":
    sys.exit(main(argv=sys.argv[1:]))
