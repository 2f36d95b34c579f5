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
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from lms_bridge.exceptions import InputError, LmsBridgeError
from lms_bridge.moodle import MoodleClient, resolve_config
from lms_bridge.sync import Journal, SyncSettings, apply_sync, load_roster


def main(env: Mapping[str, str] = os.environ) -> int:
    flag = lambda name: env.get(name, "") in {"1", "true", "yes"}  # noqa: E731
    try:
        roster = load_roster(Path(env["SYNC_ROSTER"]), encoding=env.get("SYNC_ENCODING") or None)
        settings = SyncSettings(suspend_missing=flag("SYNC_SUSPEND_MISSING"),
                                skip_invalid=flag("SYNC_SKIP_INVALID"))
        with MoodleClient(resolve_config(env=env)) as moodle, \
                Journal(env.get("SYNC_JOURNAL", "sync-journal.sqlite")) as journal:
            report = apply_sync(moodle.call_params, roster, journal, settings)
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


if __name__ == "__main__":
    sys.exit(main())
