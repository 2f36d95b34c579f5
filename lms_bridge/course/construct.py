"""Build course models from plain values without running pydantic's validator when it can't matter.

The models are ``defer_build``: pydantic builds a model's validator on its first validation,
and that first build costs a whole ``lms-bridge build`` about 25 ms (core schema building, plus
pydantic's plugin lookup, which imports ``importlib.metadata`` and scans every installed
distribution). Nearly every course holds only values of exactly the declared types, for which
pydantic would return the same values unchanged (an ``int`` for a ``float`` field becomes a
``float``, a ``str`` for an enum field its member). :func:`construct` checks each value against
its field's type, constraints and ``after`` field validators, and when everything fits builds
the model as unpickling does: the same object ``model_validate`` would return, fields set
included (``tests/course/test_construct.py`` compares the two). Anything else (a string where
a number belongs, a value out of range, a missing or unknown key, a type this module does not
know) goes to ``model_validate``, so coercions and error messages are pydantic's, exactly as
without this shortcut.
"""

from __future__ import annotations

import inspect
import operator
import types
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import PurePath
from typing import Any, NamedTuple, TypeVar, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

M = TypeVar("M", bound=BaseModel)


class _Mismatch(Exception):
    """A value pydantic might coerce or refuse: let pydantic decide."""


Check = Callable[[Any], Any]
"""Returns the value pydantic would produce, or raises :class:`_Mismatch`."""

_REQUIRED = object()
_IMMUTABLE = (type(None), bool, int, float, str, Enum)
_KNOWN_CONFIG = frozenset({"extra", "frozen", "defer_build"})
"""Settings that change no value: others (``strict``, ``str_strip_whitespace``…) might."""


class _Field(NamedTuple):
    check: Check
    default: Any
    """The value when not given, ``_REQUIRED``, or a ``default_factory`` (see ``factory``)."""
    factory: bool


_PLAN: dict[type[BaseModel], dict[str, _Field] | None] = {}
"""Per model, its fields; ``None`` for a model that must always be validated."""


def construct(model: type[M], data: Mapping[str, Any]) -> M:
    """``model.model_validate(data)``, without the validator when ``data`` needs none."""
    try:
        return _construct(model, data)
    except _Mismatch:
        return model.model_validate(data)


def _construct(model: type[M], data: Any) -> M:
    if type(data) is not dict:
        raise _Mismatch
    plan = _plan(model)
    if plan is None or not data.keys() <= plan.keys():
        raise _Mismatch
    values: dict[str, Any] = {}
    for name, field in plan.items():
        if name in data:
            values[name] = field.check(data[name])
        elif field.default is _REQUIRED:
            raise _Mismatch
        else:
            values[name] = field.default() if field.factory else field.default
    # What unpickling does: a quarter of model_construct's cost, which looks up aliases and
    # resolves defaults field by field (and inspects a default_factory's signature every time).
    instance = model.__new__(model)
    instance.__setstate__({"__dict__": values, "__pydantic_fields_set__": set(data),
                           "__pydantic_extra__": None, "__pydantic_private__": None})
    return instance


def _plan(model: type[BaseModel]) -> dict[str, _Field] | None:
    if model not in _PLAN:
        try:
            _PLAN[model] = _make_plan(model)
        except _Mismatch:
            _PLAN[model] = None
    return _PLAN[model]


def _make_plan(model: type[BaseModel]) -> dict[str, _Field]:
    decorators = model.__pydantic_decorators__
    if (model.model_config.get("extra") != "forbid"
            or not model.model_config.keys() <= _KNOWN_CONFIG or decorators.model_validators
            or decorators.root_validators or decorators.validators or model.__private_attributes__
            or model.__pydantic_post_init__ is not None or model.__pydantic_root_model__):
        raise _Mismatch
    after: dict[str, list[Callable[[Any], Any]]] = {}
    for decorator in decorators.field_validators.values():
        if (decorator.info.mode != "after" or "*" in decorator.info.fields
                or len(inspect.signature(decorator.func).parameters) != 1):
            raise _Mismatch
        for name in decorator.info.fields:
            after.setdefault(name, []).append(decorator.func)
    plan: dict[str, _Field] = {}
    for name, info in model.model_fields.items():
        if (info.alias not in (None, name) or info.validation_alias is not None
                or info.validate_default):
            raise _Mismatch  # (Strict() and other markers are metadata: see _constrained)
        check = _constrained(_check_for(info.annotation), info)
        for validator in after.get(name, []):
            check = _validated(check, validator)
        plan[name] = _default(info, check)
    return plan


