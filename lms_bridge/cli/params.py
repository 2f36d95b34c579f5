"""Parameter types shared by several commands."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click


class TimeZone(click.ParamType):
    """An IANA time zone name such as ``Europe/Tirane``, converted to a ``ZoneInfo``."""

    name = "zone"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> ZoneInfo:
        if isinstance(value, ZoneInfo):
            return value
        try:
            return ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            self.fail(f"unknown time zone '{value}' (use a name such as Europe/Tirane, "
                      "Europe/Sofia or UTC)", param, ctx)
