"""Our XLIFF validates against OASIS's XLIFF 1.2 strict schema.

The schema is third-party and never committed: Debian's ``php-symfony-translation`` ships it
(Symfony validates XLIFF with it), and ``.ci/run`` installs that package.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from lms_bridge.translate.api import export_file
from tests.translate.conftest import copy_course

SCHEMAS = Path("/usr/share/php/Symfony/Component/Translation/Resources/schemas")
REMOTE_XML_XSD = 'schemaLocation="http://www.w3.org/2001/xml.xsd"'


@pytest.fixture(scope="module")
def xliff_schema(tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    strict = SCHEMAS / "xliff-core-1.2-strict.xsd"
    if not strict.exists():
        pytest.fail(f"XLIFF 1.2 schema missing at {strict}: run `bash .ci/run` once "
                    "(it installs Debian's php-symfony-translation)")
    folder = tmp_path_factory.mktemp("xliff-xsd")
    text = strict.read_text(encoding="utf-8")
    assert REMOTE_XML_XSD in text
    (folder / "xml.xsd").write_bytes((SCHEMAS / "xml.xsd").read_bytes())
    (folder / strict.name).write_text(text.replace(REMOTE_XML_XSD, 'schemaLocation="xml.xsd"'),
                                      encoding="utf-8")
    return etree.XMLSchema(etree.parse(str(folder / strict.name)))


@pytest.mark.parametrize(("course", "target"), [
    ("eu-funds-project-design", "en"),
    ("law-on-local-self-government", "en"),
    ("communicating-with-citizens", "bg"),
])
def test_exported_xliff_is_valid_xliff_1_2(xliff_schema: etree.XMLSchema, tmp_path: Path,
                                           course: str, target: str) -> None:
    data, units = export_file(copy_course(course, tmp_path), target, "xliff")
    document = etree.fromstring(data)
    assert len(document.findall(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit")) == len(
        units) > 0
    assert xliff_schema.validate(document), [str(e) for e in xliff_schema.error_log]


def test_schema_rejects_what_xliff_1_2_forbids(xliff_schema: etree.XMLSchema) -> None:
    bad = etree.fromstring(
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        b'<file original="a" source-language="bg" datatype="plaintext"><body>'
        b'<trans-unit id="x"><target>t</target></trans-unit></body></file></xliff>')
    assert not xliff_schema.validate(bad)
