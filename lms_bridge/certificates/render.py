"""One certificate as an A4 landscape PDF (fpdf2).

Text is set in DejaVu Serif / DejaVu Sans, shipped in ``fonts/`` and embedded as subsets, so
names such as "Zoë Françoise" or "Иван Петров" print the same on every machine. The QR code is
drawn as vector squares from segno's matrix: sharp at any zoom and on any printer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import segno
from babel.core import UnknownLocaleError
from babel.dates import format_date
from fpdf import FPDF

from lms_bridge.certificates.models import Certificate, format_hours
from lms_bridge.certificates.template import CertificateTemplate, pick
from lms_bridge.exceptions import InputError
from lms_bridge.files import write_atomic

FONTS = Path(__file__).resolve().parent / "fonts"
#: Serif Bold, the face of the heading and the learner's name (``names.py`` checks names against it)
NAME_FONT = FONTS / "DejaVuSerif-Bold.ttf"
PAGE_W, PAGE_H = 297.0, 210.0
_LAYOUT_DEFAULTS: dict[str, dict[str, float]] = {
    "logo": {"y": 17, "height": 20}, "institution": {"y": 41, "size": 10.5},
    "heading": {"y": 52, "size": 40}, "subheading": {"y": 69, "size": 15},
    "intro": {"y": 84, "size": 12.5}, "name": {"y": 94, "size": 30},
    "body": {"y": 117, "size": 12.5}, "course": {"y": 126, "size": 19},
    "details": {"y": 145, "size": 11.5}, "signatures": {"y": 172, "size": 10.5},
    "qr": {"x": 236, "y": 152, "size": 27},
}


@dataclass(frozen=True)
class RenderedPdf:
    path: Path
    sha256: str


def verify_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/c/{code}.html"


def localised_date(day: date, lang: str) -> str:
    try:
        return str(format_date(day, format="long", locale=lang))
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Page:
    """Drawing helpers bound to one FPDF document and one template."""

    def __init__(self, template: CertificateTemplate) -> None:
        self.t = template
        self.layout = {k: {**v, **template.layout.get(k, {})} for k, v in _LAYOUT_DEFAULTS.items()}
        pdf = FPDF(orientation="landscape", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.add_font("Serif", "B", NAME_FONT)
        pdf.add_font("Sans", "", FONTS / "DejaVuSans.ttf")
        pdf.add_font("Sans", "B", FONTS / "DejaVuSans-Bold.ttf")
        pdf.set_creator("lms-bridge")
        pdf.add_page()
        self.pdf = pdf

    def colour(self, name: str) -> tuple[int, int, int]:
        return _rgb(self.t.colours[name])

    def line(self, key: str, text: str, *, family: str = "Sans", style: str = "",
             colour: str = "muted", spacing: float = 0.0, width: float = 230.0,
             lines: int = 2, below: float = 0.0) -> float:
        """Centre ``text`` at the layout position ``key`` (or lower, at ``below``, when what is
        above ran long), shrinking it to fit in ``lines`` lines; returns the y below it."""
        spec = self.layout[key]
        size = spec["size"]
        self.pdf.set_char_spacing(spacing)
        self.pdf.set_font(family, style, size)
        while size > spec["size"] * 0.55 and \
                self.pdf.get_string_width(text) > width * lines * 0.92:
            size -= 0.5
            self.pdf.set_font(family, style, size)
        self.pdf.set_text_color(*self.colour(colour))
        centred = (spec["size"] - size) * 0.25  # a shrunk line keeps its middle, not its top
        self.pdf.set_xy((PAGE_W - width) / 2, max(spec["y"], below) + centred)
        self.pdf.multi_cell(width, size * 0.5, text, align="C")
        self.pdf.set_char_spacing(0)
        return float(self.pdf.get_y())

    def border(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*self.colour("primary"))
        pdf.set_line_width(1.6)
        pdf.rect(9, 9, PAGE_W - 18, PAGE_H - 18)
        pdf.set_draw_color(*self.colour("accent"))
        pdf.set_line_width(0.4)
        pdf.rect(12.5, 12.5, PAGE_W - 25, PAGE_H - 25)
        pdf.set_fill_color(*self.colour("accent"))
        for x, y in ((12.5, 12.5), (PAGE_W - 12.5, 12.5), (12.5, PAGE_H - 12.5),
                     (PAGE_W - 12.5, PAGE_H - 12.5)):
            pdf.polygon([(x - 2.2, y), (x, y - 2.2), (x + 2.2, y), (x, y + 2.2)], style="F")

    def rule(self, y: float, half: float) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*self.colour("accent"))
        pdf.set_line_width(0.35)
        pdf.line(PAGE_W / 2 - half, y, PAGE_W / 2 - 3, y)
        pdf.line(PAGE_W / 2 + 3, y, PAGE_W / 2 + half, y)
        pdf.set_fill_color(*self.colour("accent"))
        pdf.polygon([(PAGE_W / 2 - 1.6, y), (PAGE_W / 2, y - 1.6), (PAGE_W / 2 + 1.6, y),
                     (PAGE_W / 2, y + 1.6)], style="F")

    def logo(self) -> None:
        if self.t.logo is None:
            return
        spec = self.layout["logo"]
        h = spec["height"]
        self.pdf.image(str(self.t.logo), x=(PAGE_W - h) / 2, y=spec["y"], h=h)

    def signatures(self, lang: str) -> None:
        people = self.t.signatories
        if not people:
            return
        spec = self.layout["signatures"]
        slot, left, right = 66.0, 22.0, 228.0
        gap = (right - left - len(people) * slot) / (len(people) + 1)
        for index, person in enumerate(people):
            x = left + gap + index * (slot + gap)
            self.pdf.set_draw_color(*self.colour("muted"))
            self.pdf.set_line_width(0.3)
            self.pdf.line(x + 6, spec["y"], x + slot - 6, spec["y"])
            self.pdf.set_xy(x, spec["y"] + 1.8)
            self.pdf.set_font("Sans", "B", spec["size"])
            self.pdf.set_text_color(*self.colour("text"))
            self.pdf.cell(slot, 5, person.name, align="C")
            self.pdf.set_xy(x, spec["y"] + 7)
            self.pdf.set_font("Sans", "", spec["size"] - 1.5)
            self.pdf.set_text_color(*self.colour("muted"))
            self.pdf.cell(slot, 4.5, pick(person.role, lang), align="C")

    def qr(self, url: str, code_text: str, verify_text: str) -> None:
        spec = self.layout["qr"]
        x0, y0, size = spec["x"], spec["y"], spec["size"]
        qr = segno.make(url, error="m")
        rows = [list(row) for row in qr.matrix_iter(border=0)]
        module = size / len(rows)
        self.pdf.set_fill_color(*self.colour("text"))
        for r, row in enumerate(rows):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    self.pdf.rect(x0 + start * module, y0 + r * module, (c - start) * module,
                                  module, style="F")
                else:
                    c += 1
        self.pdf.set_font("Sans", "", 7)
        self.pdf.set_text_color(*self.colour("muted"))
        self.pdf.set_xy(x0 + size / 2 - 25, y0 + size + 4 * module)  # keep the quiet zone
        self.pdf.cell(50, 3.5, code_text, align="C")
        self.pdf.set_font("Sans", "", 6.5)
        self.pdf.set_xy(60, PAGE_H - 20.5)
        self.pdf.cell(PAGE_W - 120, 3.5, verify_text, align="C")


def render_certificate(cert: Certificate, template: CertificateTemplate, destination: Path, *,
                       base_url: str | None = None) -> RenderedPdf:
    """Write ``cert`` as a PDF to ``destination`` (atomically) and return its SHA-256."""
    data = draw(cert, template, base_url=base_url)
    destination.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(destination, data)
    return RenderedPdf(destination, hashlib.sha256(data).hexdigest())


def check_drawable(template: CertificateTemplate, lang: str) -> None:
    """Check that the template has texts in ``lang`` and draw a sample certificate in memory,
    so a missing language, a broken logo or layout stops the run before anything is recorded
    or written."""
    template.check_language(lang)
    sample = Certificate(code="LB-00000-00000-00000-00000", username="sample",
                         fullname="Sample Learner", course_id="0", course_title="Sample course",
                         lang=lang, hours=1, completed_on=date(2000, 1, 1), issued_at="",
                         source="csv")
    try:
        draw(sample, template)
    except InputError:
        raise
    except Exception as exc:  # fpdf2, Pillow and fontTools raise many kinds
        raise InputError(f"the certificate template in {template.folder} cannot be drawn: "
                         f"{type(exc).__name__}: {exc}") from None


def draw(cert: Certificate, template: CertificateTemplate, *,
         base_url: str | None = None) -> bytes:
    """The PDF of ``cert`` as bytes."""
    url = verify_url(base_url or template.base_url, cert.code)
    context: dict[str, Any] = {
        "name": cert.fullname, "course": cert.course_title, "hours": format_hours(cert.hours),
        "date": localised_date(cert.completed_on, cert.lang),
        "institution": template.institution_for(cert.lang), "code": cert.code,
        "verify_url": url, "lang": cert.lang}
    texts = template.render_texts(cert.lang, context)
    page = _Page(template)
    pdf = page.pdf
    pdf.set_title(f"{texts['heading']} – {cert.fullname}")
    pdf.set_author(context["institution"])
    pdf.set_subject(cert.course_title)
    pdf.set_lang(cert.lang)
    page.border()
    page.logo()
    page.line("institution", context["institution"].upper(), style="B", spacing=1.2, lines=1)
    page.line("heading", texts["heading"].upper(), family="Serif", style="B",
              colour="primary", spacing=3.0)
    page.line("subheading", texts["subheading"], colour="accent", spacing=0.6)
    page.line("intro", texts["intro"])
    below_name = page.line("name", cert.fullname, family="Serif", style="B", colour="text",
                           lines=1)
    page.rule(below_name + 2.5, 70)
    below_body = page.line("body", texts["body"], below=below_name + 7)
    below_course = page.line("course", cert.course_title, style="B", colour="primary",
                             width=210, below=below_body + 3)
    page.line("details", texts["details"], colour="text", below=below_course + 5)
    page.signatures(cert.lang)
    page.qr(url, texts["code"], texts["verify"])
    return bytes(pdf.output())
