"""Parameters in the form PHP (and so Moodle) decodes: bracket notation, 0/1 booleans.

``{"users": [{"customfields": [{"type": "dept"}]}]}`` becomes
``users[0][customfields][0][type]=dept``. ``None`` is omitted (Moodle then applies the
default, or says a required key is missing, which is what we want to hear). Moodle's
``PARAM_BOOL`` rejects ``"true"``, so booleans are ``1``/``0``.

PHP silently drops POST fields beyond ``max_input_vars`` (5,000 is Moodle's required minimum on
PHP 8), which shows up as a baffling "missing required key" on the last record; the chunking
helpers keep each request under the limit by *field count*, not record count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel

T = TypeVar("T")

#: wstoken, wsfunction, moodlewsrestformat, plus room for a proxy-added field
RESERVED_FIELDS = 4

DEFAULT_FIELD_BUDGET = 4000
"""80% of Moodle's required minimum ``max_input_vars``; the rest is headroom."""


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Enum):
        return _scalar(value.value)
    if isinstance(value, (int, str)):
        return str(value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    raise TypeError(f"cannot send a {type(value).__name__} to Moodle")


def encode(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Flatten nested params into ordered ``(name, value)`` form fields."""
    fields: list[tuple[str, str]] = []
    for key, value in params.items():
        _encode_into(fields, str(key), value)
    return fields


def _encode_into(fields: list[tuple[str, str]], name: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_none=True)
    if isinstance(value, Mapping):
        for key, item in value.items():
            _encode_into(fields, f"{name}[{key}]", item)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _encode_into(fields, f"{name}[{index}]", item)
    else:
        fields.append((name, _scalar(value)))


def field_count(value: Any) -> int:
    """How many form fields ``value`` encodes to, counted without building them."""
    if value is None:
        return 0
    if isinstance(value, BaseModel):
        value = value.model_dump(exclude_none=True)
    if isinstance(value, Mapping):
        return sum(field_count(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(field_count(v) for v in value)
    return 1


def count_fields(params: Mapping[str, Any]) -> int:
    """How many form fields ``params`` encodes to."""
    return field_count(params)


def chunks(items: Sequence[T], encode_item: Callable[[T], Any],
           budget: int = DEFAULT_FIELD_BUDGET) -> Iterator[list[T]]:
    """Consecutive lists of ``items`` whose encoded size (of ``encode_item(item)``) stays within
    ``budget`` fields; an item bigger than the budget goes out alone."""
    current: list[T] = []
    used = 0
    for item in items:
        size = field_count(encode_item(item))
        if current and used + size > budget:
            yield current
            current, used = [], 0
        current.append(item)
        used += size
    if current:
        yield current


def chunk_items(items: Sequence[Any], *, list_key: str, fixed: Mapping[str, Any] | None = None,
                max_input_vars: int = 5000) -> Iterator[list[Any]]:
    """Split ``items`` (sent as ``list_key[i]...``) so each request stays under the limit.

    ``fixed`` are the other parameters sent with every chunk. A single item that alone exceeds
    the limit raises ``ValueError``: sending it would be silently truncated by PHP.
    """
    budget = max_input_vars - RESERVED_FIELDS - count_fields(fixed or {})
    for index, item in enumerate(items):
        size = field_count(item)
        if size > budget:
            raise ValueError(f"{list_key}[{index}] alone needs {size} form fields; the limit "
                             f"is {budget} (max_input_vars={max_input_vars})")
    yield from chunks(items, lambda item: item, budget)
