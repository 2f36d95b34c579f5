"""The Jinja environment of a build: the course's own templates first, then the built-in ones.

Like MkDocs themes, a course overrides a single template by putting a file of the same name in
its ``templates/`` folder. Undefined variables fail loudly (``StrictUndefined``) and every
template failure becomes a :class:`BuildError` naming the template and line, not a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from lms_bridge import __version__
from lms_bridge.exceptions import BuildError
from lms_bridge.files import user_dir
from lms_bridge.resources import scorm_templates_dir


def template_dirs(course_template_dir: Path | None) -> list[Path]:
    """Search path for templates and player assets, highest priority first."""
    dirs = [scorm_templates_dir()]
    if course_template_dir is not None and course_template_dir.is_dir():
        dirs.insert(0, course_template_dir)
    return dirs


COMPILE_OPTIONS: dict[str, Any] = {"autoescape": True, "trim_blocks": True,
                                   "lstrip_blocks": True, "keep_trailing_newline": True}
"""The environment's settings that shape the compiled code (part of the cache key)."""


def make_environment(course_template_dir: Path | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(course_template_dir)]),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        bytecode_cache=template_cache(),
        **COMPILE_OPTIONS,
    )
    # Raw UTF-8 in the embedded player data: Cyrillic as \uXXXX would triple its size.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    return env


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, except that a cache it cannot read or write (a full disk, a
    read-only home) costs a compile, never the build."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, as Python keeps ``.pyc`` files.

    Compiling the templates is most of the rendering time of a build. Jinja stores each
    template's code under a hash of its path, with a checksum of its source and of Python's
    version and its own bytecode format, so an edited template is compiled afresh. Jinja's
    release, ours and :data:`COMPILE_OPTIONS` also shape the code but are not in Jinja's check,
    so they are in the file names: after an upgrade the templates are compiled again, never run
    from another version's code. The folder is the user's own
    (``$XDG_CACHE_HOME/lms-bridge/templates``, mode 0700); if it cannot be made, or someone else
    could write to it, the build compiles in memory as before.
    """
    folder = os.path.join(user_dir("cache"), "templates")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != owner or info.st_mode & 0o022:
        return None
    made_by = repr((jinja2.__version__, __version__, sorted(COMPILE_OPTIONS.items())))
    return _TemplateCache(folder, f"%s-{hashlib.sha256(made_by.encode()).hexdigest()[:12]}.jinja")


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template, turning Jinja's errors into a readable :class:`BuildError`."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        where = _search_path(env)
        raise BuildError(f"template {exc.name!r} not found (looked in {where})") from exc
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        raise BuildError(f"template {where}: {exc.message}") from exc
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc) or name
        raise BuildError(
            f"template {where}: {exc.message} (variables passed: {', '.join(sorted(context))})"
        ) from exc


def _template_frame(exc: BaseException) -> str | None:
    """``file:line`` of the innermost template frame; Jinja maps its frames to template lines."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _search_path(env: jinja2.Environment) -> str:
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        return ", ".join(str(p) for p in loader.searchpath)
    return "the template loader"
