"""The companion plugin ``local_lmsbridge``: deploy SCORM, cohort sync, bulk completions.

Core Moodle 4.1-5.x has no web service for these (see ``docs/moodle-admin.md``); the plugin adds
them. Features ask :meth:`LmsBridgePlugin.available` first and fall back to core functions, or
stop with install instructions, when the site does not have it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from lms_bridge.moodle.models import MoodleModel
from lms_bridge.moodle.readonly import mark_read_only

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient

DEPLOY_SCORM = "local_lmsbridge_deploy_scorm"
ADD_COHORT_ENROLMENT = "local_lmsbridge_add_cohort_enrolment"
GET_COURSE_COMPLETIONS = "local_lmsbridge_get_course_completions"
PLUGIN_FUNCTIONS = (DEPLOY_SCORM, ADD_COHORT_ENROLMENT, GET_COURSE_COMPLETIONS)
MAX_PERPAGE = 200

mark_read_only(GET_COURSE_COMPLETIONS)

#: mod_scorm's ``completionstatusrequired`` bits (``scorm_status_options()``)
STATUS_PASSED = 2
STATUS_COMPLETED = 4


class DeployResult(MoodleModel):
    cmid: int
    scormid: int
    action: Literal["created", "updated", "unchanged"]
    packagechanged: bool
    revision: int
    sha1hash: str
    version: str = ""


class CohortEnrolment(MoodleModel):
    instanceid: int
    created: bool
    enrolledusers: int = 0


class ScormProgress(MoodleModel):
    cmid: int
    status: str
    score: float | None = None
    grade: float | None = None
    attempts: int = 0


class LearnerCompletion(MoodleModel):
    id: int
    username: str
    idnumber: str = ""
    email: str = ""
    coursecompleted: bool = False
    timecompleted: int | None = None
    activitiescompleted: int = 0
    activitiesfailed: int = 0
    activitiestotal: int = 0
    finalgrade: float | None = None
    scorms: list[ScormProgress] = Field(default_factory=list)


class CourseScorm(MoodleModel):
    cmid: int
    scormid: int
    name: str = ""
    idnumber: str = ""


class CompletionPage(MoodleModel):
    total: int
    page: int
    perpage: int
    completionenabled: bool = True
    scorms: list[CourseScorm] = Field(default_factory=list)
    users: list[LearnerCompletion] = Field(default_factory=list)


class LmsBridgePlugin:
    """Typed calls to the plugin's three functions through one :class:`MoodleClient`."""

    def __init__(self, client: MoodleClient) -> None:
        self._client = client

    def available(self, *functions: str) -> bool:
        """Whether the token can call ``functions`` (default: all three plugin functions)."""
        return not self._client.site_info().missing(functions or PLUGIN_FUNCTIONS)

    def deploy_scorm(self, *, courseid: int, idnumber: str, name: str, draftitemid: int = 0,
                     section: int = 0, grademethod: int = 1, whatgrade: int = 0,
                     maxgrade: float = 100.0, maxattempt: int = 0,
                     completionstatusrequired: int = 0,
                     completionscorerequired: int = 0) -> DeployResult:
        """Create or update (by course-module ``idnumber``) a SCORM activity.

        ``draftitemid`` 0 keeps the current package and only applies the settings.
        """
        answer = self._client.call(
            DEPLOY_SCORM, courseid=courseid, idnumber=idnumber, name=name,
            draftitemid=draftitemid, section=section, grademethod=grademethod,
            whatgrade=whatgrade, maxgrade=maxgrade, maxattempt=maxattempt,
            completionstatusrequired=completionstatusrequired,
            completionscorerequired=completionscorerequired)
        return DeployResult.model_validate(answer)

    def add_cohort_enrolment(self, *, courseid: int, cohortid: int, roleid: int,
                             groupid: int = 0) -> CohortEnrolment:
        """Add (or find and enable) the cohort sync instance and run the sync.

        ``groupid`` 0 adds the members to no group, -1 to a new group named after the cohort
        (needs ``moodle/course:managegroups``), otherwise to that group of the course.
        """
        answer = self._client.call(ADD_COHORT_ENROLMENT, courseid=courseid, cohortid=cohortid,
                                   roleid=roleid, groupid=groupid)
        return CohortEnrolment.model_validate(answer)

    def course_completions_page(self, courseid: int, *, page: int = 0,
                                perpage: int = 100) -> CompletionPage:
        answer = self._client.call(GET_COURSE_COMPLETIONS, courseid=courseid, page=page,
                                   perpage=min(perpage, MAX_PERPAGE))
        return CompletionPage.model_validate(answer)

    def course_completions(self, courseid: int, *,
                           perpage: int = 100) -> Iterator[LearnerCompletion]:
        """Every learner of the course, one call per ``perpage`` learners."""
        page = 0
        while True:
            answer = self.course_completions_page(courseid, page=page, perpage=perpage)
            yield from answer.users
            page += 1
            if not answer.users or page * answer.perpage >= answer.total:
                return
