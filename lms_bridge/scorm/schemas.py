"""The official SCORM control documents (XSD/DTD), included only when the user supplies them.

They are third-party files (IMS, ADL, IEEE) that this project does not redistribute. With
``--schemas DIR`` the builder copies the set matching the standard to the package root, byte for
byte, and points ``xsi:schemaLocation`` at them, as ADL's content-package rules require.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lms_bridge.exceptions import BuildError, InputError, Problem
from lms_bridge.scorm.layout import Standard


@dataclass(frozen=True)
class SchemaSet:
    subdir: str
    """Name of the standard's folder when DIR holds several sets (as ``../shared/scorm-xsd``)."""
    files: tuple[str, ...]
    """Files that must be present (relative paths), all copied to the package."""
    optional_dirs: tuple[str, ...]
    """Folders copied whole when present (the LOM schema's includes)."""
    locations: tuple[tuple[str, str], ...]
    """``(namespace, file)`` pairs of ``xsi:schemaLocation``."""


_IMSSS = tuple(
    f"imsss_v1p0{part}.xsd"
    for part in ("", "auxresource", "control", "delivery", "limit", "objective", "random",
                 "rollup", "seqrule", "util")
)

SCHEMA_SETS: dict[Standard, SchemaSet] = {
    "scorm12": SchemaSet(
        subdir="scorm12",
        files=("adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd"),
        optional_dirs=(),
        locations=(
            ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
            ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
        ),
    ),
    "scorm2004": SchemaSet(
        subdir="scorm2004-4th",
        files=("imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", *_IMSSS,
               "xml.xsd", "XMLSchema.dtd", "datatypes.dtd", "lom.xsd"),
        optional_dirs=("common", "extend", "unique", "vocab"),
        locations=(
            ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
            ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
            ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
            ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
            ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
            ("http://ltsc.ieee.org/xsd/LOM", "lom.xsd"),
        ),
    ),
}


def schema_location(standard: Standard) -> str:
    return " ".join(f"{ns} {file}" for ns, file in SCHEMA_SETS[standard].locations)


def schema_files(standard: Standard, schemas_dir: Path) -> dict[str, Path]:
    """Package path -> source file of the schema set, or an :class:`InputError` naming the gaps.

    ``schemas_dir`` may hold the files directly or a folder per standard (``scorm12/``,
    ``scorm2004-4th/``).
    """
    spec = SCHEMA_SETS[standard]
    if not schemas_dir.is_dir():
        raise BuildError(f"--schemas: {schemas_dir} is not a folder")
    base = schemas_dir / spec.subdir if (schemas_dir / spec.subdir).is_dir() else schemas_dir
    missing = [name for name in spec.files if not (base / name).is_file()]
    if missing:
        raise InputError(
            f"The schema folder {base} lacks files SCORM {_label(standard)} needs",
            [Problem(str(base / name), "file not found") for name in missing],
        )
    found = {name: base / name for name in spec.files}
    for folder in spec.optional_dirs:
        for path in sorted((base / folder).rglob("*")):
            if path.is_file():
                found[path.relative_to(base).as_posix()] = path
    return found


def _label(standard: Standard) -> str:
    return "1.2" if standard == "scorm12" else "2004 4th Edition"
