"""Issuing and verifying: the steps between a list of completions and signed PDFs.

``issue_certificates`` is idempotent: a learner who already holds a certificate for the course
keeps its code, and only a PDF that has gone missing is drawn again. Everything that can be
checked (template language, output folder, the new learners' names) is checked before the first
row is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from lms_bridge.certificates.codes import (
    MalformedCode,
    SigningKey,
    mac_matches,
    new_code,
    normalise,
)
from lms_bridge.certificates.models import Certificate, Completion, CourseInfo, Source
from lms_bridge.certificates.names import clean_name, name_problems
from lms_bridge.certificates.registry import Registry, now_utc
from lms_bridge.certificates.render import check_drawable, render_certificate
from lms_bridge.certificates.template import CertificateTemplate
from lms_bridge.exceptions import InputError, LmsBridgeError, Problem


@dataclass
class IssueResult:
    issued: list[Certificate] = field(default_factory=list)
    reused: list[Certificate] = field(default_factory=list)
    rendered: list[Path] = field(default_factory=list)


def pdf_name(cert: Certificate) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", cert.username).strip("._") or "learner"
    return f"{safe}-{cert.code}.pdf"


def check_output(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder {out_dir}: {exc.strerror}") from None
    if not out_dir.is_dir():
        raise InputError(f"{out_dir} is not a folder")


def issue_certificates(course: CourseInfo, completions: Sequence[Completion], *,
                       source: Source, registry: Registry, key: SigningKey,
                       template: CertificateTemplate, out_dir: Path,
                       base_url: str | None = None, redraw: bool = False) -> IssueResult:
    """One certificate per learner in ``completions``; existing ones are reused.

    ``redraw`` draws the PDFs of existing certificates again (after a design change); their
    codes and content stay as issued.

    Every row is recorded before the PDFs are drawn, so a crash while drawing leaves rows
    without a PDF, which the next run draws (and nothing is issued twice).
    """
    check_drawable(template, course.lang)
    check_output(out_dir)
    current = {c.username: registry.find(course.id, c.username) for c in completions}
    names = _checked_names(course, [c for c in completions if current[c.username] is None])
    result = IssueResult()
    to_draw: list[Certificate] = []
    for completion in completions:
        cert = current[completion.username]
        if cert is None:
            cert = Certificate(
                code=fresh_code(registry, key), username=completion.username,
                fullname=names[completion.username], course_id=course.id,
                course_title=course.title, lang=course.lang,
                hours=completion.hours if completion.hours is not None else course.hours,
                completed_on=completion.completed_on, issued_at=now_utc(), source=source)
            registry.add(cert)
            current[completion.username] = cert
            result.issued.append(cert)
        else:
            result.reused.append(cert)
        if redraw or cert.pdf_path is None or not Path(cert.pdf_path).is_file():
            to_draw.append(cert)
    for cert in to_draw:
        pdf = render_certificate(cert, template, out_dir / pdf_name(cert), base_url=base_url)
        registry.set_pdf(cert.code, str(pdf.path.resolve()), pdf.sha256)
        result.rendered.append(pdf.path)
    return result


def _checked_names(course: CourseInfo, new: Sequence[Completion]) -> dict[str, str]:
    """username -> cleaned name of each learner about to get a certificate; raises InputError
    listing every name the certificate would print wrong (``reissue`` checks the same way)."""
    names = {c.username: clean_name(c.fullname) for c in new}
    problems = [Problem(c.username, message, field="fullname")
                for c in new for message in name_problems(names[c.username])]
    if problems:
        raise InputError(f"{len({p.file for p in problems})} learner name(s) in course "
                         f"{course.id} cannot be printed on a certificate; nothing was issued",
                         problems)
    return names


def fresh_code(registry: Registry, key: SigningKey) -> str:
    for _ in range(10):
        code = new_code(key)
        if not registry.code_exists(code):
            return code
    raise LmsBridgeError("could not draw an unused certificate code")  # 2**50 codes: never


class Status(str, Enum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    FORGED = "forged"


@dataclass(frozen=True)
class Verdict:
    status: Status
    code: str
    certificate: Certificate | None = None


def verify_code(text: str, key: SigningKey, registry: Registry | None) -> Verdict:
    """Offline check: the MAC first (forged?), then the register (known? revoked?).

    A code issued by mod_customcert (recorded by ``pull``) is looked up as an external code;
    it carries no signature, so it can be valid, revoked or unknown but never "forged".
    """
    code, external = parse_code(text, registry)
    if external is not None:
        return _known(external)
    if not mac_matches(code, key):
        return Verdict(Status.FORGED, code)
    cert = registry.get(code) if registry else None
    if cert is None:
        return Verdict(Status.UNKNOWN, code)
    return _known(cert)


def parse_code(text: str, registry: Registry | None) -> tuple[str, Certificate | None]:
    """``text`` as one of our codes (normalised, no certificate), or as the code mod_customcert
    printed on a pulled certificate (its register code and the certificate); raises
    :class:`MalformedCode` when it is neither."""
    try:
        return normalise(text), None
    except MalformedCode:
        external = registry.find_external(text.strip()) if registry else None
        if external is None:
            raise
        return external.code, external


def _known(cert: Certificate) -> Verdict:
    return Verdict(Status.REVOKED if cert.revoked else Status.VALID, cert.code, cert)
