"""``MoodleClient``: calls, site awareness, and one accessor per resource."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import requests

from lms_bridge.moodle.config import MoodleConfig
from lms_bridge.moodle.encoding import chunk_items, encode
from lms_bridge.moodle.errors import RecordNotFound, UnknownFunction
from lms_bridge.moodle.readonly import is_read_only
from lms_bridge.moodle.site import SiteInfo
from lms_bridge.moodle.transport import Transport

if TYPE_CHECKING:
    from lms_bridge.moodle.cohorts import Cohorts
    from lms_bridge.moodle.completion import Completion
    from lms_bridge.moodle.courses import Courses
    from lms_bridge.moodle.enrolments import Enrolments
    from lms_bridge.moodle.files import Files
    from lms_bridge.moodle.grades import Grades
    from lms_bridge.moodle.scorm import Scorm
    from lms_bridge.moodle.users import Users


class MoodleClient:
    """A connection to one Moodle site with one token. Thread-safe for concurrent calls."""

    def __init__(self, config: MoodleConfig, *, session: requests.Session | None = None) -> None:
        self.config = config
        self.transport = Transport(config, session=session)
        self._site: SiteInfo | None = None
        self._site_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MoodleClient(url={self.config.url!r})"

    def __enter__(self) -> MoodleClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.transport.close()

    def call(self, wsfunction: str, *, read_only: bool | None = None, **params: Any) -> Any:
        """Call ``wsfunction`` with ``params`` (nested dicts/lists, bools, ``None`` omitted)."""
        return self.call_params(wsfunction, params, read_only=read_only)

    def call_params(self, wsfunction: str, params: Mapping[str, Any], *,
                    read_only: bool | None = None) -> Any:
        ro = is_read_only(wsfunction) if read_only is None else read_only
        try:
            return self.transport.call(wsfunction, encode(params), read_only=ro)
        except RecordNotFound as exc:
            # 5.0 reports an unknown function as a bare "invalidrecordunknown"
            if self._site is not None and not self._site.has_function(wsfunction) \
                    and wsfunction != "core_webservice_get_site_info":
                raise UnknownFunction(exc.message, wsfunction=wsfunction,
                                      errorcode=exc.errorcode) from None
            raise

    def call_chunked(self, wsfunction: str, list_key: str, items: Sequence[Any], *,
                     read_only: bool | None = None, **fixed: Any) -> list[Any]:
        """Call once per chunk of ``items`` that fits ``max_input_vars``; one result per chunk."""
        return [self.call_params(wsfunction, {**fixed, list_key: chunk}, read_only=read_only)
                for chunk in chunk_items(items, list_key=list_key, fixed=fixed,
                                         max_input_vars=self.config.max_input_vars)]

    def site_info(self, *, refresh: bool = False) -> SiteInfo:
        """One ``core_webservice_get_site_info`` call per client (cached)."""
        with self._site_lock:
            if self._site is None or refresh:
                self._site = SiteInfo.model_validate(self.call("core_webservice_get_site_info"))
            return self._site

    def has_function(self, name: str) -> bool:
        return self.site_info().has_function(name)

    def require(self, feature_or_functions: str | Iterable[str]) -> None:
        self.site_info().require(feature_or_functions)

    @cached_property
    def users(self) -> Users:
        from lms_bridge.moodle.users import Users
        return Users(self)

    @cached_property
    def cohorts(self) -> Cohorts:
        from lms_bridge.moodle.cohorts import Cohorts
        return Cohorts(self)

    @cached_property
    def courses(self) -> Courses:
        from lms_bridge.moodle.courses import Courses
        return Courses(self)

    @cached_property
    def enrolments(self) -> Enrolments:
        from lms_bridge.moodle.enrolments import Enrolments
        return Enrolments(self)

    @cached_property
    def completion(self) -> Completion:
        from lms_bridge.moodle.completion import Completion
        return Completion(self)

    @cached_property
    def grades(self) -> Grades:
        from lms_bridge.moodle.grades import Grades
        return Grades(self)

    @cached_property
    def scorm(self) -> Scorm:
        from lms_bridge.moodle.scorm import Scorm
        return Scorm(self)

    @cached_property
    def files(self) -> Files:
        from lms_bridge.moodle.files import Files
        return Files(self)
