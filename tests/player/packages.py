"""The SCOs the browser tests run: the example courses built by the real builder, and the
player's own small data sets (``tests/data/courses/player-*/*.json``, rendered directly from
``sco.html.j2`` so the player is tested even where a course feature is rare).
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree

from lms_bridge.resources import scorm_templates_dir

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "course_packages"
PLAYER_DATA = REPO / "tests" / "data" / "courses"
STANDARDS = ("scorm12", "scorm2004")

_DATA_RE = re.compile(r'<script type="application/json" id="lb-data">(.*?)</script>', re.S)


@dataclass(frozen=True)
class Sco:
    course: str
    standard: str
    url: str
    """Path of the launch page on the test server."""
    data: dict[str, Any]
    """The player_data embedded in the page."""

    @property
    def quizzes(self) -> list[dict[str, Any]]:
        pages = self.data["content"][self.data["default_lang"]]["pages"]
        return [p["quiz"] for p in pages if p["quiz"]]

    @property
    def graded(self) -> bool:
        return any(q["graded"] for q in self.quizzes)

    @property
    def pages(self) -> list[dict[str, Any]]:
        pages: list[dict[str, Any]] = self.data["content"][self.data["default_lang"]]["pages"]
        return pages

    @property
    def first_quiz(self) -> tuple[int, dict[str, Any]]:
        """The index of the first page with a quiz, and that quiz."""
        index = next(i for i, p in enumerate(self.pages) if p["quiz"])
        return index, self.pages[index]["quiz"]


def course_names() -> list[str]:
    examples = sorted(p.name for p in EXAMPLES.iterdir() if (p / "course.yaml").is_file())
    own = sorted(p.name for p in PLAYER_DATA.glob("player-*") if p.is_dir())
    return examples + own


def _read_data(html: str) -> dict[str, Any]:
    match = _DATA_RE.search(html)
    assert match, "the SCO page has no lb-data block"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def _render(data: dict[str, Any], target: Path) -> None:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(scorm_templates_dir())),
        undefined=jinja2.StrictUndefined, autoescape=True,
    )
    lang = data["default_lang"]
    html = env.get_template("sco.html.j2").render(
        player_data=data, asset_prefix="../", lang=lang,
        title=data["content"][lang]["sco_title"],
    )
    (target / data["sco_id"]).mkdir(parents=True, exist_ok=True)
    (target / data["sco_id"] / "index.html").write_text(html, encoding="utf-8")


def _launches(manifest: Path) -> list[str]:
    """Hrefs of the SCO resources, in organization order."""
    tree = etree.parse(str(manifest))
    resources = {
        r.get("identifier"): r.get("href")
        for r in tree.iter("{*}resource")
        if (r.get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype")
            or r.get("{http://www.adlnet.org/xsd/adlcp_v1p3}scormType")) == "sco"
    }
    return [resources[i.get("identifierref")] for i in tree.iter("{*}item")
            if i.get("identifierref") in resources]


def render_variant(data: dict[str, Any], name: str, standard: str, site: Path) -> Sco:
    """A SCO made from player data a test derived itself (e.g. an oversized quiz)."""
    target = site / "pkg" / f"{name}-{standard}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(scorm_templates_dir() / "player", target / "player")
    data = {**data, "standard": standard}
    _render(data, target)
    return Sco(name, standard, f"/pkg/{name}-{standard}/{data['sco_id']}/index.html", data)


def load_data(course: str) -> dict[str, Any]:
    """The first player-data file of one of the player's own test courses."""
    source = sorted((PLAYER_DATA / course).glob("*.json"))[0]
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return data


def questions(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every question of the player data, in every language (to rewrite a variant's)."""
    for content in data["content"].values():
        for page in content["pages"]:
            if page["quiz"]:
                yield from page["quiz"]["questions"]


def build(course: str, standard: str, site: Path, sco_mode: str | None = None) -> list[Sco]:
    """Build (or render) one course for one standard under ``site/pkg/`` and list its SCOs."""
    target = site / "pkg" / f"{course}-{standard}{'-' + sco_mode if sco_mode else ''}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if (PLAYER_DATA / course).is_dir():
        shutil.copytree(scorm_templates_dir() / "player", target / "player")
        hrefs = []
        for source in sorted((PLAYER_DATA / course).glob("*.json")):
            data = json.loads(source.read_text(encoding="utf-8"))
            data["standard"] = standard
            _render(data, target)
            hrefs.append(f"{data['sco_id']}/index.html")
    else:
        from lms_bridge.course.loader import load_course
        from lms_bridge.scorm.build import build_package

        loaded = load_course(EXAMPLES / course)
        archive = target.with_suffix(".zip")
        build_package(loaded, output=archive, standard=standard,  # type: ignore[arg-type]
                      languages=loaded.languages, sco_mode=sco_mode)
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(target)
        hrefs = _launches(target / "imsmanifest.xml")
    return [
        Sco(course, standard, f"/pkg/{target.name}/{href}",
            _read_data((target / href).read_text(encoding="utf-8")))
        for href in hrefs
    ]
