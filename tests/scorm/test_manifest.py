from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lms_bridge.course.models import Course
from lms_bridge.scorm.build import build_package
from tests.scorm.xsd import schema_errors

NS12 = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
NS04 = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
        "imsss": "http://www.imsglobal.org/xsd/imsss",
        "lom": "http://ltsc.ieee.org/xsd/LOM"}


def manifest_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("imsmanifest.xml")


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
@pytest.mark.parametrize("sco_mode", ["per_module", "single"])
def test_manifest_validates_against_official_xsd(
    course: Course, out: Path, xsd: dict[str, etree.XMLSchema], standard: str, sco_mode: str
) -> None:
    path = build_package(course, output=out / "p.zip", standard=standard,
                         languages=["sq", "bg"], sco_mode=sco_mode)
    assert schema_errors(xsd[standard], manifest_of(path.path)) == []


def test_scorm12_manifest_has_moodle_literals(course: Course, out: Path) -> None:
    xml = manifest_of(build_package(course, output=out / "p.zip").path).decode()
    root = etree.fromstring(xml.encode())
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS12) == "1.2"
    assert 'adlcp:scormtype="sco"' in xml and "adlcp:masteryscore" in xml
    items = root.findall(".//cp:item", NS12)
    assert [i.get("isvisible") for i in items] == ["true", "true"]
    mastery = {i.get("identifier"): i.findtext("adlcp:masteryscore", namespaces=NS12)
               for i in items}
    assert mastery == {"item-hyrje": None, "item-financat": "70"}


def test_scorm2004_manifest_has_moodle_literals(course: Course, out: Path) -> None:
    xml = manifest_of(build_package(course, output=out / "p.zip", standard="scorm2004").path)
    text = xml.decode()
    for prefix in ("adlcp", "imsss", "adlseq", "adlnav"):
        assert f"xmlns:{prefix}=" in text
    assert 'adlcp:scormType="sco"' in text and "scormtype" not in text
    root = etree.fromstring(xml)
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS04) == "2004 4th Edition"
    graded = root.find(".//cp:item[@identifier='item-financat']", NS04)
    assert graded is not None
    objective = graded.find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", NS04)
    assert objective is not None and objective.get("satisfiedByMeasure") == "true"
    assert objective.findtext("imsss:minNormalizedMeasure", namespaces=NS04) == "0.70"
    ungraded = root.find(".//cp:item[@identifier='item-hyrje']", NS04)
    assert ungraded is not None and ungraded.find(".//imsss:primaryObjective", NS04) is None


def test_single_sco_mode_has_one_item_named_after_the_course(course: Course, out: Path) -> None:
    xml = manifest_of(build_package(course, output=out / "p.zip", sco_mode="single").path)
    items = etree.fromstring(xml).findall(".//cp:item", NS12)
    assert [i.get("identifier") for i in items] == ["item-vetqeverisja-test"]
    assert items[0].findtext("adlcp:masteryscore", namespaces=NS12) == "70"


def _identifiers(xml: bytes) -> list[str]:
    return [e.get("identifier") or "" for e in etree.fromstring(xml).iter()
            if e.get("identifier")]


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004"])
def test_identifiers_come_from_course_ids_not_content(
    course: Course, out: Path, standard: str
) -> None:
    first = manifest_of(build_package(course, output=out / "a.zip", standard=standard).path)
    modules = course.modules["sq"]
    edited_module = modules[0].model_copy(update={"title": "Një titull krejt tjetër"})
    edited = course.model_copy(update={"modules": {**course.modules,
                                                   "sq": [edited_module, *modules[1:]]},
                                       "version": "9.9"})
    second = manifest_of(build_package(edited, output=out / "b.zip", standard=standard).path)
    assert first != second
    assert _identifiers(first) == _identifiers(second) == [
        "course-vetqeverisja-test", "org-vetqeverisja-test", "item-hyrje", "item-financat",
        "res-hyrje", "res-financat", "shared-assets"]


def test_titles_and_metadata_use_the_package_languages(course: Course, out: Path) -> None:
    xml = manifest_of(build_package(course, output=out / "p.zip", standard="scorm2004",
                                    languages="bg").path)
    root = etree.fromstring(xml)
    assert root.findtext(".//cp:organization/cp:title", namespaces=NS04) == (
        "Закон за местното самоуправление")
    assert [e.text for e in root.iterfind(".//lom:general/lom:language", NS04)] == ["bg"]
    titles = root.findall(".//lom:general/lom:title/lom:string", NS04)
    assert [(t.get("language"), t.text) for t in titles] == [
        ("bg", "Закон за местното самоуправление")]


def test_scorm12_lom_record_lists_every_language(course: Course, out: Path) -> None:
    path = build_package(course, output=out / "p.zip", languages=["sq", "bg"]).path
    with zipfile.ZipFile(path) as archive:
        lom = etree.fromstring(archive.read("metadata/lom.xml"))
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    ns = {"md": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}
    assert [e.text for e in lom.iterfind("md:general/md:language", ns)] == ["sq", "bg"]
    assert manifest.findtext("cp:metadata/adlcp:location", namespaces=NS12) == "metadata/lom.xml"
    title = manifest.findtext("cp:organizations/cp:organization/cp:title", namespaces=NS12)
    assert title == "Ligji për vetëqeverisjen vendore — çështje & përgjigje"
