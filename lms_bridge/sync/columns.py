"""Column names of a roster: those of Moodle's own "Upload users" tool (admin/tool/uploaduser).

An admin's existing upload file should work unchanged, so the names and their meaning follow
``tool_uploaduser``: ``courseN`` is a course shortname, ``roleN`` a role shortname, ``cohortN`` a
cohort idnumber (or numeric id), ``enrolperiodN`` days, ``enrolstatusN`` 0 active / 1 suspended.
"""

from __future__ import annotations

import re

REQUIRED = ("username", "firstname", "lastname", "email")

USER_FIELDS = (
    "firstname", "lastname", "email", "idnumber", "institution", "department", "city", "country",
    "lang", "auth", "phone1", "phone2", "address", "description", "middlename", "alternatename",
    "firstnamephonetic", "lastnamephonetic", "timezone", "maildisplay", "mailformat",
)
"""Account fields the sync keeps equal to the roster (empty cells are left as they are)."""

SPECIAL = ("username", "password", "suspended")

IGNORED = (
    "emailstop", "maildigest", "htmleditor", "autosubscribe", "trackforums", "descriptionformat",
    "theme", "mnethostid", "oldusername", "interests", "id",
)
"""Upload-tool columns the sync accepts but does not act on (a warning names them)."""

REFUSED = {
    "deleted": "the sync never deletes accounts; remove this column",
}

NUMBERED = re.compile(
    r"^(category|categoryrole|cohort|course|enrolperiod|enrolstatus|enroltimestart|group|role"
    r"|sysrole|type)(\d+)$"
)
SYNCED_NUMBERED = {"cohort", "course", "role", "enrolperiod", "enrolstatus", "enroltimestart"}
PROFILE_PREFIX = "profile_field_"


def classify(name: str) -> str:
    """How a header is treated: user, special, profile, numbered, ignored, refused or unknown."""
    if name in USER_FIELDS:
        return "user"
    if name in SPECIAL:
        return "special"
    if name.startswith(PROFILE_PREFIX) and len(name) > len(PROFILE_PREFIX):
        return "profile"
    match = NUMBERED.match(name)
    if match:
        return "numbered" if match.group(1) in SYNCED_NUMBERED else "ignored"
    if name in IGNORED:
        return "ignored"
    if name in REFUSED:
        return "refused"
    return "unknown"


def normalise_header(name: str) -> str:
    """Headers match case-insensitively, surrounding spaces removed, as in Moodle's tool."""
    return name.strip().lower()
