from __future__ import annotations

import json
from pathlib import Path

from lms_bridge.certificates.codes import SigningKey
from lms_bridge.certificates.csv_source import read_completions
from lms_bridge.certificates.issue import issue_certificates
from lms_bridge.certificates.models import CourseInfo
from lms_bridge.certificates.registry import Registry
from lms_bridge.certificates.reissue import Correction, reissue_certificate
from lms_bridge.certificates.site import publish_site
from lms_bridge.certificates.template import CertificateTemplate
from tests.certificates.conftest import DATA

PUBLIC_KEYS = {"code", "status", "name", "course", "hours", "completed_on", "completed_on_text",
               "institution", "lang", "revoked_on", "revocation_reason", "replaced_by"}


def _published(registry: Registry, key: SigningKey, template: CertificateTemplate,
               tmp_path: Path) -> Path:
    rows = read_completions(DATA / "f2f-training.csv", default_hours=8)
    course = CourseInfo(id="F2F-1", title="Управление на проекти", lang="bg", hours=8)
    result = issue_certificates(course, rows, source="csv", registry=registry, key=key,
                                template=template, out_dir=tmp_path / "pdf")
    registry.revoke(result.issued[1].code, "Attendance below 80%")
    out = tmp_path / "site"
    publish_site(list(registry.all()), template, out)
    return out


def test_one_page_and_json_per_certificate_with_status(registry: Registry, key: SigningKey,
                                                       template: CertificateTemplate,
                                                       tmp_path: Path) -> None:
    out = _published(registry, key, template, tmp_path)
    ivan = registry.find("F2F-1", "ivan.petrov")
    assert ivan is not None
    record = json.loads((out / "c" / f"{ivan.code}.json").read_text(encoding="utf-8"))
    assert record["status"] == "revoked" and record["name"] == "Иван Петров"
    assert record["revocation_reason"] == "Attendance below 80%"
    page = (out / "c" / f"{ivan.code}.html").read_text(encoding="utf-8")
    assert "Сертификатът е отнет." in page and "Иван Петров" in page and "<script" not in page
    assert (out / "verify.html").is_file() and (out / "index.html").is_file()
    assert len(list((out / "c").glob("*.json"))) == 3


def test_site_holds_no_personal_data_beyond_the_certificate(registry: Registry,
                                                            key: SigningKey,
                                                            template: CertificateTemplate,
                                                            tmp_path: Path) -> None:
    out = _published(registry, key, template, tmp_path)
    for file in (out / "c").glob("*.json"):
        assert set(json.loads(file.read_text(encoding="utf-8"))) == PUBLIC_KEYS
    everything = "".join(f.read_text(encoding="utf-8") for f in out.rglob("*") if f.is_file())
    for private in ("zoe@example.org", "ivan@example.org", "zoe.francoise", "ivan.petrov",
                    "drita.gashi", "F2F-1", str(tmp_path)):
        assert private not in everything
    codes = [c.code for c in registry.all()]
    for listing in ("index.html", "verify.html", "site.css"):
        text = (out / listing).read_text(encoding="utf-8")
        assert not any(code in text for code in codes)


def test_replaced_certificate_page_links_to_its_replacement(registry: Registry, key: SigningKey,
                                                            template: CertificateTemplate,
                                                            tmp_path: Path) -> None:
    rows = read_completions(DATA / "f2f-misspelt.csv", default_hours=8)
    course = CourseInfo(id="F2F-2", title="Управление на проекти", lang="bg", hours=8)
    issue_certificates(course, rows, source="csv", registry=registry, key=key,
                       template=template, out_dir=tmp_path / "pdf")
    old = registry.find("F2F-2", "ivan.petrov")
    assert old is not None
    new = reissue_certificate(old.code, Correction(fullname="Иван Петров"),
                              reason="Грешка в името", registry=registry, key=key,
                              template=template).new
    out = tmp_path / "site"
    result = publish_site(list(registry.all()), template, out)
    assert (result.valid, result.revoked) == (3, 1)
    old_page = (out / "c" / f"{old.code}.html").read_text(encoding="utf-8")
    assert "Сертификатът е заменен с коригиран сертификат." in old_page
    assert f'<a href="{new.code}.html"><code>{new.code}</code></a>' in old_page
    assert "Грешка в името" in old_page and "Иван Петорв" in old_page
    new_page = (out / "c" / f"{new.code}.html").read_text(encoding="utf-8")
    assert "Сертификатът е валиден." in new_page and "Иван Петров" in new_page
    assert "заменен" not in new_page
    old_json = json.loads((out / "c" / f"{old.code}.json").read_text(encoding="utf-8"))
    new_json = json.loads((out / "c" / f"{new.code}.json").read_text(encoding="utf-8"))
    assert (old_json["status"], old_json["replaced_by"]) == ("revoked", new.code)
    assert (new_json["status"], new_json["replaced_by"], new_json["name"]) == (
        "valid", "", "Иван Петров")