def _default(info: FieldInfo, check: Check) -> _Field:
    """How a field that is not given gets its value, as ``FieldInfo.get_default`` does it."""
    if info.is_required():
        return _Field(check, _REQUIRED, factory=False)
    factory = info.default_factory
    if factory is not None:
        if factory not in (list, dict):
            raise _Mismatch  # it might want the validated data
        return _Field(check, factory, factory=True)
    if not isinstance(info.default, _IMMUTABLE):
        raise _Mismatch  # pydantic hands out a deep copy
    return _Field(check, info.default, factory=False)


def _check_for(annotation: Any) -> Check:
    """The check of one type; raises :class:`_Mismatch` for a type it does not know."""
    origin, args = get_origin(annotation), get_args(annotation)
    if annotation in (str, bool, int):
        return _exactly(annotation)
    if annotation is float:
        return _float
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _check_for(next(a for a in args if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin is list and len(args) == 1:
        item = _check_for(args[0])
        return lambda value: [item(v) for v in _exactly(list)(value)]
    if origin is dict and len(args) == 2 and args[0] is str:
        entry = _check_for(args[1])
        return lambda value: {_exactly(str)(k): entry(v) for k, v in _exactly(dict)(value).items()}
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _enum(annotation)
    if isinstance(annotation, type) and issubclass(annotation, PurePath):
        return _instance(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _submodel(annotation)
    raise _Mismatch


def _exactly(kind: type) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise _Mismatch
        return value

    return check


def _float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    raise _Mismatch


def _enum(kind: type[Enum]) -> Check:
    def check(value: Any) -> Any:
        if type(value) is kind:
            return value
        if type(value) is str and value in kind._value2member_map_:
            return kind._value2member_map_[value]
        raise _Mismatch

    return check


def _instance(kind: type) -> Check:
    def check(value: Any) -> Any:
        if not isinstance(value, kind):
            raise _Mismatch
        return value

    return check


def _submodel(model: type[BaseModel]) -> Check:
    def check(value: Any) -> Any:
        if isinstance(value, model):
            return value  # pydantic keeps model instances as they are (revalidate 'never')
        return _construct(model, value)

    if model.model_config.get("revalidate_instances", "never") != "never":
        raise _Mismatch
    return check


def _constrained(check: Check, info: FieldInfo) -> Check:
    bounds: list[tuple[Callable[[Any, Any], bool], Any]] = []
    for constraint in info.metadata:
        if isinstance(constraint, annotated_types.Gt):
            bounds.append((operator.gt, constraint.gt))
        elif isinstance(constraint, annotated_types.Ge):
            bounds.append((operator.ge, constraint.ge))
        elif isinstance(constraint, annotated_types.Lt):
            bounds.append((operator.lt, constraint.lt))
        elif isinstance(constraint, annotated_types.Le):
            bounds.append((operator.le, constraint.le))
        else:
            raise _Mismatch
    if not bounds:
        return check

    def bounded(value: Any) -> Any:
        result = check(value)
        if result is not None and not all(ok(result, limit) for ok, limit in bounds):
            raise _Mismatch
        return result

    return bounded


def _validated(check: Check, validator: Callable[[Any], Any]) -> Check:
    def validated(value: Any) -> Any:
        try:
            return validator(check(value))
        except (ValueError, AssertionError):
            raise _Mismatch from None

    return validated
