"""Untrusted XML: refused with a finding, never expanded, never fetched, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.scorm.validate.xml_safety import MAX_DEPTH, parse_untrusted


def test_plain_xml_parses_with_lines() -> None:
    parsed = parse_untrusted(b"<a>\n<b/>\n</a>", "x.xml")
    assert parsed.refused is None
    assert parsed.root is not None
    assert parsed.root[0].sourceline == 2


def test_entity_in_attribute_is_refused_not_expanded() -> None:
    data = (b'<!DOCTYPE a [<!ENTITY e "xxxxxxxxxx"><!ENTITY f "&e;&e;&e;&e;&e;&e;">]>'
            b'<a v="&f;"/>')
    parsed = parse_untrusted(data, "x.xml")
    assert parsed.root is None
    assert parsed.refused is not None and parsed.refused.rule_id == "SEC-XML-ENTITY"


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = (f'<!DOCTYPE a [<!ENTITY s SYSTEM "{secret.as_uri()}">]><a>&s;</a>').encode()
    parsed = parse_untrusted(data, "x.xml")
    assert parsed.refused is not None
    assert parsed.refused.rule_id == "SEC-XML-EXTERNAL-ENTITY"
    assert "TOP-SECRET-VALUE" not in parsed.refused.message


def test_parameter_entity_to_network_is_refused() -> None:
    data = b'<!DOCTYPE a [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><a/>'
    parsed = parse_untrusted(data, "x.xml")
    assert parsed.refused is not None
    assert parsed.refused.rule_id == "SEC-XML-EXTERNAL-ENTITY"


def test_utf16_doctype_is_screened() -> None:
    data = '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'.encode("utf-16")
    parsed = parse_untrusted(data, "x.xml")
    assert parsed.refused is not None and parsed.refused.rule_id == "SEC-XML-ENTITY"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 300, 5000])
def test_deep_nesting_is_refused(depth: int) -> None:
    data = b"<a>" * depth + b"</a>" * depth
    parsed = parse_untrusted(data, "x.xml")
    assert parsed.refused is not None and parsed.refused.rule_id == "SEC-XML-TOO-DEEP"


def test_size_limit() -> None:
    parsed = parse_untrusted(b"<a/>" + b" " * 100, "x.xml", max_bytes=50)
    assert parsed.refused is not None and parsed.refused.rule_id == "SEC-XML-TOO-LARGE"


def test_malformed_xml_names_the_line() -> None:
    parsed = parse_untrusted(b"<a>\n<b>\n</a>", "x.xml")
    assert parsed.refused is not None
    assert parsed.refused.rule_id == "CP-XML-WELL-FORMED"
    assert parsed.refused.line == 3
