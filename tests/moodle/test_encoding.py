from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest

from lms_bridge.moodle.encoding import (
    RESERVED_FIELDS,
    chunk_items,
    chunks,
    count_fields,
    encode,
    field_count,
)
from lms_bridge.moodle.users import NewUser
from lms_bridge.testing.params import decode_form


def test_nested_custom_fields_use_php_bracket_notation() -> None:
    params = {"users": [{"username": "ana", "customfields": [{"type": "dept", "value": "IT"}],
                         "preferences": [{"type": "auth_forcepasswordchange", "value": 1}]}]}
    assert encode(params) == [
        ("users[0][username]", "ana"),
        ("users[0][customfields][0][type]", "dept"),
        ("users[0][customfields][0][value]", "IT"),
        ("users[0][preferences][0][type]", "auth_forcepasswordchange"),
        ("users[0][preferences][0][value]", "1"),
    ]


def test_booleans_are_0_1_and_none_is_omitted() -> None:
    assert encode({"a": True, "b": False, "c": None, "d": [None, True]}) == [
        ("a", "1"), ("b", "0"), ("d[1]", "1")]


def test_scalar_lists_and_dict_options() -> None:
    assert encode({"field": "email", "values": ["a@x.org", "b@x.org"],
                   "context": {"contextlevel": "system", "instanceid": 0}, "n": 2.5}) == [
        ("field", "email"), ("values[0]", "a@x.org"), ("values[1]", "b@x.org"),
        ("context[contextlevel]", "system"), ("context[instanceid]", "0"), ("n", "2.5")]


def test_pydantic_models_encode_without_none_fields() -> None:
    user = NewUser(username="ana", firstname="Ana", lastname="Hoxha", email="ana@example.org")
    assert encode({"users": [user]}) == [
        ("users[0][username]", "ana"), ("users[0][firstname]", "Ana"),
        ("users[0][lastname]", "Hoxha"), ("users[0][email]", "ana@example.org")]


def test_unicode_survives_form_encoding_and_php_style_decoding() -> None:
    body = urlencode(encode({"users": [{"firstname": "Zoë", "lastname": "Петров"}]}))
    assert decode_form(body)[1] == {"users": {"0": {"firstname": "Zoë", "lastname": "Петров"}}}
    assert parse_qsl(body)[0] == ("users[0][firstname]", "Zoë")


def test_unsupported_values_are_refused() -> None:
    with pytest.raises(TypeError):
        encode({"when": object()})


def test_chunks_stay_under_max_input_vars() -> None:
    users = [{"username": f"u{i}", "firstname": "F", "lastname": "L", "email": f"u{i}@x.org",
              "customfields": [{"type": "dept", "value": "IT"}]} for i in range(1000)]
    chunks = list(chunk_items(users, list_key="users", max_input_vars=500))
    assert sum(len(c) for c in chunks) == 1000
    assert [u for c in chunks for u in c] == users
    for chunk in chunks:
        assert count_fields({"users": chunk}) + RESERVED_FIELDS <= 500
    assert len(chunks) == 13  # 6 fields per user: 82 users per request


def test_chunk_budget_counts_the_fixed_params() -> None:
    chunks = list(chunk_items(list(range(100)), list_key="values", fixed={"field": "id"},
                              max_input_vars=50))
    assert [len(c) for c in chunks] == [45, 45, 10]


def test_an_item_larger_than_the_limit_is_refused_not_truncated() -> None:
    with pytest.raises(ValueError, match="alone needs"):
        list(chunk_items([{"values": list(range(100))}], list_key="x", max_input_vars=60))


def test_field_count_matches_the_encoding() -> None:
    values: list[dict[str, Any]] = [
        {"users": [{"username": "ana", "suspended": False, "idnumber": None,
                    "customfields": [{"type": "dept", "value": "x"}], "tags": []}]},
        {"criteria": ({"key": "email", "value": "a@b"},), "empty": {}},
    ]
    for value in values:
        assert field_count(value) == count_fields(value) == len(encode(value))


def test_chunks_cut_by_field_budget_and_send_an_oversized_item_alone() -> None:
    items = [{"a": 1, "b": 2}, {"a": 1}, {"a": list(range(10))}, {"a": 1}]
    assert list(chunks(items, lambda item: item, budget=3)) == [
        [items[0], items[1]], [items[2]], [items[3]]]
