"""Create a small, working course folder to start from (``lms-bridge new``).

The scaffold is a real course kept in ``scaffold/`` beside this module, in English, Albanian
and Bulgarian; a new course gets the languages asked for, its own id and title, and is loaded
once before anything is written, so what a designer starts from always builds.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from lms_bridge.course.problems import check_id
from lms_bridge.exceptions import InputError, Problem

SCAFFOLD_DIR = Path(__file__).resolve().parent / "scaffold"
SCAFFOLD_LANGUAGES = ("en", "sq", "bg")
DEFAULT_LANGUAGES = ("en", "sq")
_DEFAULT_TITLES = {"en": "My first course", "sq": "Kursi im i parë", "bg": "Моят първи курс"}
_TRANSLATION_LINE = re.compile(r"^  ([a-z]{2,3}): ")


def slug(name: str) -> str:
    """A course id from a folder name: ``Ligji për bashkitë`` → ``ligji-per-bashkite``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].strip("-")
    return text or "my-course"


def create_course(target: Path, *, course_id: str | None = None, title: str | None = None,
                  languages: Sequence[str] = DEFAULT_LANGUAGES) -> Path:
    """Write a new course into ``target`` (missing or empty) and return its path."""
    course_id = course_id or slug(target.resolve().name)
    langs = list(dict.fromkeys(languages))
    _check(target, course_id, langs)
    with tempfile.TemporaryDirectory(prefix="lms-bridge-new-") as tmp:
        staged = Path(tmp) / "course"
        _write(staged, course_id, title, langs)
        from lms_bridge.course.loader import load_course

        load_course(staged)
        target.mkdir(parents=True, exist_ok=True)
        for item in sorted(staged.iterdir()):
            shutil.move(str(item), str(target / item.name))
    return target


def _check(target: Path, course_id: str, languages: list[str]) -> None:
    problems: list[Problem] = []
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        problems.append(Problem(str(target), "already exists and is not an empty folder"))
    check_id(None, (), course_id, "course id", None, problems, file="--id")
    unknown = [lang for lang in languages if lang not in SCAFFOLD_LANGUAGES]
    if unknown or not languages:
        problems.append(Problem("--languages", f"the sample course exists in "
                                f"{', '.join(SCAFFOLD_LANGUAGES)}; got {', '.join(languages)}"))
    if problems:
        raise InputError("Cannot create the course", problems)


def _write(staged: Path, course_id: str, title: str | None, languages: list[str]) -> None:
    (staged / "modules").mkdir(parents=True)
    shutil.copytree(SCAFFOLD_DIR / "media", staged / "media")
    for source in sorted((SCAFFOLD_DIR / "modules").glob("*.md")):
        if source.name.split(".")[-2] in languages:
            shutil.copyfile(source, staged / "modules" / source.name)
    text = (SCAFFOLD_DIR / "course.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines()
             if not (m := _TRANSLATION_LINE.match(line)) or m.group(1) in languages]
    text = "\n".join(lines) + "\n"
    text = text.replace("__ID__", course_id).replace("__LANGUAGES__", f"[{', '.join(languages)}]")
    for lang in SCAFFOLD_LANGUAGES:
        # A JSON string is a valid YAML scalar, whatever the title contains.
        text = text.replace(f"__TITLE_{lang.upper()}__",
                            json.dumps(title or _DEFAULT_TITLES[lang], ensure_ascii=False))
    (staged / "course.yaml").write_text(text, encoding="utf-8")
