"""The rendered certificate: Unicode text, embedded fonts, a QR code that decodes to the
verify URL, and a PNG rendering kept in test-output/certificates/ for review."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from lms_bridge.certificates.codes import SigningKey, new_code
from lms_bridge.certificates.models import Certificate
from lms_bridge.certificates.render import render_certificate
from lms_bridge.certificates.template import CertificateTemplate

REVIEW = Path(__file__).resolve().parents[2] / "test-output" / "certificates"
LEARNERS = {
    "sq": ("Zoë Françoise Çela", "Menaxhimi i ankesave të qytetarëve", "20 tetor 2026"),
    "bg": ("Иван Петров", "Управление на проектния цикъл в общините", "20 октомври 2026"),
    "en": ("Drita Gashi", "Handling citizens' complaints", "October 20, 2026"),
}


def _cert(key: SigningKey, lang: str) -> Certificate:
    name, title, _ = LEARNERS[lang]
    return Certificate(code=new_code(key), username="learner", fullname=name, course_id="7",
                       course_title=title, lang=lang, hours=12, completed_on=date(2026, 10, 20),
                       issued_at="2026-10-21T09:00:00+00:00", source="moodle")


@pytest.mark.parametrize("lang", ["sq", "bg", "en"])
def test_text_layer_has_the_unicode_name_course_and_local_date(
        lang: str, key: SigningKey, template: CertificateTemplate, tmp_path: Path) -> None:
    cert = _cert(key, lang)
    pdf = render_certificate(cert, template, tmp_path / "c.pdf")
    page = PdfReader(pdf.path).pages[0]
    text = page.extract_text()
    name, title, day = LEARNERS[lang]
    assert name in text and title in text and day in text and cert.code in text
    assert template.institution_for(lang).upper() in text
    assert [round(float(v)) for v in page.mediabox[2:]] == [842, 595]  # A4 landscape
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert all("+DejaVu" in f for f in fonts), fonts  # embedded subsets


def _png(pdf: Path, out_prefix: Path, dpi: int) -> Path:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is missing: run bash .ci/run")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf),
                    str(out_prefix)], check=True)
    return out_prefix.with_suffix(".png")


def test_qr_code_decodes_to_the_verify_url(key: SigningKey, template: CertificateTemplate,
                                           tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    cert = _cert(key, "sq")
    pdf = render_certificate(cert, template, tmp_path / "c.pdf",
                             base_url="https://verify.example.al/certs/")
    image = Image.open(_png(pdf.path, tmp_path / "page", 150))
    found = [r.text for r in zxingcpp.read_barcodes(image)
             if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert found == [f"https://verify.example.al/certs/c/{cert.code}.html"]


def test_review_rendering_is_saved(key: SigningKey, template: CertificateTemplate,
                                   tmp_path: Path) -> None:
    REVIEW.mkdir(parents=True, exist_ok=True)
    for lang in ("sq", "bg"):
        pdf = render_certificate(_cert(key, lang), template, tmp_path / f"{lang}.pdf")
        png = _png(pdf.path, REVIEW / f"certificate-{lang}", 110)
        assert png.stat().st_size > 20_000


def test_long_name_and_title_shrink_to_fit(key: SigningKey, template: CertificateTemplate,
                                           tmp_path: Path) -> None:
    from dataclasses import replace

    name = "Александра-Мария Константинова Христодулова-Бояджиева"
    title = ("Управление на проектния цикъл в общините: планиране, изпълнение, мониторинг и "
             "оценка на проекти, финансирани от Европейския съюз")
    cert = replace(_cert(key, "bg"), fullname=name, course_title=title)
    pdf = render_certificate(cert, template, tmp_path / "long.pdf")
    lines = PdfReader(pdf.path).pages[0].extract_text().splitlines()
    assert name in lines  # one line, not wrapped
    assert sum(1 for line in lines if line and line in title) == 2
    REVIEW.mkdir(parents=True, exist_ok=True)
    _png(pdf.path, REVIEW / "certificate-long-bg", 110)
