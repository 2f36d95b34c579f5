"""``imsmanifest.xml`` (and the SCORM 1.2 LOM record) rendered from templates.

The templates live in ``scorm_templates/`` so a course can override them; this module only
gathers the values. Titles use the package's first language; the LOM metadata lists every
language of the package. The records are named tuples: made once per package, they need none
of a dataclass's generated methods, which cost a millisecond at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import jinja2

from lms_bridge.course.models import Course
from lms_bridge.scorm import layout
from lms_bridge.scorm.layout import Sco, Standard
from lms_bridge.scorm.render import render
from lms_bridge.scorm.schemas import schema_location


class ManifestItem(NamedTuple):
    identifier: str
    identifierref: str
    title: str
    mastery_score: int | None

    @property
    def min_normalized_measure(self) -> str:
        """SCORM 2004 wants the pass mark as a fraction of 1."""
        return f"{(self.mastery_score or 0) / 100:.2f}"


class ManifestResource(NamedTuple):
    identifier: str
    href: str
    files: tuple[str, ...]


class Manifest(NamedTuple):
    identifier: str
    version: str
    organization: str
    title: str
    languages: tuple[str, ...]
    titles: dict[str, str]
    descriptions: dict[str, str]
    duration_iso: str
    items: tuple[ManifestItem, ...]
    resources: tuple[ManifestResource, ...]
    shared: ManifestResource
    schema_location: str | None
    metadata_href: str


def make_manifest(
    course: Course,
    scos: Sequence[Sco],
    *,
    languages: Sequence[str],
    shared_files: Sequence[str],
    with_schemas: bool,
    standard: Standard,
) -> Manifest:
    lang = languages[0]
    modules = {m.id: m for m in course.modules_for(lang)}
    items = tuple(
        ManifestItem(
            identifier=sco.item_identifier,
            identifierref=sco.resource_identifier,
            title=modules[sco.id].title if sco.id in modules else course.text("title", lang),
            mastery_score=sco.mastery_score,
        )
        for sco in scos
    )
    resources = tuple(
        ManifestResource(sco.resource_identifier, sco.href, (sco.href,)) for sco in scos
    )
    descriptions = {lg: course.description[lg] for lg in languages if course.description.get(lg)}
    return Manifest(
        identifier=layout.manifest_identifier(course),
        version=course.version,
        organization=layout.organization_identifier(course),
        title=course.text("title", lang),
        languages=tuple(languages),
        titles={lg: course.text("title", lg) for lg in languages},
        descriptions=descriptions,
        duration_iso=_iso_duration(course.duration_minutes),
        items=items,
        resources=resources,
        shared=ManifestResource(layout.SHARED_RESOURCE, "", tuple(sorted(shared_files))),
        schema_location=schema_location(standard) if with_schemas else None,
        metadata_href=layout.METADATA_12,
    )


def render_manifest(env: jinja2.Environment, manifest: Manifest, standard: Standard) -> str:
    return render(env, f"imsmanifest_{standard}.xml.j2", {"manifest": manifest})


def render_lom12(env: jinja2.Environment, manifest: Manifest) -> str:
    return render(env, "lom_scorm12.xml.j2", {"manifest": manifest})


def _iso_duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return f"PT{hours}H{mins}M"
