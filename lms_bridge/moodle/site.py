"""What ``core_webservice_get_site_info`` says about the site and the token."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from lms_bridge.moodle.errors import MissingFunctions


class WsFunction(BaseModel):
    name: str
    version: str = ""


class SiteInfo(BaseModel):
    """The parts of the site info the project uses; unknown keys are kept, not rejected."""

    model_config = ConfigDict(extra="allow")

    sitename: str
    username: str
    fullname: str = ""
    userid: int
    siteurl: str
    release: str = ""
    version: str = ""
    lang: str = ""
    functions: list[WsFunction] = Field(default_factory=list)
    downloadfiles: int = 0
    uploadfiles: int = 0
    userissiteadmin: bool = False

    @property
    def function_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.functions)

    @property
    def release_tuple(self) -> tuple[int, int]:
        """``(4, 5)`` for ``"4.5+ (Build: 20241205)"``; ``(0, 0)`` when unknown."""
        match = re.match(r"(\d+)\.(\d+)", self.release)
        return (int(match.group(1)), int(match.group(2))) if match else (0, 0)

    def has_function(self, name: str) -> bool:
        return name in self.function_names

    def missing(self, functions: Iterable[str]) -> list[str]:
        names = self.function_names
        return [f for f in functions if f not in names]

    def require(self, feature_or_functions: str | Iterable[str]) -> None:
        """Raise :class:`MissingFunctions` listing exactly what the token cannot call.

        A string is a feature name from :mod:`lms_bridge.moodle.features`.
        """
        from lms_bridge.moodle.features import required_functions

        if isinstance(feature_or_functions, str):
            feature = feature_or_functions
            functions: list[str] = list(required_functions(feature))
        else:
            functions = list(feature_or_functions)
            feature = "This operation"
        missing = self.missing(functions)
        if missing:
            raise MissingFunctions(feature, missing)
