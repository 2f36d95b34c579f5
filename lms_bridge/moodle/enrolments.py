"""Manual enrolments and enrolled users.

Re-enrolling resets ``timestart``/``timeend``/status to what is sent (missing means 0 and
active), so :class:`Enrolment` always carries the full intended state. ``roleid`` is never sent
to ``unenrol_users``: Moodle ignores it and 5.2 rejects it as an unknown key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import Field

from lms_bridge.moodle.models import InputModel, MoodleModel

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient

STUDENT_ROLE_ID = 5


class Enrolment(InputModel):
    userid: int
    courseid: int
    roleid: int = STUDENT_ROLE_ID
    timestart: int = 0
    timeend: int = 0
    suspend: bool = False


class Role(MoodleModel):
    roleid: int
    name: str = ""
    shortname: str = ""


class EnrolledUser(MoodleModel):
    """Fields present depend on ``userfields``; only ``id`` is always there, and Moodle leaves
    out some empty ones (``institution``) even when asked for them."""

    id: int
    username: str | None = None
    firstname: str | None = None
    lastname: str | None = None
    fullname: str | None = None
    email: str | None = None
    idnumber: str | None = None
    institution: str | None = None
    department: str | None = None
    lastaccess: int | None = None
    """Last access to the site; 0 for never."""
    lastcourseaccess: int | None = None
    """Last access to this course; 0 for never."""
    roles: list[Role] = Field(default_factory=list)


class UserCourse(MoodleModel):
    """A course a user is enrolled in, with that user's completion and progress."""

    id: int
    shortname: str = ""
    fullname: str = ""
    idnumber: str = ""
    visible: int = 1
    enablecompletion: bool | None = None
    completionhascriteria: bool | None = None
    completionusertracked: bool | None = None
    #: percentage of activities completed, ``None`` when the course tracks none
    progress: float | None = None
    completed: bool | None = None
    startdate: int = 0
    enddate: int = 0
    lastaccess: int | None = None


class Enrolments:
    def __init__(self, client: MoodleClient) -> None:
        self._client = client

    def enrol(self, enrolments: Sequence[Enrolment]) -> None:
        """Enrol (or update the enrolment of) users; all or nothing per request."""
        self._client.call_chunked("enrol_manual_enrol_users", "enrolments",
                                  [e.model_dump() for e in enrolments])

    def unenrol(self, pairs: Sequence[tuple[int, int]]) -> None:
        """Remove the manual enrolment of ``(userid, courseid)`` pairs."""
        self._client.call_chunked("enrol_manual_unenrol_users", "enrolments",
                                  [{"userid": u, "courseid": c} for u, c in pairs])

    def user_courses(self, user_id: int, *, with_user_count: bool = False) -> list[UserCourse]:
        """One call per user gives ``completed`` and ``progress`` for all their courses
        (no completion times). ``with_user_count`` makes Moodle count participants too."""
        answer = self._client.call("core_enrol_get_users_courses", userid=user_id,
                                   returnusercount=with_user_count)
        return [UserCourse.model_validate(c) for c in answer or []]

    def enrolled_users(self, course_id: int, *, userfields: Sequence[str] | None = None,
                       onlyactive: bool | None = None, onlysuspended: bool | None = None,
                       withcapability: str | None = None, groupid: int | None = None,
                       page_size: int = 500) -> list[EnrolledUser]:
        return list(self.iter_enrolled_users(
            course_id, userfields=userfields, onlyactive=onlyactive,
            onlysuspended=onlysuspended, withcapability=withcapability, groupid=groupid,
            page_size=page_size))

    def iter_enrolled_users(self, course_id: int, *, userfields: Sequence[str] | None = None,
                            onlyactive: bool | None = None, onlysuspended: bool | None = None,
                            withcapability: str | None = None, groupid: int | None = None,
                            page_size: int = 500) -> Iterator[EnrolledUser]:
        """Page through ``core_enrol_get_enrolled_users`` with ``limitfrom``/``limitnumber``."""
        base: dict[str, Any] = {"userfields": ",".join(userfields) if userfields else None,
                                "onlyactive": onlyactive, "onlysuspended": onlysuspended,
                                "withcapability": withcapability, "groupid": groupid}
        offset = 0
        while True:
            options = {**base, "limitfrom": offset, "limitnumber": page_size}
            page = self._client.call("core_enrol_get_enrolled_users", courseid=course_id,
                                     options=[{"name": k, "value": v}
                                              for k, v in options.items() if v is not None])
            for row in page or []:
                yield EnrolledUser.model_validate(row)
            if not page or len(page) < page_size:
                return
            offset += page_size
