"""Sizing batches by form-field count, the limit that actually bites.

PHP silently drops POST fields beyond ``max_input_vars`` (5000 is Moodle's minimum on PHP 8), and
the truncated request fails as a whole with a vague "Missing required key". A batch is therefore
cut when its encoded field count would pass a budget, not after a fixed number of records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_FIELD_BUDGET = 4000
"""80% of Moodle's required minimum ``max_input_vars``; the rest is headroom."""


def field_count(value: Any) -> int:
    """How many ``a[0][b]=...`` form fields a value encodes to (``None`` is not sent)."""
    if value is None:
        return 0
    if isinstance(value, Mapping):
        return sum(field_count(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(field_count(v) for v in value)
    return 1


def chunks(items: Sequence[T], encode: Callable[[T], Any], budget: int = DEFAULT_FIELD_BUDGET,
           max_items: int | None = None) -> Iterator[list[T]]:
    """Split ``items`` into consecutive lists whose encoded size stays within ``budget`` fields."""
    current: list[T] = []
    used = 0
    for item in items:
        size = field_count(encode(item))
        if current and (used + size > budget or (max_items and len(current) >= max_items)):
            yield current
            current, used = [], 0
        current.append(item)
        used += size
    if current:
        yield current
