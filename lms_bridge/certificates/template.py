"""Certificate designs the institute can change without touching code.

A template is a folder with ``certificate.yaml`` and its assets (the logo). Keys the folder
leaves out come from the packaged default, so an institute can change just its name and
signatories. Texts are Jinja2 (sandboxed, ``StrictUndefined``) so wording can use the learner's
data; the whole template is checked, and every problem listed, before a single PDF is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from lms_bridge.exceptions import InputError, Problem

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "default_template"
TEXT_KEYS = ("heading", "subheading", "intro", "body", "details", "code", "verify")
COLOUR_KEYS = ("primary", "accent", "text", "muted")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
Localised = str | dict[str, str]


@dataclass(frozen=True)
class Signatory:
    name: str
    role: Localised


@dataclass(frozen=True)
class CertificateTemplate:
    folder: Path
    institution: Localised
    base_url: str
    logo: Path | None
    colours: dict[str, str]
    signatories: tuple[Signatory, ...]
    texts: dict[str, dict[str, str]]
    layout: dict[str, dict[str, float]]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)

    def institution_for(self, lang: str) -> str:
        return pick(self.institution, lang)

    def check_language(self, lang: str) -> None:
        """Render ``lang``'s texts with sample values, so a typo fails before anything is
        written rather than half-way through a course."""
        if lang not in self.texts:
            raise InputError(f"the certificate template has no texts for language {lang!r} "
                             f"(it has: {', '.join(self.texts)})")
        self.render_texts(lang, {"name": "A", "course": "B", "hours": "1", "date": "C",
                                 "institution": "D", "code": "E", "verify_url": "F",
                                 "lang": lang})

    def render_texts(self, lang: str, context: dict[str, Any]) -> dict[str, str]:
        """Every text of ``lang`` rendered with ``context``."""
        texts = self.texts.get(lang) or self.texts["en"]
        try:
            return {k: _ENV.from_string(texts[k]).render(**context).strip() for k in TEXT_KEYS}
        except TemplateError as exc:
            raise InputError(f"{self.folder / 'certificate.yaml'}: texts.{lang}: {exc}") from None


def pick(value: Localised, lang: str) -> str:
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get("en") or next(iter(value.values()), "")


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict) and key != "institution":
            merged[key] = _merge(base[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path.parent} is not a certificate template: it has no "
                         "certificate.yaml") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} cannot be read: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of settings at the top level")
    return data


def load_template(folder: Path | None = None) -> CertificateTemplate:
    """The packaged design, with ``folder``'s settings and assets laid over it."""
    data = _read(DEFAULT_TEMPLATE / "certificate.yaml")
    source = DEFAULT_TEMPLATE
    if folder is not None:
        data = _merge(data, _read(folder / "certificate.yaml"))
        source = folder
    yaml_file = str(source / "certificate.yaml")
    problems: list[Problem] = []

    def bad(field: str, message: str) -> None:
        problems.append(Problem(yaml_file, message, field=field))

    texts = data.get("texts")
    if not isinstance(texts, dict) or "en" not in texts:
        bad("texts", "needs a mapping of languages, including 'en'")
        texts = {}
    for lang, entries in texts.items():
        if not isinstance(entries, dict):
            bad(f"texts.{lang}", "needs the keys " + ", ".join(TEXT_KEYS))
            continue
        for key in TEXT_KEYS:
            value = entries.get(key)
            if not isinstance(value, str):
                bad(f"texts.{lang}.{key}", "missing (a text is needed)")
                continue
            try:
                _ENV.parse(value)
            except TemplateError as exc:
                bad(f"texts.{lang}.{key}", f"Jinja2 syntax: {exc}")
    colours = data.get("colours") or {}
    for key in COLOUR_KEYS:
        if not isinstance(colours.get(key), str) or not _COLOUR.match(colours[key]):
            bad(f"colours.{key}", f"{colours.get(key)!r} is not a colour like '#1f3a5f'")
    signatories = []
    for index, entry in enumerate(data.get("signatories") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not isinstance(entry.get("role", ""), (str, dict)):
            bad(f"signatories[{index}]", "needs a name and a role")
            continue
        signatories.append(Signatory(entry["name"], entry.get("role", "")))
    if len(signatories) > 3:
        bad("signatories", "at most 3 fit on the page")
    logo = _asset(data.get("logo"), folder, bad)
    institution = data.get("institution")
    if not isinstance(institution, (str, dict)) or not institution:
        bad("institution", "needs the issuing institution's name")
        institution = ""
    base_url = str(data.get("base_url") or "")
    if not re.match(r"^https?://", base_url):
        bad("base_url", f"{base_url!r} is not an http(s) URL")
    layout = data.get("layout") or {}
    for name, spec in layout.items() if isinstance(layout, dict) else [("", None)]:
        if not isinstance(spec, dict) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec.values()):
            bad(f"layout.{name}".rstrip("."), "needs numbers, e.g. {y: 94, size: 30}")
    if problems:
        raise InputError("the certificate template has problems", problems)
    return CertificateTemplate(
        folder=source, institution=institution, base_url=base_url.rstrip("/"), logo=logo,
        colours={k: colours[k] for k in COLOUR_KEYS}, signatories=tuple(signatories),
        texts={lang: {k: v[k] for k in TEXT_KEYS} for lang, v in texts.items()},
        layout={k: {kk: float(vv) for kk, vv in v.items()} for k, v in layout.items()})


def _asset(name: object, folder: Path | None, bad: Any) -> Path | None:
    if not name:
        return None
    if not isinstance(name, str) or Path(name).is_absolute() or ".." in Path(name).parts:
        bad("logo", f"{name!r}: give a file name inside the template folder")
        return None
    for base in ([folder] if folder else []) + [DEFAULT_TEMPLATE]:
        if (base / name).is_file():
            return base / name
    bad("logo", f"{name} is not in the template folder")
    return None
