"""Validate manifests against the official SCORM XSDs kept outside the repository.

The schemas live in ``../shared/scorm-xsd`` (override with ``LMS_BRIDGE_SCORM_XSD``). They are
third-party files: the driver schemas that tie them together are written to a temporary folder,
never into the repository. SCORM 1.2 as shipped does not build (see that folder's README), so
its driver imports only imscp + adlcp, with the validators' copy of ``ims_xml.xsd``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[2]

_DRIVER = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
{imports}
</xs:schema>
"""


def xsd_root() -> Path:
    return Path(os.environ.get("LMS_BRIDGE_SCORM_XSD") or REPO.parent / "shared" / "scorm-xsd")


def _driver(folder: Path, imports: list[tuple[str, Path]]) -> etree.XMLSchema:
    lines = "\n".join(
        f'  <xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports
    )
    driver = folder / "driver.xsd"
    driver.write_text(_DRIVER.format(imports=lines), encoding="utf-8")
    return etree.XMLSchema(etree.parse(str(driver)))


def scorm12_schema(workdir: Path) -> etree.XMLSchema:
    src = xsd_root() / "scorm12"
    folder = workdir / "scorm12"
    folder.mkdir()
    for name in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd"):
        shutil.copyfile(src / name, folder / name)
    shutil.copyfile(xsd_root() / "validation" / "scorm12-ims_xml-for-validators.xsd",
                    folder / "ims_xml.xsd")
    return _driver(folder, [
        ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", folder / "imscp_rootv1p1p2.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_rootv1p2", folder / "adlcp_rootv1p2.xsd"),
    ])


def scorm2004_schema(workdir: Path) -> etree.XMLSchema:
    src = xsd_root() / "scorm2004-4th"
    folder = workdir / "scorm2004"
    folder.mkdir()
    return _driver(folder, [
        ("http://www.imsglobal.org/xsd/imscp_v1p1", src / "imscp_v1p1.xsd"),
        ("http://www.adlnet.org/xsd/adlcp_v1p3", src / "adlcp_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlseq_v1p3", src / "adlseq_v1p3.xsd"),
        ("http://www.adlnet.org/xsd/adlnav_v1p3", src / "adlnav_v1p3.xsd"),
        ("http://www.imsglobal.org/xsd/imsss", src / "imsss_v1p0.xsd"),
        ("http://ltsc.ieee.org/xsd/LOM", src / "lom.xsd"),
    ])


def schema_errors(schema: etree.XMLSchema, xml: bytes) -> list[str]:
    document = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
