"""Every translatable string of a course in one language, with a stable id.

Ids follow the course's own ids, not positions in a file: ``course.title``,
``<module>.title``, ``<module>.objectives.<n>``, ``<module>.<page>.title``,
``<module>.<page>.body.<n>`` (n-th block of the page), ``<module>.<page>.alt.<n>``,
``<module>.<quiz>.<question>.prompt``, ``….answer.<id>.text``, ``….pair.<id>.left``,
``….accept``, … (see docs/translate.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lms_bridge.course.course_file import COURSE_FILE
from lms_bridge.course.models import Course, module_path
from lms_bridge.exceptions import InputError, Problem
from lms_bridge.translate.md_slots import module_slots
from lms_bridge.translate.slots import FileSlots, Slot, decode_file
from lms_bridge.translate.yaml_slots import compose, node_at, scalar_slot

COURSE_FIELDS = ("title", "description", "audience", "institution")


@dataclass
class Catalog:
    """The slots of one language: ``units`` maps unit id → (file path, slot), in course order."""

    lang: str
    files: dict[str, FileSlots] = field(default_factory=dict)
    units: dict[str, tuple[str, Slot]] = field(default_factory=dict)

    def add(self, file: FileSlots) -> None:
        self.files[file.path] = file
        for slot in file.slots:
            self.units.setdefault(slot.id, (file.path, slot))

    def text(self, unit_id: str) -> str | None:
        found = self.units.get(unit_id)
        return None if found is None else found[1].text


def read_file(root: Path, path: str) -> FileSlots:
    text, crlf, bom = decode_file((root / path).read_bytes())
    return FileSlots(path, text, crlf=crlf, bom=bom)


def course_slots(file: FileSlots, lang: str) -> None:
    root = compose(file.text)
    for name in COURSE_FIELDS:
        slot = scalar_slot(f"course.{name}", "plain", node_at(root, (name, lang)), file.text, 0,
                           f"course {name}", flow=False)
        if slot is not None:
            file.slots.append(slot)


def module_file(root: Path, module_id: str, lang: str) -> FileSlots | None:
    path = module_path(module_id, lang)
    if not (root / path).is_file():
        return None
    file = read_file(root, path)
    module_slots(file, module_id)
    return file


def build_catalog(course: Course, lang: str) -> Catalog:
    """The strings of ``lang`` as its files are now (files missing in that language: none)."""
    if "course" in course.module_ids:
        raise InputError("Cannot translate this course", [Problem(
            COURSE_FILE, "a module named 'course' would share unit ids with the course texts; "
            "rename the module", None, "modules")])
    catalog = Catalog(lang)
    file = read_file(course.root, COURSE_FILE)
    course_slots(file, lang)
    catalog.add(file)
    for module_id in course.module_ids:
        module = module_file(course.root, module_id, lang)
        if module is not None:
            catalog.add(module)
    return catalog


def aligned(source: Catalog, target: Catalog) -> dict[str, Slot]:
    """Target slots that line up with a source unit (a page's blocks only if their kinds match)."""
    result: dict[str, Slot] = {}
    for unit_id, (path, slot) in source.units.items():
        found = target.units.get(unit_id)
        if found is None:
            continue
        target_path, target_slot = found
        if slot.group and (source.files[path].signature(slot.group)
                           != target.files[target_path].signature(target_slot.group)):
            continue
        result[unit_id] = target_slot
    return result
