"""Errors the fake Moodle raises inside a handler; rendered as Moodle's JSON error body."""

from __future__ import annotations

from typing import Any

NAMESPACED = {"invalid_parameter_exception", "moodle_exception", "required_capability_exception",
              "require_login_exception", "coding_exception"}


class FakeMoodleException(Exception):
    """A Moodle exception: ``exception`` is the bare PHP class name (namespaced on output)."""

    def __init__(self, errorcode: str | None, message: str, *,
                 exception: str = "moodle_exception", debuginfo: str | None = None) -> None:
        super().__init__(message)
        self.errorcode = errorcode
        self.message = message
        self.exception = exception
        self.debuginfo = debuginfo

    def body(self, *, namespaced: bool, debugging: bool) -> dict[str, Any]:
        cls = self.exception
        if namespaced and cls in NAMESPACED:
            cls = "core\\exception\\" + cls
        out: dict[str, Any] = {"exception": cls}
        if self.errorcode is not None:
            out["errorcode"] = self.errorcode
        out["message"] = self.message
        if debugging and self.debuginfo:
            out["debuginfo"] = self.debuginfo
        return out


def invalid_parameter(debuginfo: str) -> FakeMoodleException:
    return FakeMoodleException("invalidparameter", "Invalid parameter value detected",
                               exception="invalid_parameter_exception", debuginfo=debuginfo)


def missing_record(table: str) -> FakeMoodleException:
    return FakeMoodleException("invalidrecord",
                               f"Can't find data record in database table {table}.",
                               exception="dml_missing_record_exception")


def moodle_error(errorcode: str, message: str) -> FakeMoodleException:
    return FakeMoodleException(errorcode, message)


def no_permission(what: str) -> FakeMoodleException:
    return FakeMoodleException(
        "nopermissions",
        f"Sorry, but you do not currently have permissions to do that ({what}).",
        exception="required_capability_exception")
