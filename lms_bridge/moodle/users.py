"""Users: ``core_user_create_users``, ``core_user_update_users``, ``core_user_get_users*``.

``create_users`` rolls back the whole batch for one bad user and, with debugging off, says only
"Invalid parameter value detected"; so :class:`NewUser` checks what Moodle checks (lower-case
clean username, valid email) before anything is sent. ``update_users`` reports per-user
problems as warnings (duplicate email, unknown id) and leaves those users unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from lms_bridge.exceptions import InputError, Problem
from lms_bridge.moodle.models import (
    InputModel,
    MoodleModel,
    MoodleWarning,
    NameValue,
    warnings_in,
)

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient

EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*"
                      r"[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
USERNAME_RE = re.compile(r"^[-.@_a-z0-9]+$")
LookupField = Literal["id", "idnumber", "username", "email"]


def check_username(value: str) -> str:
    if not USERNAME_RE.match(value):
        raise ValueError("Moodle usernames are lower case and use only a-z 0-9 _ - . @ "
                         f"(got {value!r})")
    return value


def check_email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise ValueError(f"not a valid email address: {value!r}")
    return value


class CustomFieldValue(MoodleModel):
    type: str = ""
    value: str | None = None
    displayvalue: str | None = None
    name: str = ""
    shortname: str = ""


class MoodleUser(MoodleModel):
    id: int
    username: str = ""
    firstname: str = ""
    lastname: str = ""
    fullname: str = ""
    email: str = ""
    idnumber: str = ""
    auth: str = ""
    suspended: bool = False
    confirmed: bool = True
    lang: str = ""
    city: str = ""
    country: str = ""
    department: str = ""
    customfields: list[CustomFieldValue] = Field(default_factory=list)


class NewUser(InputModel):
    """A user for ``core_user_create_users`` (there is no ``suspended`` on create)."""

    username: str
    firstname: str
    lastname: str
    email: str
    auth: str | None = None
    password: str | None = None
    createpassword: bool | None = None
    idnumber: str | None = None
    lang: str | None = None
    city: str | None = None
    country: str | None = None
    timezone: str | None = None
    institution: str | None = None
    department: str | None = None
    phone1: str | None = None
    customfields: list[NameValue] | None = None
    preferences: list[NameValue] | None = None

    _username = field_validator("username")(check_username)
    _email = field_validator("email")(check_email)

    @field_validator("firstname", "lastname")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class UserUpdate(InputModel):
    """Changes for ``core_user_update_users``; only the fields given are sent."""

    id: int
    username: str | None = None
    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None
    suspended: bool | None = None
    auth: str | None = None
    idnumber: str | None = None
    lang: str | None = None
    city: str | None = None
    country: str | None = None
    institution: str | None = None
    department: str | None = None
    customfields: list[NameValue] | None = None
    preferences: list[NameValue] | None = None

    @field_validator("username")
    @classmethod
    def _username(cls, value: str | None) -> str | None:
        return None if value is None else check_username(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        return None if value is None else check_email(value)


class CreatedUser(MoodleModel):
    id: int
    username: str


def _refuse_duplicates(users: Sequence[NewUser]) -> None:
    problems: list[Problem] = []
    for field in ("username", "email"):
        first: dict[str, int] = {}
        for index, user in enumerate(users):
            key = str(getattr(user, field)).lower()
            if key in first:
                problems.append(Problem(f"users[{index}]", f"same {field} as users[{first[key]}]"
                                        f" ({getattr(user, field)})", field=field))
            else:
                first[key] = index
    if problems:
        raise InputError("Users to create repeat a username or email; nothing was sent",
                         problems)


class Users:
    def __init__(self, client: MoodleClient) -> None:
        self._client = client

    def create(self, users: Sequence[NewUser]) -> list[CreatedUser]:
        """Create users; each request is all or nothing (chunks follow ``max_input_vars``).

        Duplicates inside the list are refused before sending: Moodle would reject the whole
        batch and, with debugging off, not say which user.
        """
        _refuse_duplicates(users)
        rows = [u.model_dump(exclude_none=True) for u in users]
        results = self._client.call_chunked("core_user_create_users", "users", rows)
        return [CreatedUser.model_validate(r) for chunk in results for r in chunk]

    def update(self, updates: Sequence[UserUpdate]) -> list[MoodleWarning]:
        """Update users; rows Moodle refused come back as warnings (those users unchanged)."""
        rows = [u.model_dump(exclude_none=True) for u in updates]
        return warnings_in(self._client.call_chunked("core_user_update_users", "users", rows))

    def set_suspended(self, user_ids: Iterable[int], suspended: bool = True) -> list[MoodleWarning]:
        return self.update([UserUpdate(id=uid, suspended=suspended) for uid in user_ids])

    def get_by_field(self, field: LookupField, values: Iterable[str | int]) -> list[MoodleUser]:
        """Users whose ``field`` is one of ``values`` (many per call); unknown ones are absent."""
        wanted = list(dict.fromkeys(values))
        if not wanted:
            return []
        results = self._client.call_chunked("core_user_get_users_by_field", "values", wanted,
                                            field=field)
        return [MoodleUser.model_validate(u) for answer in results for u in answer or []]

    def search(self, **criteria: str) -> list[MoodleUser]:
        """``core_user_get_users``: ``%`` wildcards work in names and email."""
        answer = self._client.call("core_user_get_users", criteria=[
            {"key": k, "value": v} for k, v in criteria.items()])
        return [MoodleUser.model_validate(u) for u in answer.get("users", [])]
