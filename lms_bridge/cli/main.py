"""Entry point of ``lms-bridge``.

Commands are imported only when used, so ``lms-bridge build`` never pays for the Moodle client,
the PDF library or the spreadsheet reader.
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Any

import click

from lms_bridge import __version__
from lms_bridge.cli import fmt
from lms_bridge.exceptions import LmsBridgeError

# command name -> "module:attribute" of a click command or group
COMMANDS: dict[str, str] = {
    "new": "lms_bridge.cli.new_cmd:new",
    "build": "lms_bridge.cli.build_cmd:build",
    "preview": "lms_bridge.cli.preview_cmd:preview",
    "validate": "lms_bridge.cli.validate_cmd:validate",
    "translate": "lms_bridge.cli.translate_cmds:translate",
    "moodle": "lms_bridge.cli.moodle_cmds:moodle",
    "sync": "lms_bridge.cli.sync_cmds:sync",
    "report": "lms_bridge.cli.report_cmds:report",
    "certificates": "lms_bridge.cli.certificate_cmds:certificates",
    "deploy": "lms_bridge.cli.deploy_cmd:deploy",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lms-bridge")
def cli() -> None:
    """Build SCORM packages from plain-file courses and keep Moodle in step."""


PROGRAM_GC_THRESHOLDS = (100_000, 10, 10)
"""The cycle collector's thresholds while the program runs (Python's defaults: 700, 10, 10)."""


def main(argv: list[str] | None = None) -> Any:
    """Run a command; with ``argv`` None, as the program itself (console script, ``python -m``).

    As the program, the cycle collector runs after every 100,000 new objects instead of every
    700: importing pydantic and its friends and loading a course create hundreds of thousands of
    objects that all live to the end, and searching them again and again for cycles was about
    5 % of ``lms-bridge build``; memory stays bounded, as collections still happen. The process
    ends right after the command, so what is still alive is then frozen (``gc.freeze``): the
    interpreter's exit still tears modules down and runs every finaliser and atexit handler, but
    skips searching the whole heap for garbage cycles that the end of the process frees anyway.
    Callers that pass ``argv`` (tests, scripts) keep Python's settings.
    """
    if argv is None:
        gc.set_threshold(*PROGRAM_GC_THRESHOLDS)
    try:
        return _run(argv)
    finally:
        if argv is None:
            gc.freeze()


def _run(argv: list[str] | None) -> Any:
    try:
        return cli.main(args=argv, prog_name="lms-bridge", standalone_mode=False)
    except click.exceptions.Abort:
        fmt.error("Aborted.")
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except LmsBridgeError as exc:
        fmt.error(str(exc))
        sys.exit(1)


if __name__ == "__main__":
    sys.exit(main())  # as the console script does: a command's ctx.exit(code) is returned
