"""The shipped example rosters load cleanly and the nightly script syncs them, then is a no-op."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from lms_bridge.sync import SyncSettings, apply_sync, load_roster
from lms_bridge.testing import FakeMoodle

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COURSES = ("law-on-local-self-government", "communicating-with-citizens", "eu-funds-project-design")


def test_csv_and_xlsx_examples_are_the_same_roster() -> None:
    csv_roster = load_roster(EXAMPLES / "rosters" / "participants_cp1250.csv")
    xlsx_roster = load_roster(EXAMPLES / "rosters" / "participants.xlsx")
    assert (csv_roster.encoding, csv_roster.delimiter) == ("cp1250", ";")
    assert not csv_roster.problems and not xlsx_roster.problems
    assert [u.model_dump(exclude={"row"}) for u in csv_roster.users] == \
        [u.model_dump(exclude={"row"}) for u in xlsx_roster.users]
    assert any(u.fields["lastname"] == "Çela" for u in csv_roster.users)


def _nightly() -> Any:
    spec = importlib.util.spec_from_file_location("nightly_sync", EXAMPLES / "nightly_sync.py")
    assert spec is not None and spec.loader is not None
    nightly = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nightly)
    return nightly


def test_nightly_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nightly = _nightly()
    with FakeMoodle() as fake:
        for shortname in COURSES:
            fake.add_course(shortname)
        env = {"LMS_BRIDGE_MOODLE_URL": fake.url, "LMS_BRIDGE_MOODLE_TOKEN": fake.token,
               "SYNC_ROSTER": str(EXAMPLES / "rosters" / "participants.xlsx"),
               "SYNC_JOURNAL": str(tmp_path / "journal.sqlite"),
               "XDG_CONFIG_HOME": str(tmp_path)}
        assert nightly.main(env) == 0
        first = json.loads(capsys.readouterr().out)
        assert first["done"]["users_create"] == 12
        assert nightly.main(env) == 0
        second = json.loads(capsys.readouterr().out)
        assert second["writes"] == 0
        assert fake.token not in json.dumps([first, second])


def test_nightly_script_paces_and_sizes_calls_by_the_moodle_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    nightly = _nightly()
    seen: list[SyncSettings] = []

    def recording_apply(*args: Any, **kwargs: Any) -> Any:
        seen.append(args[3])
        return apply_sync(*args, **kwargs)

    monkeypatch.setattr(nightly, "apply_sync", recording_apply)
    (tmp_path / "lms-bridge").mkdir()
    config_file = tmp_path / "lms-bridge" / "moodle.toml"
    config_file.write_text("backoff = 2.0\nmax_retry_after = 30\nmax_input_vars = 1000\n",
                           encoding="utf-8")
    config_file.chmod(0o600)
    with FakeMoodle() as fake:
        for shortname in COURSES:
            fake.add_course(shortname)
        env = {"LMS_BRIDGE_MOODLE_URL": fake.url, "LMS_BRIDGE_MOODLE_TOKEN": fake.token,
               "SYNC_ROSTER": str(EXAMPLES / "rosters" / "participants.xlsx"),
               "SYNC_JOURNAL": str(tmp_path / "journal.sqlite"), "SYNC_SKIP_INVALID": "1",
               "XDG_CONFIG_HOME": str(tmp_path)}
        assert nightly.main(env) == 0
    capsys.readouterr()
    [settings] = seen
    assert (settings.backoff, settings.max_retry_after, settings.field_budget) == (2.0, 30, 800)
    assert settings.skip_invalid
