"""Errors raised by the Moodle client, keyed on Moodle's ``errorcode``.

Moodle answers almost every failure with HTTP 200 and a body ``{exception, errorcode, message,
debuginfo?}``. The ``exception`` class name changed namespace in 4.5, and ``errorcode`` is
sometimes missing (a PHP ``TypeError``) or is HTML or a sentence (password policy, quick-create),
so the mapping looks at ``errorcode`` first and never trusts it to be a short identifier.
Messages say what to do next; none of them ever contains the token (the token never reaches
this module).
"""

from __future__ import annotations

import html
import re
from typing import Any

from lms_bridge.exceptions import LmsBridgeError


class MoodleError(LmsBridgeError):
    """Moodle refused a call, or could not be reached or understood."""

    hint = ""
    retry_after: float | None = None
    """Seconds the failed answer's ``Retry-After`` asked to wait, if it carried one."""
    retryable = False
    """Set by the transport when its policy retries this kind of failure (a network fault, or an
    HTTP status it retries): it has already made its attempts, so a caller need not repeat them.
    False for an error inside an answer it does not retry (a PHP exception with HTTP 200)."""

    def __init__(self, message: str, *, wsfunction: str | None = None,
                 errorcode: str | None = None, exception: str | None = None,
                 debuginfo: str | None = None, http_status: int | None = None) -> None:
        self.message = message
        self.wsfunction = wsfunction
        self.errorcode = errorcode
        self.exception = exception
        self.debuginfo = debuginfo
        self.http_status = http_status
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.wsfunction}: " if self.wsfunction else ""
        text = f"{where}{self.message}"
        if self.errorcode and self.errorcode not in self.message and _is_code(self.errorcode):
            text += f" [{self.errorcode}]"
        if self.debuginfo:
            text += f" (Moodle debug info: {self.debuginfo})"
        if self.hint:
            text += f". {self.hint}"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.wsfunction!r}, errorcode={self.errorcode!r})"


class MoodleConnectionError(MoodleError):
    """The site could not be reached, or did not answer in time."""


class WriteOutcomeUnknown(MoodleConnectionError):
    """A write reached the server but no answer came back, so it may or may not have been
    applied; the transport never resends it. Callers that can re-read state (the sync's
    recheck) decide whether to send it again."""


class UnexpectedResponse(MoodleError):
    """Moodle answered something that is not a web-service answer (an HTML page, XML, junk)."""


class WebServicesDisabled(MoodleError):
    """HTTP 403 from ``server.php``: web services or the REST protocol are switched off."""

    hint = ("Ask a Moodle admin to enable web services and the REST protocol "
            "(Site administration > Server > Web services > Overview)")


class Maintenance(MoodleError):
    """The site is in maintenance mode (CLI maintenance: HTTP 503, or ``sitemaintenance``)."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kw)
        if retry_after is not None:
            self.args = (f"{self.args[0]}. Moodle asks to retry after {retry_after:.0f} s",)


class InvalidToken(MoodleError):
    """The token is unknown to the site (mistyped, deleted, or for another site)."""

    hint = "Check the token (--token-file / LMS_BRIDGE_MOODLE_TOKEN) and the site URL"


class AccessDenied(MoodleError):
    """``accessexception``: the service or token does not allow this call."""


class FunctionNotInService(AccessDenied):
    """The function exists but is not in the token's external service."""

    def _render(self) -> str:
        name = self.wsfunction or "this function"
        text = (f"Moodle refused {name} (accessexception). Add {name} to the external service "
                "the token belongs to (Site administration > Server > Web services > External "
                "services > Functions); if it is already there, check that the service is "
                "enabled, the token has not expired and its user has webservice/rest:use")
        if self.debuginfo:
            text += f" (Moodle debug info: {self.debuginfo})"
        return text


class UnknownFunction(MoodleError):
    """The site has no such web-service function (older Moodle, or the plugin is missing)."""

    hint = "This Moodle version or its plugins do not provide it; run `lms-bridge moodle check`"


