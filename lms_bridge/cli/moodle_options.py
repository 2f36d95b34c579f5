"""Shared connection options for every command that talks to Moodle.

``@moodle_options`` adds ``--url``, ``--token-file``, ``--config``, ``--allow-insecure-http`` and
``--timeout`` and passes a connected ``MoodleClient`` as the ``moodle`` argument. There is
deliberately no ``--token`` option: a token on the command line ends up in shell history and
``ps`` output.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

MOODLE_OPTION_NAMES = ("url", "token_file", "config_file", "allow_insecure_http", "timeout")


def moodle_options(func: F) -> F:
    """Decorate a click command: the command receives ``moodle: MoodleClient``."""

    @click.option("--url", metavar="URL",
                  help="Moodle site URL (default: $LMS_BRIDGE_MOODLE_URL or the config file).")
    @click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path),
                  help="File holding the web-service token, readable only by you "
                       "(default: $LMS_BRIDGE_MOODLE_TOKEN or the config file).")
    @click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                  help="Config file (default: ~/.config/lms-bridge/moodle.toml or .ini).")
    @click.option("--allow-insecure-http", is_flag=True, default=None,
                  help="Allow plain http:// to a non-loopback host (sends the token unencrypted).")
    @click.option("--timeout", type=click.FloatRange(min=1), metavar="SECONDS",
                  help="Read timeout per request (default 60).")
    @functools.wraps(func)
    def wrapper(*args: Any, url: str | None, token_file: Path | None,
                config_file: Path | None, allow_insecure_http: bool | None,
                timeout: float | None, **kwargs: Any) -> Any:
        from lms_bridge.moodle import MoodleClient, resolve_config

        config = resolve_config(url=url, token_file=token_file, config_file=config_file,
                                allow_insecure_http=allow_insecure_http or None,
                                timeout=timeout)
        with MoodleClient(config) as client:
            return func(*args, moodle=client, **kwargs)

    return wrapper  # type: ignore[return-value]
