"""SCORM activities, SCOs, attempts and tracks.

``get_scorm_user_data`` and ``insert_scorm_tracks`` always act for the *token's* user; an admin
token cannot read a learner's runtime data that way, only through ``get_scorm_sco_tracks``
(which takes a ``userid``, renames elements to ``score_raw``/``status``/... and returns numbers
for some values).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from pydantic import Field

from lms_bridge.moodle.models import MoodleModel

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient


class ScormActivity(MoodleModel):
    id: int
    coursemodule: int
    course: int
    name: str = ""
    version: str = ""
    packageurl: str | None = None
    packagesize: int | None = None
    sha1hash: str | None = None
    md5hash: str | None = None
    revision: int | None = None
    reference: str | None = None
    scormtype: str | None = None
    maxgrade: float | None = None


class Element(MoodleModel):
    element: str
    value: str | int | float | None = None


class Sco(MoodleModel):
    id: int
    scorm: int
    identifier: str = ""
    title: str = ""
    launch: str = ""
    scormtype: str = ""
    organization: str = ""
    parent: str = ""
    sortorder: int | None = None
    extradata: list[Element] = Field(default_factory=list)


class ScoTracks(MoodleModel):
    attempt: int
    tracks: list[Element] = Field(default_factory=list)

    def as_dict(self) -> dict[str, str | int | float | None]:
        return {t.element: t.value for t in self.tracks}


class ScoUserData(MoodleModel):
    scoid: int
    userdata: list[Element] = Field(default_factory=list)
    defaultdata: list[Element] = Field(default_factory=list)


class Scorm:
    def __init__(self, client: MoodleClient) -> None:
        self._client = client

    def by_courses(self, course_ids: Iterable[int]) -> list[ScormActivity]:
        answer = self._client.call("mod_scorm_get_scorms_by_courses", courseids=list(course_ids))
        return [ScormActivity.model_validate(s) for s in answer.get("scorms", [])]

    def scoes(self, scorm_id: int, organization: str = "") -> list[Sco]:
        answer = self._client.call("mod_scorm_get_scorm_scoes", scormid=scorm_id,
                                   organization=organization or None)
        return [Sco.model_validate(s) for s in answer.get("scoes", [])]

    def attempt_count(self, scorm_id: int, user_id: int, *,
                      ignore_missing_completion: bool = False) -> int:
        answer = self._client.call("mod_scorm_get_scorm_attempt_count", scormid=scorm_id,
                                   userid=user_id,
                                   ignoremissingcompletion=ignore_missing_completion or None)
        return int(answer["attemptscount"])

    def sco_tracks(self, sco_id: int, user_id: int, attempt: int = 0) -> ScoTracks:
        """A user's tracks on one SCO; ``attempt=0`` means the last attempt."""
        answer = self._client.call("mod_scorm_get_scorm_sco_tracks", scoid=sco_id,
                                   userid=user_id, attempt=attempt)
        return ScoTracks.model_validate(answer["data"])

    def own_user_data(self, scorm_id: int, attempt: int) -> list[ScoUserData]:
        """Runtime data of the token's own user (Moodle allows no other)."""
        answer = self._client.call("mod_scorm_get_scorm_user_data", scormid=scorm_id,
                                   attempt=attempt)
        return [ScoUserData.model_validate(d) for d in answer.get("data", [])]

    def insert_own_tracks(self, sco_id: int, attempt: int,
                          tracks: Mapping[str, str]) -> list[int]:
        """Store tracks as the token's own user; returns the track ids."""
        answer = self._client.call("mod_scorm_insert_scorm_tracks", scoid=sco_id,
                                   attempt=attempt, tracks=[
                                       {"element": k, "value": v} for k, v in tracks.items()])
        return [int(t) for t in answer.get("trackids", [])]
