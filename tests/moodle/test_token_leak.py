"""Run every command that takes Moodle options with a distinctive token and look for it in
stdout, stderr, the logs (DEBUG) and every file written. New commands are covered as soon as
they are registered in ``lms_bridge.cli.main.COMMANDS`` and use ``@moodle_options``."""

from __future__ import annotations

import importlib
import logging
import traceback
import zipfile
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from lms_bridge.cli.main import COMMANDS, main
from lms_bridge.testing import FakeMoodle

TOKEN = "LeAkCaNaRy7c1e0b9a4f2d"
URL = "https://moodle.example.org"
VALID_PACKAGE = Path(__file__).resolve().parents[1] / "data" / "packages" / "valid-scorm12"


def _walk(name: str, command: click.Command) -> Iterator[tuple[list[str], click.Command]]:
    if isinstance(command, click.Group):
        for sub_name, sub in command.commands.items():
            for path, leaf in _walk(sub_name, sub):
                yield [name, *path], leaf
    else:
        yield [name], command


def _moodle_commands() -> list[tuple[list[str], click.Command]]:
    found = []
    for name, target in sorted(COMMANDS.items()):
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # registered ahead of its implementation
            raise
        for path, command in _walk(name, getattr(module, attr)):
            if any(p.name == "token_file" for p in command.params):
                found.append((path, command))
    return found


COMMANDS_WITH_MOODLE = _moodle_commands()


#: realistic inputs for parameters of that name, so commands get as far as talking to Moodle
def _samples(tmp: Path) -> dict[str, Path]:
    work = tmp / "work"
    work.mkdir(exist_ok=True)
    roster = work / "roster.csv"
    roster.write_text("username,firstname,lastname,email,course1\n"
                      "ana.hoxha,Ana,Hoxha,ana.hoxha@example.org,LAB101\n", encoding="utf-8")
    package = work / "package.zip"
    with zipfile.ZipFile(package, "w") as archive:
        for file in sorted(VALID_PACKAGE.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(VALID_PACKAGE).as_posix())
    return {"roster": roster, "package": package, "": roster}


EXTRA_ARGS = {"sync apply": ["--yes"]}


def _dummy_args(command: click.Command, tmp: Path) -> list[str]:
    """Values for required parameters, so the command gets as far as it can."""
    samples = _samples(tmp)
    args: list[str] = []
    for param in command.params:
        if not param.required:
            continue
        if isinstance(param.type, click.Choice):
            value = str(param.type.choices[0])
        elif isinstance(param.type, click.Path):
            sample = samples.get(param.name or "", samples[""])
            value = str(sample.parent if param.type.file_okay is False else sample)
        elif isinstance(param.type, (click.types.IntParamType, click.types.FloatParamType)):
            value = "2"
        else:
            value = "LAB101"
        if isinstance(param, click.Option):
            args += [param.opts[0], value]
        else:
            args += [value] * (1 if param.nargs == 1 else max(param.nargs, 1))
    return args


def test_commands_with_moodle_options_are_found() -> None:
    paths = [" ".join(p) for p, _ in COMMANDS_WITH_MOODLE]
    assert "moodle check" in paths


@pytest.mark.parametrize(("path", "command"), COMMANDS_WITH_MOODLE,
                         ids=[" ".join(p) for p, _ in COMMANDS_WITH_MOODLE])
@pytest.mark.parametrize("scenario", ["ok", "wrong-token", "denied", "flaky", "env-token"])
def test_token_never_leaks(path: list[str], command: click.Command, scenario: str,
                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str],
                           caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    token_file = secrets / "token"
    token_file.write_text(TOKEN + "\n")
    token_file.chmod(0o600)
    config_dir = tmp_path / "xdg" / "lms-bridge"
    config_dir.mkdir(parents=True)
    (config_dir / "moodle.toml").write_text("[moodle]\nbackoff = 0\n")  # retries without waits
    (config_dir / "moodle.toml").chmod(0o600)
    caplog.set_level(logging.DEBUG)
    server_token = "other-token" if scenario == "wrong-token" else TOKEN
    with FakeMoodle(url=URL, token=server_token) as fake:
        course = fake.add_course("LAB101", "Lab course")
        fake.enrol(fake.add_user("ana", email="ana@example.org"), course)
        if scenario == "denied":
            fake.service_functions = {"core_webservice_get_site_info"}
        if scenario == "flaky":
            from lms_bridge.testing import Fault, FaultPlan

            fake.faults = FaultPlan(script=[Fault("http500"), Fault("timeout", after=True),
                                            Fault("reset")])
        if scenario == "env-token":
            monkeypatch.setenv("LMS_BRIDGE_MOODLE_TOKEN", TOKEN)
            connection = ["--url", URL]
        else:
            connection = ["--url", URL, "--token-file", str(token_file)]
        args = [*path, *connection, *_dummy_args(command, tmp_path),
                *EXTRA_ARGS.get(" ".join(path), [])]
        crash = ""
        try:
            main(args)
        except SystemExit:
            pass
        except Exception:  # a bug, but its traceback must not leak the token either
            crash = traceback.format_exc()
    out, err = capsys.readouterr()
    logs = caplog.text + "".join(
        "".join(traceback.format_exception(*r.exc_info)) for r in caplog.records if r.exc_info)
    for label, text in (("stdout", out), ("stderr", err), ("logs", logs), ("crash", crash)):
        assert TOKEN not in text, f"token in {label} of {' '.join(args)}"
    for file in tmp_path.rglob("*"):
        if file.is_file() and file != token_file:
            assert TOKEN.encode() not in file.read_bytes(), f"token written to {file}"
    if scenario == "ok":
        assert fake.calls, f"{' '.join(args)} never reached the fake Moodle: {err}"
