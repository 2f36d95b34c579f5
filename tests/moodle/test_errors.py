from __future__ import annotations

import pytest

from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.moodle import errors as E


@pytest.mark.parametrize(("code", "cls"), [
    ("invalidtoken", E.InvalidToken), ("accessexception", E.FunctionNotInService),
    ("nopermissions", E.MissingCapability), ("invalidparameter", E.InvalidParameter),
    ("invalidrecord", E.RecordNotFound), ("sitemaintenance", E.Maintenance),
    ("nocriteriaset", E.NoCompletionCriteria), ("shortnametaken", E.MoodleError),
])
def test_errorcode_picks_the_class(code: str, cls: type[E.MoodleError]) -> None:
    error = E.error_from_body({"exception": "x", "errorcode": code, "message": "m"}, "f")
    assert type(error) is cls
    assert isinstance(error, LmsBridgeError)


def test_function_not_in_service_says_what_to_do() -> None:
    error = E.error_from_body({"exception": "webservice_access_exception",
                               "errorcode": "accessexception",
                               "message": "Access control exception"},
                              "core_cohort_add_cohort_members")
    assert "Add core_cohort_add_cohort_members to the external service" in str(error)


def test_invalid_parameter_keeps_moodle_message_and_debuginfo() -> None:
    error = E.error_from_body({"exception": "core\\exception\\invalid_parameter_exception",
                               "errorcode": "invalidparameter",
                               "message": "Invalid parameter value detected",
                               "debuginfo": "Username already exists: ana"},
                              "core_user_create_users")
    assert isinstance(error, E.InvalidParameter)
    assert "Invalid parameter value detected" in str(error)
    assert "Username already exists: ana" in str(error)


def test_html_errorcode_becomes_plain_text() -> None:
    error = E.error_from_body({"exception": "core\\exception\\moodle_exception",
                               "errorcode": "<div>Passwords must be at least 8 characters long"
                                            ".</div><div>Passwords must have at least 1 digit(s)"
                                            ".</div>",
                               "message": "error/<div>Passwords must be at least 8 characters "
                                          "long.</div><div>Passwords must have at least 1 "
                                          "digit(s).</div>"}, "core_user_create_users")
    assert error.errorcode is None
    assert "<" not in str(error)
    assert "at least 8 characters long.; Passwords must have" in str(error)


def test_type_error_without_errorcode_is_a_server_error() -> None:
    error = E.error_from_body({"exception": "TypeError", "message": "Argument #1 ..."}, "f")
    assert type(error) is E.MoodleServerError


def test_unknown_function_and_token_error_shape_of_upload() -> None:
    unknown = E.error_from_body({"exception": "dml_missing_record_exception",
                                 "errorcode": "invalidrecord",
                                 "message": "Can't find data record in database table "
                                            "external_functions."}, "core_x")
    assert type(unknown) is E.UnknownFunction
    upload = {"error": "Invalid token - token not found", "errorcode": "invalidtoken",
              "stacktrace": None, "debuginfo": None, "reproductionlink": None}
    assert E.is_error_body(upload)
    assert type(E.error_from_body(upload)) is E.InvalidToken


def test_missing_functions_lists_exactly_what_is_missing() -> None:
    error = E.MissingFunctions("sync", ["core_a", "core_b"])
    assert "sync needs web-service functions the token cannot call: core_a, core_b" in str(error)
    assert error.missing == ["core_a", "core_b"]
