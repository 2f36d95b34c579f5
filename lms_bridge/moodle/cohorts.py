"""Cohorts: create, get, search, and membership.

``core_cohort_add_cohort_members`` reports unknown cohorts/users (code ``2``) and existing
members (code ``3``) as warnings, never as an exception; ``delete_cohort_members`` is all or
nothing and returns ``null``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from lms_bridge.moodle.errors import MoodleError
from lms_bridge.moodle.models import InputModel, MoodleModel, MoodleWarning, warnings_in

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient


class Cohort(MoodleModel):
    id: int
    name: str
    idnumber: str = ""
    description: str = ""
    descriptionformat: int = 1
    visible: bool = True
    theme: str = ""


class NewCohort(InputModel):
    name: str
    idnumber: str
    description: str | None = None
    visible: bool | None = None
    #: "system", or a course category looked up by "id" / "idnumber"
    category_type: Literal["system", "id", "idnumber"] = "system"
    category_value: str = ""
    #: cohort custom fields (shortname -> value); Moodle 4.2 and later
    customfields: dict[str, str] | None = None

    def as_param(self) -> dict[str, Any]:
        fields = None
        if self.customfields:
            fields = [{"shortname": k, "value": v} for k, v in self.customfields.items()]
        return {"categorytype": {"type": self.category_type, "value": self.category_value},
                "name": self.name, "idnumber": self.idnumber,
                "description": self.description, "visible": self.visible,
                "customfields": fields}


class CohortMember(InputModel):
    """One membership, addressed the way ``add_cohort_members`` accepts."""

    cohort: str | int
    user: str | int
    cohort_type: Literal["id", "idnumber"] = "idnumber"
    user_type: Literal["id", "username"] = "username"

    def as_param(self) -> dict[str, Any]:
        return {"cohorttype": {"type": self.cohort_type, "value": str(self.cohort)},
                "usertype": {"type": self.user_type, "value": str(self.user)}}


class Cohorts:
    def __init__(self, client: MoodleClient) -> None:
        self._client = client

    def create(self, cohorts: Sequence[NewCohort]) -> list[Cohort]:
        """Create cohorts (all or nothing per request; a duplicate idnumber fails it)."""
        if any(c.customfields for c in cohorts) and \
                self._client.site_info().release_tuple < (4, 2):
            raise MoodleError("cohort custom fields need Moodle 4.2 or later; this site runs "
                              f"{self._client.site_info().release}",
                              wsfunction="core_cohort_create_cohorts")
        results = self._client.call_chunked("core_cohort_create_cohorts", "cohorts",
                                            [c.as_param() for c in cohorts])
        return [Cohort.model_validate(c) for chunk in results for c in chunk]

    def get(self, cohort_ids: Iterable[int] = ()) -> list[Cohort]:
        """Cohorts by id; no ids means every cohort the token may see."""
        answer = self._client.call("core_cohort_get_cohorts", cohortids=list(cohort_ids))
        return [Cohort.model_validate(c) for c in answer or []]

    def search(self, query: str, *, contextid: int = 1, includes: str = "all",
               limitfrom: int = 0, limitnum: int = 25) -> list[Cohort]:
        answer = self._client.call("core_cohort_search_cohorts", query=query,
                                   context={"contextid": contextid}, includes=includes,
                                   limitfrom=limitfrom, limitnum=limitnum)
        return [Cohort.model_validate(c) for c in answer.get("cohorts", [])]

    def add_members(self, members: Sequence[CohortMember]) -> list[MoodleWarning]:
        return warnings_in(self._client.call_chunked("core_cohort_add_cohort_members",
                                                     "members", [m.as_param() for m in members]))

    def remove_members(self, pairs: Sequence[tuple[int, int]]) -> None:
        """Remove ``(cohortid, userid)`` pairs (numeric ids only; all or nothing per call)."""
        self._client.call_chunked("core_cohort_delete_cohort_members", "members",
                                  [{"cohortid": c, "userid": u} for c, u in pairs])

    def members(self, cohort_ids: Iterable[int]) -> dict[int, list[int]]:
        answer = self._client.call("core_cohort_get_cohort_members",
                                   cohortids=list(cohort_ids))
        return {int(row["cohortid"]): [int(u) for u in row.get("userids", [])]
                for row in answer or []}
