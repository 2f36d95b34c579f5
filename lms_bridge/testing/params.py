"""Moodle's parameter handling, re-implemented for the fake: PHP form decoding and
``external_api::validate_parameters`` with its exact messages.

Moodle compares every value with its cleaned form (``"true"`` is not a bool, ``"Lab.Upper"`` is
not a username, ``"007"`` is not an int), rejects unknown keys and reports the failing path as
``users => Invalid parameter value detected: ...`` in ``debuginfo``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from lms_bridge.testing.errors import FakeMoodleException, invalid_parameter

_MISSING: Any = object()
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$")


@dataclass
class Value:
    """``external_value``: ``type`` is int, bool, float, text, username, email, alphanumext."""

    type: str = "text"
    required: bool = True
    default: Any = _MISSING


@dataclass
class Single:
    """``external_single_structure``."""

    keys: dict[str, Spec] = field(default_factory=dict)
    required: bool = True
    default: Any = _MISSING


@dataclass
class Multiple:
    """``external_multiple_structure``."""

    item: Spec = field(default_factory=Value)
    required: bool = True
    default: Any = _MISSING


Spec = Value | Single | Multiple


def optional(spec: Spec) -> Spec:
    spec.required = False
    return spec


def default(spec: Spec, value: Any) -> Spec:
    spec.required = False
    spec.default = value
    return spec


def form_pairs(body: str | bytes | None) -> list[tuple[str, str]]:
    """The ``name=value`` fields of a form body, in order, blanks kept (as PHP counts them)."""
    text = body.decode("utf-8") if isinstance(body, bytes) else (body or "")
    return parse_qsl(text, keep_blank_values=True)


def decode_form(body: str | bytes | None) -> tuple[dict[str, str], dict[str, Any]]:
    """Split a form body into Moodle's reserved keys and the nested function arguments."""
    return split_form(form_pairs(body))


def split_form(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, Any]]:
    """:func:`decode_form` for fields already parsed (the fake also counts them)."""
    reserved: dict[str, str] = {}
    nested: dict[str, Any] = {}
    for name, value in pairs:
        if name in ("wstoken", "wsfunction", "moodlewsrestformat", "wsusername", "wspassword") \
                or name.startswith("moodlewssetting"):
            reserved[name] = value
            continue
        put(nested, name, value)
    return reserved, nested


def put(target: dict[str, Any], name: str, value: str) -> None:
    """Store ``a[b][0]=v`` the way PHP builds ``$_POST``."""
    match = re.match(r"^([^\[]+)((?:\[[^\]]*\])*)$", name)
    if not match:
        target[name] = value
        return
    keys = [match.group(1), *re.findall(r"\[([^\]]*)\]", match.group(2))]
    node = target
    for index, key in enumerate(keys):
        last = index == len(keys) - 1
        if key == "":
            key = str(len(node))
        if last:
            node[key] = value
        else:
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
            node = child


def _clean(spec: Value, value: Any) -> Any:
    if isinstance(value, dict):
        raise invalid_parameter("Scalar type expected, array or object received.")
    text = str(value)
    ok = True
    result: Any = text
    if spec.type == "int":
        ok = re.fullmatch(r"-?(0|[1-9][0-9]*)", text) is not None
        result = int(text) if ok else None
    elif spec.type == "bool":
        ok = text in ("0", "1")
        result = text == "1"
    elif spec.type == "float":
        ok = re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text) is not None
        result = float(text) if ok else None
    elif spec.type == "username":
        ok = text == text.strip().lower() and re.fullmatch(r"[-.@_a-z0-9]*", text) is not None
    elif spec.type == "email":
        ok = text == "" or _EMAIL.match(text) is not None
    elif spec.type == "alphanumext":
        ok = re.fullmatch(r"[A-Za-z0-9_-]*", text) is not None
    if not ok:
        raise invalid_parameter(f'Invalid external api parameter: the value is "{text}", '
                                f'the server was expecting "{spec.type}" type')
    return result


def validate(spec: Spec, value: Any) -> Any:
    """``external_api::validate_parameters``: clean ``value`` or raise ``invalidparameter``."""
    if isinstance(spec, Value):
        return _clean(spec, value)
    if not isinstance(value, dict):
        raise invalid_parameter(f"Only arrays accepted. The bad value is: '{value}'")
    if isinstance(spec, Multiple):
        return [validate(spec.item, item) for item in value.values()]
    result: dict[str, Any] = {}
    for key, sub in spec.keys.items():
        if key not in value:
            if sub.required:
                raise invalid_parameter(f"Missing required key in single structure: {key}")
            if sub.default is not _MISSING:
                result[key] = sub.default
            continue
        try:
            result[key] = validate(sub, value[key])
        except FakeMoodleException as exc:
            if exc.errorcode == "invalidparameter":
                raise invalid_parameter(f"{key} => Invalid parameter value detected: "
                                        f"{exc.debuginfo}") from None
            raise
    unexpected = [k for k in value if k not in spec.keys]
    if unexpected:
        raise invalid_parameter(f"Unexpected keys ({', '.join(unexpected)}) detected in "
                                "parameter array.")
    return result