class MissingCapability(MoodleError):
    """The token's user lacks a capability (``nopermissions``, ``requireloginerror`` ...)."""

    hint = "Give the web-service user the capability in Moodle, or use another token"


class InvalidParameter(MoodleError):
    """``invalidparameter``: Moodle rejected a parameter (debug info says which, if enabled)."""

    def _render(self) -> str:
        text = super()._render()
        if not self.debuginfo:
            text += (". Moodle gives details only with debugging on; lms-bridge validates input "
                     "before sending, so this usually means a duplicate or a value Moodle "
                     "cleans differently")
        return text


class RecordNotFound(MoodleError):
    """A record the call refers to does not exist (``invalidrecord`` and friends)."""


class NoCompletionCriteria(MoodleError):
    """``nocriteriaset``: the course has no completion criteria (normal for many courses)."""


class MoodleServerError(MoodleError):
    """Moodle failed internally (a PHP error without an ``errorcode``, or HTTP 5xx)."""


class MissingFunctions(MoodleError):
    """The token cannot call functions a feature needs; lists exactly which."""

    def __init__(self, feature: str, missing: list[str]) -> None:
        self.feature = feature
        self.missing = list(missing)
        super().__init__(
            f"{feature} needs web-service functions the token cannot call: "
            f"{', '.join(self.missing)}. Add them to the token's external service in Moodle "
            "(Site administration > Server > Web services > External services > Functions)",
        )

    def _render(self) -> str:
        return self.message


_BY_CODE: dict[str, type[MoodleError]] = {
    "invalidtoken": InvalidToken,
    "accessexception": FunctionNotInService,
    "nopermissions": MissingCapability,
    "requireloginerror": MissingCapability,
    "restrictedcontextexception": MissingCapability,
    "nopermissiontoviewgrades": MissingCapability,
    "cannotviewreport": MissingCapability,
    "wsusercannotassign": MissingCapability,
    "invalidparameter": InvalidParameter,
    "invalidrecord": RecordNotFound,
    "invalidrecordunknown": RecordNotFound,
    "invalidcourseid": RecordNotFound,
    "invaliduser": RecordNotFound,
    "invalidcoursemodule": RecordNotFound,
    "cannotfindsco": RecordNotFound,
    "sitemaintenance": Maintenance,
    "nocriteriaset": NoCompletionCriteria,
    "enablewsdescription": WebServicesDisabled,
}


def _is_code(value: str) -> bool:
    return re.fullmatch(r"[a-z0-9_]{1,64}", value) is not None


def _strip_html(text: str) -> str:
    parts = [p.strip() for p in re.split(r"<[^>]+>", text)]
    return html.unescape("; ".join(p for p in parts if p))


def is_error_body(body: Any) -> bool:
    """Whether a decoded JSON body is one of Moodle's error shapes (whatever the HTTP status)."""
    if not isinstance(body, dict):
        return False
    if "exception" in body or "errorcode" in body:
        return True
    return "error" in body and "stacktrace" in body


def error_from_body(body: dict[str, Any], wsfunction: str | None = None) -> MoodleError:
    """Build the right :class:`MoodleError` subclass from a Moodle error body."""
    exception = body.get("exception")
    raw_code = body.get("errorcode")
    code = str(raw_code) if raw_code is not None else None
    message = str(body.get("message") or body.get("error") or "Moodle reported an error")
    debuginfo = body.get("debuginfo") or None
    if code is not None and not _is_code(code):
        # password-policy HTML or a sentence in place of a code: keep the text, drop the markup
        message = _strip_html(message.removeprefix("error/"))
        code = None
    cls: type[MoodleError] = _BY_CODE.get(code or "", MoodleError)
    if code in ("invalidrecord", "invalidrecordunknown") and "external_functions" in message:
        cls = UnknownFunction
    if code is None and raw_code is None and exception is not None:
        cls = MoodleServerError
    return cls(message, wsfunction=wsfunction, errorcode=code,
               exception=str(exception) if exception else None,
               debuginfo=str(debuginfo) if debuginfo else None)
