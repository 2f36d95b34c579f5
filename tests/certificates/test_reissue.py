"""Correcting a certificate: the replacement, what is refused, and issuing afterwards."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from lms_bridge.certificates import reissue as reissue_module
from lms_bridge.certificates.codes import SigningKey, new_code
from lms_bridge.certificates.csv_source import read_completions
from lms_bridge.certificates.issue import IssueResult, Status, issue_certificates, verify_code
from lms_bridge.certificates.models import Certificate, CourseInfo
from lms_bridge.certificates.registry import Registry
from lms_bridge.certificates.reissue import Correction, reissue_certificate
from lms_bridge.certificates.template import CertificateTemplate
from lms_bridge.exceptions import LmsBridgeError
from tests.certificates.conftest import DATA

COURSE = CourseInfo(id="F2F-2026-11", title="Menaxhimi i ankesave të qytetarëve", lang="sq",
                    hours=8)


def _issue(registry: Registry, key: SigningKey, template: CertificateTemplate,
           out: Path) -> IssueResult:
    rows = read_completions(DATA / "f2f-misspelt.csv", default_hours=COURSE.hours)
    return issue_certificates(COURSE, rows, source="csv", registry=registry, key=key,
                              template=template, out_dir=out)


def _held(registry: Registry, username: str) -> Certificate:
    cert = registry.find(COURSE.id, username)
    assert cert is not None
    return cert


def _pdf_text(path: str | Path | None) -> str:
    return str(PdfReader(Path(path or "")).pages[0].extract_text())


def _sha(path: str | None) -> str:
    return hashlib.sha256(Path(path or "").read_bytes()).hexdigest()


def test_corrected_albanian_name_gets_a_new_certificate_and_the_old_one_points_to_it(
        registry: Registry, key: SigningKey, template: CertificateTemplate,
        tmp_path: Path) -> None:
    _issue(registry, key, template, tmp_path / "pdf")
    old = _held(registry, "arber.hoxha")
    old_pdf = _sha(old.pdf_path)
    # typed with a combining diaeresis (e + U+0308), as some keyboards and exports do
    result = reissue_certificate(old.code, Correction(fullname="  Arbe\u0308r   Hoxha "),
                                 reason="Name misspelt in Moodle", registry=registry, key=key,
                                 template=template)
    new = result.new
    assert new.fullname == "Arbër Hoxha" and new.code != old.code
    assert (new.username, new.course_id, new.course_title, new.lang, new.source, new.hours,
            new.completed_on) == (old.username, old.course_id, old.course_title, old.lang,
                                  old.source, old.hours, old.completed_on)
    assert new.issued_at >= old.issued_at and new.replaced_by is None and not new.revoked
    assert Path(new.pdf_path or "").parent == Path(old.pdf_path or "").parent == result.pdf.parent
    text = _pdf_text(new.pdf_path)
    assert "Arbër Hoxha" in text and new.code in text and "Arber Hoxha" not in text
    assert _sha(old.pdf_path) == old_pdf and new.pdf_sha256 == _sha(new.pdf_path)

    verdict = verify_code(old.code, key, registry)
    assert verdict.status is Status.REVOKED and verdict.certificate is not None
    assert verdict.certificate.replaced_by == new.code
    assert verdict.certificate.revocation_reason == "Name misspelt in Moodle"
    assert verdict.certificate.revoked_at == new.issued_at
    assert verify_code(new.code, key, registry).status is Status.VALID
    assert _held(registry, "arber.hoxha").code == new.code


def test_cyrillic_typo_hours_and_date_corrected_together(registry: Registry, key: SigningKey,
                                                         template: CertificateTemplate,
                                                         tmp_path: Path) -> None:
    _issue(registry, key, template, tmp_path / "pdf")
    old = _held(registry, "ivan.petrov")
    result = reissue_certificate(
        old.code, Correction(fullname="Иван Петров", hours=10, completed_on=date(2026, 10, 19)),
        reason="Typo in the name; the course ran 10 hours", registry=registry, key=key,
        template=template, out_dir=tmp_path / "corrected")
    assert (result.new.fullname, result.new.hours, result.new.completed_on) == (
        "Иван Петров", 10, date(2026, 10, 19))
    assert result.pdf.parent == tmp_path / "corrected"
    text = _pdf_text(result.pdf)
    assert "Иван Петров" in text and "Петорв" not in text and "19 tetor 2026" in text
    assert "10 orë" in text


def _snapshot(registry: Registry, folder: Path) -> tuple[list[Certificate], list[Path]]:
    return list(registry.all()), sorted(folder.rglob("*"))


@pytest.mark.parametrize(("case", "message"), [
    ("unknown", "is not in the register"),
    ("revoked", "was revoked on .* a revoked certificate is not reissued"),
    ("replaced", "already replaced by LB-.*: correct LB-.* instead"),
    ("customcert", "issued in Moodle by mod_customcert"),
    ("empty name", "name: empty"),
    ("emoji", "cannot print"),
    ("invisible", "invisible characters \\(U\\+200B\\)"),
    ("future", "completed_on: .* is in the future"),
    ("no reason", "reason: empty"),
    ("same name", "nothing to correct"),
    ("nothing", "nothing to correct"),
])
def test_refused_with_a_clear_message_and_nothing_written(
        case: str, message: str, registry: Registry, key: SigningKey,
        template: CertificateTemplate, tmp_path: Path) -> None:
    _issue(registry, key, template, tmp_path / "pdf")
    code = _held(registry, "arber.hoxha").code
    correction, reason = Correction(fullname="Arbër Hoxha"), "Name misspelt"
    if case == "unknown":
        code = new_code(key)
    elif case == "revoked":
        registry.revoke(code, "Attendance below 80%")
    elif case == "replaced":
        reissue_certificate(code, correction, reason=reason, registry=registry, key=key,
                            template=template)
    elif case == "customcert":
        code = new_code(key)
        registry.add(replace(_held(registry, "drita.gashi"), code=code, source="customcert",
                             external_code="wonBNGSN9w"))
    else:
        correction, reason = {
            "empty name": (Correction(fullname="   "), reason),
            "emoji": (Correction(fullname="Arbër 😀"), reason),
            "invisible": (Correction(fullname="Arbër\u200b Hoxha"), reason),
            "future": (Correction(completed_on=date.today() + timedelta(days=1)), reason),
            "no reason": (correction, "  "),
            "same name": (Correction(fullname=" Arber  Hoxha"), reason),
            "nothing": (Correction(), reason),
        }[case]
    before = _snapshot(registry, tmp_path)
    with pytest.raises(LmsBridgeError, match=message):
        reissue_certificate(code, correction, reason=reason, registry=registry, key=key,
                            template=template, out_dir=tmp_path / "pdf")
    assert _snapshot(registry, tmp_path) == before


def test_pdf_that_cannot_be_drawn_leaves_the_register_unchanged(
        registry: Registry, key: SigningKey, template: CertificateTemplate, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _issue(registry, key, template, tmp_path / "pdf")
    old = _held(registry, "arber.hoxha")
    before = _snapshot(registry, tmp_path)

    def disk_full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reissue_module, "render_certificate", disk_full)
    with pytest.raises(OSError):
        reissue_certificate(old.code, Correction(fullname="Arbër Hoxha"), reason="Typo",
                            registry=registry, key=key, template=template)
    assert _snapshot(registry, tmp_path) == before


def test_register_that_refuses_the_change_takes_the_new_pdf_back(
        registry: Registry, key: SigningKey, template: CertificateTemplate, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _issue(registry, key, template, tmp_path / "pdf")
    old = _held(registry, "arber.hoxha")
    before = _snapshot(registry, tmp_path)
    # another process revokes it between the checks and the transaction
    real_replace = registry.replace

    def revoked_meanwhile(code: str, reason: str, new: Certificate) -> None:
        registry.revoke(code, "Revoked by a colleague")
        real_replace(code, reason, new)

    monkeypatch.setattr(registry, "replace", revoked_meanwhile)
    with pytest.raises(LmsBridgeError, match=r"not a current certificate.*nothing was changed"):
        reissue_certificate(old.code, Correction(fullname="Arbër Hoxha"), reason="Typo",
                            registry=registry, key=key, template=template)
    after_certs, after_files = _snapshot(registry, tmp_path)
    assert after_files == before[1]
    assert [c.code for c in after_certs] == [c.code for c in before[0]]
    assert _held(registry, "arber.hoxha").replaced_by is None


def test_issue_after_reissue_sees_the_current_certificate(registry: Registry, key: SigningKey,
                                                          template: CertificateTemplate,
                                                          tmp_path: Path) -> None:
    first = _issue(registry, key, template, tmp_path / "pdf")
    old = _held(registry, "arber.hoxha")
    new = reissue_certificate(old.code, Correction(fullname="Arbër Hoxha"), reason="Typo",
                              registry=registry, key=key, template=template).new
    registry.revoke(_held(registry, "drita.gashi").code, "Attendance below 80%")
    again = _issue(registry, key, template, tmp_path / "pdf")
    assert again.issued == [] and again.rendered == []
    assert new.code in {c.code for c in again.reused}
    assert old.code not in {c.code for c in again.reused}
    assert len(list(registry.all())) == len(first.issued) + 1
    stored_old = registry.get(old.code)
    assert stored_old is not None and stored_old.revoked and stored_old.replaced_by == new.code
    assert _held(registry, "drita.gashi").revoked  # a plain revocation still holds the slot
