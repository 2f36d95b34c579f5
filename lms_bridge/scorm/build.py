"""Build a SCORM package from a course: load → render → manifest → zip → validate → move into place.

The package is written to a temporary file beside its destination, checked with the same
validator as ``lms-bridge validate``, and only then renamed into place, so a failed build leaves
nothing behind and a published package always passed validation.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from lms_bridge.course.models import Course, ScoMode
from lms_bridge.exceptions import BuildError, Problem
from lms_bridge.files import new_file_mode
from lms_bridge.scorm import layout
from lms_bridge.scorm.assets import media_files, player_assets
from lms_bridge.scorm.layout import Sco, Standard
from lms_bridge.scorm.manifest import make_manifest, render_lom12, render_manifest
from lms_bridge.scorm.package import Source, write_zip
from lms_bridge.scorm.player_data import build_player_data
from lms_bridge.scorm.render import make_environment, render
from lms_bridge.scorm.schemas import schema_files

if TYPE_CHECKING:
    from lms_bridge.scorm.validate.findings import Finding

SCO_TEMPLATE = "sco.html.j2"


@dataclass(frozen=True)
class BuildResult:
    """What was written, for the summary line and for scripts that upload the package."""

    path: Path
    standard: Standard
    languages: tuple[str, ...]
    sha1: str
    size: int
    scos: int
    pages: int
    questions: int
    files: int
    warnings: tuple[str, ...] = ()
    """Validator warnings (the package has no errors, or it would not have been written)."""


@dataclass
class _Staged:
    temp: Path
    result: BuildResult


def load(course: Path | str | Course, warnings: list[Problem] | None = None) -> Course:
    """A :class:`Course` as given, or loaded from its folder (every problem in one error;
    the loader's warnings go to ``warnings``)."""
    if isinstance(course, Course):
        return course
    from lms_bridge.course.loader import load_course

    return load_course(Path(course), warnings=warnings)


def build_package(
    course: Path | str | Course,
    *,
    output: Path | str,
    standard: Standard = "scorm12",
    languages: str | Sequence[str] | None = None,
    schemas_dir: Path | None = None,
    sco_mode: ScoMode | str | None = None,
) -> BuildResult:
    """Build one package.

    ``languages``: one code, several codes (one package with a language picker, the first is the
    default), or ``None`` for the course's default language. ``sco_mode`` overrides the course's
    own setting. ``schemas_dir`` holds the official XSDs to include in the package.
    """
    loaded = load(course)
    langs = select_languages(loaded, languages)
    env = make_environment(loaded.template_dir)
    staged = _stage(env, loaded, Path(output), standard, langs, schemas_dir,
                    _mode(loaded, sco_mode))
    return _publish([staged])[0]


def build_each_language(
    course: Path | str | Course,
    *,
    output_dir: Path | str,
    standard: Standard = "scorm12",
    schemas_dir: Path | None = None,
    sco_mode: ScoMode | str | None = None,
) -> list[BuildResult]:
    """One package per language, named by :func:`default_output_name`, all or none written."""
    loaded = load(course)
    folder = Path(output_dir)
    mode = _mode(loaded, sco_mode)
    if folder.exists() and not folder.is_dir():
        raise BuildError(f"--split-languages writes into a folder, and {folder} is a file")
    with _os_errors(folder):
        created = _make_dirs(folder)
    env = make_environment(loaded.template_dir)  # its compiled templates serve every language
    staged: list[_Staged] = []
    try:
        for lang in loaded.languages:
            target = folder / default_output_name(loaded, standard, [lang])
            staged.append(_stage(env, loaded, target, standard, [lang], schemas_dir, mode))
    except BaseException:
        _discard(staged, created)
        raise
    return _publish(staged)


def default_output_name(course: Course, standard: Standard,
                        languages: str | Sequence[str] | None = None) -> str:
    """``<course-id>-<lang|multi>-<standard>.zip``; ``languages`` as :func:`build_package`
    takes them."""
    langs = select_languages(course, languages)
    tag = langs[0] if len(langs) == 1 else "multi"
    return f"{course.id}-{tag}-{standard}.zip"


def select_languages(course: Course, languages: str | Sequence[str] | None) -> list[str]:
    if languages is None:
        return [course.default_language]
    wanted = [languages] if isinstance(languages, str) else list(dict.fromkeys(languages))
    unknown = [lang for lang in wanted if lang not in course.languages]
    if unknown or not wanted:
        asked = ", ".join(map(repr, unknown)) or "(none given)"
        raise BuildError(
            f"course {course.id!r} has no language {asked};"
            f" its languages are {', '.join(course.languages)}"
        )
    return wanted


def _mode(course: Course, override: ScoMode | str | None) -> ScoMode:
    if override is None:
        return course.sco_mode
    try:
        return ScoMode(override)
    except ValueError:
        choices = ", ".join(m.value for m in ScoMode)
        raise BuildError(f"unknown SCO mode {override!r} (choose {choices})") from None


def _stage(
    env: jinja2.Environment,
    course: Course,
    output: Path,
    standard: Standard,
    languages: Sequence[str],
    schemas_dir: Path | None,
    sco_mode: ScoMode,
) -> _Staged:
    """render → manifest → zip → validate, into a temporary file beside ``output``."""
    if standard not in layout.STANDARDS:
        raise BuildError(f"unknown standard {standard!r} (choose {', '.join(layout.STANDARDS)})")
    if output.is_dir():
        raise BuildError(f"output {output} is a folder; give a file name ending in .zip")
    scos = layout.plan_scos(course, sco_mode)
    files = _render(env, course, scos, standard, languages)
    files.update(_manifest_files(env, course, scos, standard, languages, files, schemas_dir))
    if schemas_dir is not None:
        files.update(schema_files(standard, schemas_dir))
    return _zip_and_validate(course, output, files, standard, languages, scos, schemas_dir)


def _render(
    env: jinja2.Environment, course: Course, scos: Sequence[Sco], standard: Standard,
    languages: Sequence[str],
) -> dict[str, Source]:
    """The SCO pages, rendered, plus the player assets and media to copy byte for byte."""
    files: dict[str, Source] = {}
    media = layout.media_targets(course)
    files.update(player_assets(course.template_dir))
    files.update(media_files(course, media))
    for sco in scos:
        files[sco.href] = _render_sco(env, course, sco, standard, languages, media)
    return files


def _manifest_files(
    env: jinja2.Environment, course: Course, scos: Sequence[Sco], standard: Standard,
    languages: Sequence[str], files: dict[str, Source], schemas_dir: Path | None,
) -> dict[str, Source]:
    """``imsmanifest.xml`` listing every file (and, for SCORM 1.2, the LOM record)."""
    shared = sorted(files.keys() - {sco.href for sco in scos})
    if standard == "scorm12":
        shared.append(layout.METADATA_12)
    manifest = make_manifest(course, scos, languages=languages, shared_files=shared,
                             with_schemas=schemas_dir is not None, standard=standard)
    xml = render_manifest(env, manifest, standard)
    written: dict[str, Source] = {layout.MANIFEST: xml.encode()}
    if standard == "scorm12":
        written[layout.METADATA_12] = render_lom12(env, manifest).encode()
    return written


def _zip_and_validate(
    course: Course, output: Path, files: dict[str, Source], standard: Standard,
    languages: Sequence[str], scos: Sequence[Sco], schemas_dir: Path | None,
) -> _Staged:
    with _os_errors(output):
        created = _make_dirs(output.parent)
        fd, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    os.close(fd)
    temp = Path(name)
    _chmod_as_new_file(temp)
    try:
        with _os_errors(output):
            write_zip(temp, files)
        warnings = _validate(temp, schemas_dir)
        result = _result(course, output, temp, standard, languages, scos, len(files), warnings)
    except BaseException:
        temp.unlink(missing_ok=True)
        _remove_dirs(created)
        raise
    return _Staged(temp, result)


@contextmanager
def _os_errors(output: Path) -> Iterator[None]:
    """A full disk or a read-only folder is the user's to fix: say so, without a traceback."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or output
        raise BuildError(f"cannot write {output}: {exc.strerror or exc} ({where})") from exc


def _render_sco(
    env: jinja2.Environment, course: Course, sco: Sco, standard: Standard,
    languages: Sequence[str], media: Mapping[str, str],
) -> bytes:
    data = build_player_data(course, sco, standard=standard, languages=languages, media=media)
    context = {
        "player_data": data,
        "asset_prefix": layout.SCO_ASSET_PREFIX,
        "lang": languages[0],
        "title": data["content"][languages[0]]["sco_title"],
    }
    return render(env, SCO_TEMPLATE, context).encode()


def _validate(path: Path, schemas_dir: Path | None) -> tuple[str, ...]:
    """Run the package validator on what was written; refuse a package with errors."""
    from lms_bridge.scorm.validate import validate_package

    report = validate_package(path, schemas_dir=schemas_dir)
    if report.errors:
        lines = "\n".join(f"  {_finding(f)}" for f in report.errors)
        raise BuildError(
            f"the built package fails validation ({len(report.errors)} error(s)); "
            f"nothing was written:\n{lines}"
        )
    return tuple(_finding(f) for f in report.warnings)


def _finding(finding: Finding) -> str:
    return f"{finding.where}: [{finding.rule_id}] {finding.message}"


def _result(
    course: Course, output: Path, temp: Path, standard: Standard, languages: Sequence[str],
    scos: Sequence[Sco], files: int, warnings: tuple[str, ...],
) -> BuildResult:
    data = temp.read_bytes()
    modules = course.modules_for(languages[0])
    pages = [page for module in modules for page in module.pages]
    return BuildResult(
        path=output,
        standard=standard,
        languages=tuple(languages),
        sha1=hashlib.sha1(data).hexdigest(),
        size=len(data),
        scos=len(scos),
        pages=len(pages),
        questions=sum(len(p.quiz.questions) for p in pages if p.quiz is not None),
        files=files,
        warnings=warnings,
    )


def _chmod_as_new_file(path: Path) -> None:
    """mkstemp creates 0600; a package is an ordinary file the user shares, so honour the umask."""
    path.chmod(new_file_mode())


def _publish(staged: list[_Staged]) -> list[BuildResult]:
    """Rename every staged package into place (same folder, so each rename is atomic)."""
    try:
        for item in staged:
            with _os_errors(item.result.path):
                os.replace(item.temp, item.result.path)
    except BaseException:
        _discard(staged, [])
        raise
    return [item.result for item in staged]


def _discard(staged: list[_Staged], created: list[Path]) -> None:
    for item in staged:
        item.temp.unlink(missing_ok=True)
    _remove_dirs(created)


def _make_dirs(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, deepest first."""
    created: list[Path] = []
    probe = folder
    while not probe.exists():
        created.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True)
    return created


def _remove_dirs(created: list[Path]) -> None:
    for folder in created:
        try:
            folder.rmdir()
        except OSError:
            break
