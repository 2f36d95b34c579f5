"""Correcting a certificate: revoke it and issue its replacement in one step.

A learner whose name was misspelt in Moodle, or whose hours or completion date were wrong,
gets a new certificate with a new code; the old one is revoked "replaced by" the new code, so
anyone holding the old paper is sent to the corrected one. Only what a coordinator can get
wrong for one learner may be corrected: the name, the hours and the completion date. The
course title and language belong to the course, and a change there is a new ``issue``.

Unlike ``issue`` (rows first, then PDFs, completed by the next run), a reissue draws the new
PDF first and then records both changes in one transaction: if drawing fails the register is
untouched, and if recording fails the new PDF is deleted again. The old PDF stays where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from lms_bridge.certificates.codes import SigningKey
from lms_bridge.certificates.issue import check_output, fresh_code, parse_code, pdf_name
from lms_bridge.certificates.models import Certificate, format_hours
from lms_bridge.certificates.names import clean_name, name_problems
from lms_bridge.certificates.registry import Registry, RegistryError, now_utc
from lms_bridge.certificates.render import check_drawable, render_certificate
from lms_bridge.certificates.template import CertificateTemplate
from lms_bridge.exceptions import InputError, Problem


@dataclass(frozen=True)
class Correction:
    """What changes on the new certificate; ``None`` keeps the old value."""

    fullname: str | None = None
    hours: float | None = None
    completed_on: date | None = None


@dataclass(frozen=True)
class ReissueResult:
    old: Certificate
    new: Certificate
    pdf: Path


def reissue_certificate(code: str, correction: Correction, *, reason: str, registry: Registry,
                        key: SigningKey, template: CertificateTemplate,
                        out_dir: Path | None = None,
                        base_url: str | None = None) -> ReissueResult:
    """Replace the certificate ``code`` with a corrected one, issued now.

    ``out_dir`` defaults to the folder of the old certificate's PDF. Everything is checked
    before anything is written: the code is current (known, not revoked, not replaced, not a
    mod_customcert certificate), the reason and corrected values are sane and differ from the
    old ones, and the template can draw the certificate's language.
    """
    old = current_certificate(code, registry)
    fixed = checked_correction(old, correction, reason)
    folder = out_dir or (Path(old.pdf_path).parent if old.pdf_path else None)
    if folder is None:
        raise InputError(f"{old.code} has no PDF on record: say where to write the new one "
                         "(-o/--output)")
    check_drawable(template, old.lang)
    check_output(folder)
    new = replace(old, code=fresh_code(registry, key), issued_at=now_utc(), pdf_path=None,
                  pdf_sha256=None, revoked_at=None, revocation_reason=None, replaced_by=None,
                  fullname=fixed.fullname or old.fullname,
                  hours=fixed.hours if fixed.hours is not None else old.hours,
                  completed_on=fixed.completed_on or old.completed_on)
    target = folder / pdf_name(new)
    if target.exists():
        raise InputError(f"{target} already exists; it was not overwritten")
    pdf = render_certificate(new, template, target, base_url=base_url)
    new = replace(new, pdf_path=str(pdf.path.resolve()), pdf_sha256=pdf.sha256)
    try:
        registry.replace(old.code, reason.strip(), new)
    except BaseException:
        pdf.path.unlink(missing_ok=True)
        raise
    stored_old, stored_new = registry.get(old.code), registry.get(new.code)
    assert stored_old is not None and stored_new is not None
    return ReissueResult(stored_old, stored_new, pdf.path)


def current_certificate(text: str, registry: Registry) -> Certificate:
    """The certificate ``text`` names, if it can still be corrected."""
    code, external = parse_code(text, registry)
    cert = external or registry.get(code)
    if cert is None:
        raise RegistryError(f"{code} is not in the register {registry.path}; nothing was changed")
    if cert.replaced_by:
        raise RegistryError(f"{cert.code} was already replaced by {cert.replaced_by} on "
                            f"{cert.revoked_at}: correct {cert.replaced_by} instead")
    if cert.revoked:
        raise RegistryError(f"{cert.code} was revoked on {cert.revoked_at} "
                            f"({cert.revocation_reason}); a revoked certificate is not reissued")
    if cert.source == "customcert":
        raise RegistryError(f"{cert.code} was issued in Moodle by mod_customcert (code "
                            f"{cert.external_code}): correct it there, then pull it again")
    return cert


def checked_correction(old: Certificate, correction: Correction, reason: str) -> Correction:
    """The corrected fields that differ from ``old`` (names cleaned); raises InputError listing
    every problem, or when nothing would change."""
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(old.code, message, field=field))

    changes = Correction()
    if not reason.strip():
        bad("reason", "empty: say why the certificate is corrected (it is published)")
    if correction.fullname is not None:
        name = clean_name(correction.fullname)
        for message in name_problems(name):
            bad("name", message)
        if name != old.fullname:
            changes = replace(changes, fullname=name)
    if correction.hours is not None:
        if not 0 < correction.hours <= 10_000:
            bad("hours", f"{format_hours(correction.hours)} is not a positive number of hours")
        elif correction.hours != old.hours:
            changes = replace(changes, hours=correction.hours)
    if correction.completed_on is not None:
        if correction.completed_on > date.today():
            bad("completed_on", f"{correction.completed_on.isoformat()} is in the future")
        elif correction.completed_on != old.completed_on:
            changes = replace(changes, completed_on=correction.completed_on)
    if problems:
        raise InputError(f"{old.code} cannot be reissued; nothing was changed", problems)
    if changes == Correction():
        raise InputError(f"nothing to correct on {old.code}: give --name, --hours or "
                         "--completed-on with a value that differs from the certificate's")
    return changes
