from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from lms_bridge.certificates.codes import SigningKey, new_code
from lms_bridge.certificates.csv_source import read_completions
from lms_bridge.certificates.issue import IssueResult, Status, issue_certificates, verify_code
from lms_bridge.certificates.models import Completion, CourseInfo
from lms_bridge.certificates.registry import Registry, RegistryError
from lms_bridge.certificates.template import CertificateTemplate
from lms_bridge.exceptions import InputError
from tests.certificates.conftest import DATA

COURSE = CourseInfo(id="F2F-2026-10", title="Menaxhimi i ankesave të qytetarëve", lang="sq",
                    hours=8)


def _issue(registry: Registry, key: SigningKey, template: CertificateTemplate, out: Path,
           course: CourseInfo = COURSE) -> IssueResult:
    rows = read_completions(DATA / "f2f-training.csv", default_hours=course.hours)
    return issue_certificates(course, rows, source="csv", registry=registry, key=key,
                              template=template, out_dir=out)


def test_issue_records_and_renders_each_learner(registry: Registry, key: SigningKey,
                                                template: CertificateTemplate,
                                                tmp_path: Path) -> None:
    result = _issue(registry, key, template, tmp_path / "pdf")
    assert len(result.issued) == 3 and len(result.rendered) == 3
    stored = registry.find(COURSE.id, "ivan.petrov")
    assert stored is not None and stored.fullname == "Иван Петров" and stored.hours == 8
    assert stored.source == "csv" and stored.pdf_sha256 and Path(stored.pdf_path or "").is_file()


def test_reissue_reuses_codes_and_only_redraws_missing_pdfs(registry: Registry, key: SigningKey,
                                                             template: CertificateTemplate,
                                                             tmp_path: Path) -> None:
    first = _issue(registry, key, template, tmp_path / "pdf")
    stored = registry.get(first.issued[0].code)
    assert stored is not None and stored.pdf_path
    Path(stored.pdf_path).unlink()
    again = _issue(registry, key, template, tmp_path / "pdf")
    assert again.issued == []
    assert sorted(c.code for c in again.reused) == sorted(c.code for c in first.issued)
    assert len(again.rendered) == 1
    assert len(list(registry.all())) == 3


def test_verify_valid_revoked_unknown_forged(registry: Registry, key: SigningKey,
                                             template: CertificateTemplate,
                                             tmp_path: Path) -> None:
    code = _issue(registry, key, template, tmp_path / "pdf").issued[0].code
    assert verify_code(code.lower(), key, registry).status is Status.VALID
    tampered = code[:3] + ("A" if code[3] != "A" else "B") + code[4:]
    assert verify_code(tampered, key, registry).status is Status.FORGED
    assert verify_code(new_code(key), key, registry).status is Status.UNKNOWN
    registry.revoke(code, "Issued in error")
    verdict = verify_code(code, key, registry)
    assert verdict.status is Status.REVOKED
    assert verdict.certificate and verdict.certificate.revocation_reason == "Issued in error"
    with pytest.raises(RegistryError, match="already revoked"):
        registry.revoke(code, "again")


def test_language_without_texts_is_refused_before_writing(registry: Registry, key: SigningKey,
                                                          template: CertificateTemplate,
                                                          tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'de'"):
        _issue(registry, key, template, tmp_path / "pdf", replace(COURSE, lang="de"))
    assert list(registry.all()) == [] and not (tmp_path / "pdf").exists()


def test_register_keeps_one_certificate_per_learner_and_course(registry: Registry,
                                                               key: SigningKey) -> None:
    from lms_bridge.certificates.models import Certificate

    cert = Certificate(code=new_code(key), username="a", fullname="A", course_id="1",
                       course_title="T", lang="en", hours=None, completed_on=date(2026, 1, 2),
                       issued_at="x", source="moodle")
    registry.add(cert)
    with pytest.raises(RegistryError, match="clashes"):
        registry.add(replace(cert, code=new_code(key)))


#: as Moodle may send them (a CSV sheet is refused line by line before this, test_csv_source)
MOODLE_NAMES = [Completion("arta.hoxha", "Arta  Hoxhe\u0308", date(2026, 10, 20)),
                Completion("li.wei", "\u738b\u5c0f\u660e Li", date(2026, 10, 21)),
                Completion("besa.kola", "Besa\u200b Kola", date(2026, 10, 22)),
                Completion("drita.gashi", "Drita Gashi", date(2026, 10, 22))]


def test_names_the_font_cannot_print_are_refused_before_writing(
        registry: Registry, key: SigningKey, template: CertificateTemplate,
        tmp_path: Path) -> None:
    with pytest.raises(InputError, match="2 learner name") as caught:
        issue_certificates(COURSE, MOODLE_NAMES, source="moodle", registry=registry, key=key,
                           template=template, out_dir=tmp_path / "pdf")
    assert [(p.file, p.field) for p in caught.value.problems] == [
        ("li.wei", "fullname"), ("besa.kola", "fullname")]
    assert "cannot print '小明王'" in caught.value.problems[0].message
    assert "U+200B" in caught.value.problems[1].message
    assert list(registry.all()) == [] and list((tmp_path / "pdf").iterdir()) == []


def test_new_names_are_stored_as_printed_nfc_and_single_spaced(
        registry: Registry, key: SigningKey, template: CertificateTemplate,
        tmp_path: Path) -> None:
    printable = [MOODLE_NAMES[0], MOODLE_NAMES[3]]
    issue_certificates(COURSE, printable, source="moodle", registry=registry, key=key,
                       template=template, out_dir=tmp_path / "pdf")
    stored = registry.find(COURSE.id, "arta.hoxha")
    assert stored is not None and stored.fullname == "Arta Hoxhë"
