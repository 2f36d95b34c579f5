"""Shapes shared by several handlers (user descriptions, image URLs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lms_bridge.testing.state import User

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle


def picture_urls(fake: FakeMoodle) -> dict[str, str]:
    base = f"{fake.url}/theme/image.php/boost/core/1/u"
    return {"profileimageurlsmall": f"{base}/f2", "profileimageurl": f"{base}/f1"}


def optional_fields(user: User) -> dict[str, str]:
    """Profile fields Moodle leaves out of a user description when they are empty."""
    return {name: value for name in ("idnumber", "city", "country", "institution")
            if (value := getattr(user, name))}


def user_description(fake: FakeMoodle, user: User) -> dict[str, Any]:
    """``user_get_user_details`` as an admin token sees it (optional keys only when set)."""
    out: dict[str, Any] = {
        "id": user.id, "username": user.username, "firstname": user.firstname,
        "lastname": user.lastname, "fullname": user.fullname, "email": user.email,
        "department": user.department, "firstaccess": 0, "lastaccess": 0,
        "auth": user.auth, "suspended": user.suspended, "confirmed": True,
        "lang": user.lang, "theme": "", "timezone": user.timezone, "mailformat": 1,
        "trackforums": 0,
    }
    out.update(optional_fields(user))
    if user.customfields:
        out["customfields"] = [
            {"type": "text", "value": v, "displayvalue": v, "name": k, "shortname": k}
            for k, v in user.customfields.items()]
    out.update(picture_urls(fake))
    return out


def module_contextid(cmid: int) -> int:
    """The context id of a course module: the one rule the fake, its seed helpers and plugin
    fakes use, so a ``pluginfile.php`` URL a handler returns finds the file a seed stored."""
    return cmid + 18
