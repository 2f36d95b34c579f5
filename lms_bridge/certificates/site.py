"""The static verification site: plain files any web host can serve.

Per certificate, ``c/<CODE>.json`` and ``c/<CODE>.html`` (readable without JavaScript, and what
the QR code opens) carry only what the paper certificate itself shows — name, course, hours,
completion date, issuer — plus its status and, for a corrected certificate, the code of the
one that replaces it (same learner, same course). No username, e-mail, Moodle id or list of codes is
published: a page can be found only by someone who holds the code. ``verify.html?code=...``
fetches the JSON, so a typed code with look-alike letters or missing dashes still resolves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from lms_bridge.certificates.models import Certificate, format_hours
from lms_bridge.certificates.render import localised_date
from lms_bridge.certificates.template import CertificateTemplate
from lms_bridge.files import write_atomic

SITE_FILES = Path(__file__).resolve().parent / "site"


@dataclass(frozen=True)
class PublishResult:
    folder: Path
    valid: int
    revoked: int


def public_record(cert: Certificate, template: CertificateTemplate) -> dict[str, Any]:
    """What anyone holding the code may see: the certificate's own content and its status."""
    return {
        "code": cert.code,
        "status": "revoked" if cert.revoked else "valid",
        "name": cert.fullname,
        "course": cert.course_title,
        "hours": format_hours(cert.hours),
        "completed_on": cert.completed_on.isoformat(),
        "completed_on_text": localised_date(cert.completed_on, cert.lang),
        "institution": template.institution_for(cert.lang),
        "lang": cert.lang,
        "revoked_on": (cert.revoked_at or "")[:10] if cert.revoked else "",
        "revocation_reason": cert.revocation_reason or "" if cert.revoked else "",
        "replaced_by": cert.replaced_by or "",
    }


def _labels() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(
        (SITE_FILES / "labels.yaml").read_text(encoding="utf-8"))
    return data


def _write(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def publish_site(certificates: list[Certificate], template: CertificateTemplate, out: Path, *,
                 lang: str = "en") -> PublishResult:
    """Write (or refresh) the site in ``out``; existing pages of other codes are left alone."""
    labels = _labels()
    env = Environment(loader=FileSystemLoader(str(SITE_FILES)), undefined=StrictUndefined,
                      autoescape=select_autoescape(["j2", "html"]), keep_trailing_newline=True)
    (out / "c").mkdir(parents=True, exist_ok=True)
    css = env.from_string((SITE_FILES / "site.css").read_text(encoding="utf-8"))
    _write(out / "site.css", css.render(colours=template.colours))
    site_lang = lang if lang in labels else "en"
    page = env.get_template("verify.html.j2")
    common = {"lang": site_lang, "t": labels[site_lang],
              "institution": template.institution_for(site_lang),
              "labels_json": json.dumps(labels[site_lang], ensure_ascii=False)
              .replace("</", "<\\/")}
    for name in ("index.html", "verify.html"):
        _write(out / name, page.render(root="", **common))
    cert_page = env.get_template("certificate.html.j2")
    counts = {"valid": 0, "revoked": 0}
    for cert in certificates:
        record = public_record(cert, template)
        counts[record["status"]] += 1
        _write(out / "c" / f"{cert.code}.json",
               json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        cert_lang = cert.lang if cert.lang in labels else "en"
        _write(out / "c" / f"{cert.code}.html", cert_page.render(
            lang=cert_lang, t=labels[cert_lang], institution=record["institution"],
            root="../", cert=record))
    return PublishResult(out, counts["valid"], counts["revoked"])
