"""Rules for single cells, written to match what Moodle itself accepts.

Moodle's web services reject any value that its cleaning would change (``PARAM_USERNAME`` lower
cases and strips characters; ``PARAM_EMAIL`` uses PHP's ``FILTER_VALIDATE_EMAIL``), and say only
"Invalid parameter value detected". So each rule here returns the reason in words the admin can
act on, or ``None`` when the value is fine.
"""

from __future__ import annotations

import datetime as dt
import re

_USERNAME_CHARS = re.compile(r"^[-.@_a-z0-9]+$")
_EMAIL = re.compile(
    r"^(?!\.)(?!.*\.\.)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}(?<!\.)"
    r"@(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_NUMBERLIKE = re.compile(r"^[+-]?\d[\d\s().]*$")
_FORMULA_START = ("=", "+", "-", "@")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_DMY_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
USERNAME_MAX = 100


def username_problem(value: str) -> str | None:
    if not value:
        return "is empty; every person needs a username"
    if value != value.strip():
        return f"'{value}' has spaces around it"
    if value.lower() != value and _USERNAME_CHARS.match(value.lower()):
        return (f"'{value}' has capital letters; Moodle usernames are lower case — "
                f"write '{value.lower()}'")
    if not _USERNAME_CHARS.match(value):
        bad = sorted({ch for ch in value.lower() if not re.match(r"[-.@_a-z0-9]", ch)})
        return (f"'{value}' contains {', '.join(repr(c) for c in bad)}; Moodle usernames may only "
                "contain lower-case letters a-z, digits, '-', '_', '.' and '@'")
    if value == "guest":
        return "'guest' is Moodle's reserved guest account"
    if len(value) > USERNAME_MAX:
        return f"is {len(value)} characters long; Moodle allows at most {USERNAME_MAX}"
    return None


def email_problem(value: str) -> str | None:
    if not value:
        return "is empty; Moodle requires an email address for every account"
    if not value.isascii():
        return f"'{value}' contains non-ASCII characters, which Moodle does not accept"
    if not _EMAIL.match(value) or "<" in value or ">" in value:
        return f"'{value}' is not a valid email address"
    return None


def looks_like_formula(value: str) -> bool:
    """Text a spreadsheet would run as a formula; plain numbers like '+355 69 …' or '-5' are not."""
    return value.startswith(_FORMULA_START) and not _NUMBERLIKE.match(value)


def parse_timestart(value: str, tz: dt.tzinfo) -> int | None:
    """Unix time of a date cell: ISO (2026-09-01 [08:00]), 01.09.2026 or 01/09/2026, local time."""
    text = value.strip()
    if not text:
        return None
    iso = _ISO_DATE.match(text)
    dmy = None if iso else _DMY_DATE.match(text)
    if iso:
        year, month, day, *clock = iso.groups()
    elif dmy:
        day, month, year, *clock = dmy.groups()
    else:
        return None
    hour, minute, second = (int(part or 0) for part in clock)
    try:
        moment = dt.datetime(int(year), int(month), int(day), hour, minute, second, tzinfo=tz)
    except ValueError:
        return None
    return int(moment.timestamp())


def parse_flag(value: str) -> bool | None:
    if value in {"0", "1"}:
        return value == "1"
    return None


def parse_days(value: str) -> int | None:
    if value.isdigit() and 0 < int(value) <= 36500:
        return int(value)
    return None
