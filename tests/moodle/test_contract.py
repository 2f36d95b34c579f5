"""Contract test over every recorded real Moodle answer in ``../shared/moodle-fixtures``.

1. Through the real transport (HTTP mocked with the recorded status, type and body) every
   success parses into the client's models and every error maps to the right error class.
2. For each function the fake implements, the recorded request replayed against a fake seeded
   to the recorded site's state gives an answer of the same shape (keys and types, recursively).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import responses
from pydantic import BaseModel

from lms_bridge.moodle import errors as E
from lms_bridge.moodle.client import MoodleClient
from lms_bridge.moodle.config import MoodleConfig
from lms_bridge.testing import FakeMoodle
from tests.moodle.contract_parsers import NOT_MODELLED, PARSERS, RETURNS_NULL
from tests.moodle.recorded_site import fixtures_root, recorded_release, seed_from_recordings

ROOT = fixtures_root()
FILES = sorted(ROOT.glob("*/*.json")) if ROOT.is_dir() else []
URL = "https://moodle.example.org"


def test_recordings_are_present() -> None:
    """Without them every parametrized case below would silently vanish."""
    assert len(FILES) > 100, f"Moodle recordings missing at {ROOT} (set LMS_BRIDGE_MOODLE_FIXTURES)"

EXPECTED_ERRORS: dict[str, type[E.MoodleError]] = {
    "invalidtoken": E.InvalidToken,
    "accessexception": E.FunctionNotInService,
    "invalidparameter": E.InvalidParameter,
    "nopermissions": E.MissingCapability,
    "requireloginerror": E.MissingCapability,
    "nopermissiontoviewgrades": E.MissingCapability,
    "wsusercannotassign": E.MissingCapability,
    "invalidrecord": E.RecordNotFound,
    "invalidrecordunknown": E.RecordNotFound,
    "cannotfindsco": E.RecordNotFound,
    "nocriteriaset": E.NoCompletionCriteria,
    "shortnametaken": E.MoodleError,
    "cannotmanualctrack": E.MoodleError,
    "codingerror": E.MoodleError,
    "invalidlogin": E.MoodleError,
    "cannotcreatetoken": E.MoodleError,
}

#: replays that need a different token user than the fake's admin token
NEEDS_OTHER_TOKEN = {
    "core_webservice_get_site_info.error-norestcap",
    "core_user_create_users.error-nopermissions",
    "gradereport_user_get_grade_items.error-other-user",
    "mod_scorm_insert_scorm_tracks.error-not-enrolled",
    "mod_scorm_get_scorms_by_courses.student",
}


def _record(path: Path) -> dict[str, Any]:
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


def _name(record: dict[str, Any]) -> str:
    return str(record.get("wsfunction") or record["endpoint"].strip("/"))


def _body(record: dict[str, Any]) -> Any:
    body = record["response"]
    if isinstance(body, str) and body.startswith("{"):
        body = json.loads(body)
    return body


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def test_recordings_found() -> None:
    assert {p.parent.name for p in FILES} >= {"4.5", "4.5.5", "5.0"}
    assert len(FILES) > 150


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_recorded_answer_parses_or_maps_to_error(path: Path, tmp_path: Path) -> None:
    record = _record(path)
    name = _name(record)
    if name in NOT_MODELLED:
        assert NOT_MODELLED[name]
        return
    body = _body(record)
    client = MoodleClient(MoodleConfig(url=URL, token="t0k3n", backoff=0))  # type: ignore[arg-type]
    target = URL + ("/webservice/upload.php" if name == "webservice/upload.php"
                    else "/webservice/rest/server.php")
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, target, status=record["http_status"],
                 content_type=record.get("content_type", "application/json"), body=json.dumps(body))
        if name == "webservice/upload.php":
            def call() -> Any:
                return client.transport.upload([("x.txt", _Bytes(), "text/plain")])
        else:
            def call() -> Any:
                form = [(k, v) for k, v in record["request_form"].items()
                        if k != "moodlewsrestformat"]
                return client.transport.call(name, form, read_only=False)
        if isinstance(body, dict) and ("exception" in body or "errorcode" in body):
            with pytest.raises(E.MoodleError) as info:
                call()
            _check_error(info.value, body)
        else:
            parsed = PARSERS[name](client, tmp_path)
            if name in RETURNS_NULL:
                assert body is None and parsed is None
            else:
                got, recorded = _leaves(parsed), _leaves(body)
                assert got <= recorded, f"values Moodle did not send: {sorted(got - recorded)}"
                assert bool(got) == bool(recorded), "the wrapper dropped everything Moodle sent"


def _leaves(value: Any) -> set[str]:
    """The non-empty scalar values in ``value``, as text (``True`` as ``1``, ``2.0`` as ``2``).

    What a wrapper returns must come from what Moodle sent; fields a model filled with its
    defaults are left out (``exclude_unset``).
    """
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_unset=True)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return set().union(*(_leaves(v) for v in value))
    if not value:
        return set()
    if isinstance(value, bool):
        return {"1"}
    if isinstance(value, float) and value.is_integer():
        return {str(int(value))}
    return {str(value)}


def _check_error(error: E.MoodleError, body: dict[str, Any]) -> None:
    code = body.get("errorcode")
    text = str(error)
    assert "<div>" not in text and "t0k3n" not in text and "t0k3n" not in repr(error)
    if code is None:
        assert type(error) is E.MoodleServerError
    elif code == "invalidrecord" and "external_functions" in body.get("message", ""):
        assert type(error) is E.UnknownFunction
    elif code in EXPECTED_ERRORS:
        assert type(error) is EXPECTED_ERRORS[code], (code, type(error))
    else:  # an HTML fragment or a sentence in place of a code
        assert type(error) is E.MoodleError and error.errorcode is None
        assert error.message and "<" not in error.message
    if body.get("debuginfo"):
        assert body["debuginfo"] in text


class _Bytes:
    def __init__(self) -> None:
        self.data = b"hello"

    def seek(self, _pos: int) -> None:
        pass

    def read(self, *_args: Any) -> bytes:
        data, self.data = self.data, b""
        return data


def test_every_recorded_function_is_parsed_or_deliberately_not() -> None:
    names = {_name(_record(p)) for p in FILES}
    assert names - set(PARSERS) - set(NOT_MODELLED) == {"core_no_such_function",
                                                        "core_course_delete_courses",
                                                        "core_course_get_categories",
                                                        "core_courseformat_create_module"}


# -- replay against the fake ---------------------------------------------------------------

def _replayable() -> list[Path]:
    implemented = set(FakeMoodle().functions) | {"core_no_such_function",
                                                 "core_course_delete_courses",
                                                 "core_course_get_categories"}
    return [p for p in FILES if p.stem not in NEEDS_OTHER_TOKEN
            and _record(p).get("wsfunction") in implemented]


def _prepare(fake: FakeMoodle, path: Path, record: dict[str, Any]) -> None:
    seed_from_recordings(fake, path.parent)
    form = record["request_form"]
    stem = path.stem
    fake.debugging = stem.endswith(".debug")
    state = fake.state
    if stem.split(".")[0] == "core_user_create_users" and "error" not in stem:
        created = {v for k, v in form.items() if k.endswith("[username]")}
        for uid in [u.id for u in state.users.values() if u.username in created]:
            del state.users[uid]
        state.next_ids["user"] = min(r["id"] for r in record["response"])
    if stem == "core_cohort_create_cohorts":
        created = {v for k, v in form.items() if k.endswith("[idnumber]")}
        state.cohorts = {i: c for i, c in state.cohorts.items() if c.idnumber not in created}
    if stem == "core_course_create_courses":
        created = {v for k, v in form.items() if k.endswith("[shortname]")}
        state.courses = {i: c for i, c in state.courses.items() if c.shortname not in created}
    if stem == "core_cohort_add_cohort_members":
        for cohort in state.cohorts.values():
            cohort.members.clear()
    if stem.endswith("after-update") or stem == "core_enrol_get_enrolled_users":
        # recorded after the update calls
        client = MoodleClient(fake.config())
        for earlier in sorted(path.parent.glob("core_user_update_users*.json")):
            form = _record(earlier)["request_form"]
            client.transport.call("core_user_update_users", list(form.items()), read_only=False)
    if stem.startswith("mod_scorm_get_scorm_user_data"):  # recorded with the learner's token
        for (sco, _user, attempt), values in list(state.tracks.items()):
            state.tracks[(sco, fake.admin_id, attempt)] = dict(values)
    if stem.startswith("function_not_in_service"):
        fake.register_function(record["wsfunction"], lambda fake, params: None)
        fake.service_functions = set(fake.functions) - {record["wsfunction"]}


@pytest.mark.parametrize("path", _replayable(), ids=_id)
def test_fake_answers_like_moodle(path: Path) -> None:
    record = _record(path)
    token = "wrong-token" if "invalidtoken" in path.stem else "fake-token"
    with FakeMoodle(url=URL, release=recorded_release(path.parent)) as fake:
        _prepare(fake, path, record)
        client = MoodleClient(MoodleConfig(url=URL, token=token, backoff=0))  # type: ignore[arg-type]
        form = [(k, v) for k, v in record["request_form"].items() if k != "moodlewsrestformat"]
        try:
            got: Any = client.transport.call(record["wsfunction"], form, read_only=False)
        except E.MoodleError as exc:
            got = _error_body(exc)
    expected = record["response"]
    assert shape_diff(expected, got) == []
    if isinstance(expected, dict) and "errorcode" in expected:
        assert got["exception"] == expected["exception"]
        if re.fullmatch(r"[a-z0-9_]+", expected["errorcode"]):
            assert got["errorcode"] == expected["errorcode"]
        else:  # HTML or a sentence where Moodle should have put a code
            assert got["errorcode"] is None and got["message"]


def _error_body(exc: E.MoodleError) -> dict[str, Any]:
    body: dict[str, Any] = {"exception": exc.exception, "errorcode": exc.errorcode,
                            "message": exc.message}
    if exc.errorcode is None and exc.exception == "TypeError":
        del body["errorcode"]
    if exc.debuginfo:
        body["debuginfo"] = exc.debuginfo
    return body


def shape_diff(expected: Any, got: Any, path: str = "$") -> list[str]:
    """Differences of keys and value types; ``None`` matches anything (nullable fields)."""
    if expected is None or got is None:
        return []
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [f"{path}: expected an object, got {type(got).__name__}"]
        diffs = [f"{path}: missing key {k!r}" for k in expected if k not in got]
        diffs += [f"{path}: extra key {k!r}" for k in got if k not in expected]
        for key in expected.keys() & got.keys():
            diffs += shape_diff(expected[key], got[key], f"{path}.{key}")
        return diffs
    if isinstance(expected, list):
        if not isinstance(got, list):
            return [f"{path}: expected a list, got {type(got).__name__}"]
        diffs = []
        for index, (a, b) in enumerate(zip(expected, got, strict=False)):
            diffs += shape_diff(a, b, f"{path}[{index}]")
        return diffs
    kinds = {bool: "bool", int: "number", float: "number", str: "string"}
    if kinds.get(type(expected)) != kinds.get(type(got)):
        return [f"{path}: expected {type(expected).__name__}, got {type(got).__name__}"]
    return []


@pytest.mark.parametrize("path", sorted(ROOT.glob("*/*.xml")) if ROOT.is_dir() else [],
                         ids=_id)
def test_recorded_xml_answer_is_a_clear_error(path: Path) -> None:
    client = MoodleClient(MoodleConfig(url=URL, token="t0k3n", backoff=0))  # type: ignore[arg-type]
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, URL + "/webservice/rest/server.php",
                 body=path.read_bytes(), content_type="application/xml")
        with pytest.raises(E.UnexpectedResponse, match="XML instead of JSON"):
            client.call("core_webservice_get_site_info")
