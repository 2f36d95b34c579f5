"""How long ``lms-bridge build`` takes, next to merely zipping its output and next to a peer.

Generates (in a temporary folder) a 100-page trilingual course (sq, en, bg) with 40 questions,
20 images and a PDF handout, about 2 MB, then times, as whole processes and side by side:

1. ours:     ``python -m lms_bridge.cli.main build COURSE --all-languages`` (load, render,
             manifest, zip, validate), with the templates compiled by an earlier build (as
             every build after the first: they are kept in the user's cache), and once more
             with an empty cache;
2. zip-only: ``python -m zipfile -c`` of the unzipped output of our build (Python's own zip CLI,
             deflating every file);
3. peer:     the npm package ``simple-scorm-packager@0.2.7`` (writes a manifest, copies its
             schema files, zips; renders nothing) on a fresh copy of the same output folder.

Prints the median of several runs of each and the ratios; for reference, the start of a bare
interpreter (paid by 1 and 2 alike) and that start plus importing the libraries the project
requires (click, pydantic, Jinja2, PyYAML), which every build pays before reading a course; and
where the build's CPU time goes inside one process.
Target: ours <= 2x zip-only.

    python benchmarks/build.py [--runs 7]

Runs are interleaved round-robin and both wall and CPU time (user + system of the child
process) are reported: on a shared machine CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PEER = REPO / ".cache" / "npm" / "node_modules" / "simple-scorm-packager"
LANGS = ("sq", "en", "bg")
MODULES = 10
PAGES_PER_MODULE = 10
QUESTIONS_PER_QUIZ = 4
IMAGES = 20

WORDS = {
    lang: words.split()
    for lang, words in {
        "sq": "bashkia këshilli buxheti qytetarët shërbimet vendore ligji kryetari pjesëmarrja "
              "transparenca konsultimi publik vendimmarrja financat taksat",
        "en": "municipality council budget citizens local services law mayor participation "
              "transparency public consultation decision finance taxes",
        "bg": "община съвет бюджет граждани местни услуги закон кмет участие прозрачност "
              "обществена консултация решение финанси данъци",
    }.items()
}

PEER_SCRIPT = """
const packager = require(process.argv[2]);
packager({version: '1.2', organization: 'Benchmark', title: 'Benchmark course', language: 'sq',
          identifier: 'benchmark', masteryScore: 80, startingPage: 'sco/m01.html',
          source: process.argv[3],
          package: {zip: true, outputFolder: process.argv[4], version: '1.0.0',
                    date: '2026-01-01'}},
         function () {});
"""


def _png(width: int, height: int, rnd: random.Random) -> bytes:
    """An incompressible (noise) PNG, like a photo: zip cannot shrink it."""
    raw = b"".join(b"\x00" + rnd.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 1))
            + chunk(b"IEND", b""))


def _sentence(lang: str, rnd: random.Random, n: int = 14) -> str:
    words = [rnd.choice(WORDS[lang]) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _quiz(lang: str, module: int, rnd: random.Random) -> str:
    lines = ["```quiz", f"id: quiz-m{module:02d}", "graded: true", "questions:"]
    for q in range(1, QUESTIONS_PER_QUIZ + 1):
        lines += [f"  - id: q{q}", "    type: single", f"    prompt: \"{_sentence(lang, rnd, 8)}\"",
                  "    answers:"]
        for a in range(4):
            lines += [f"      - text: \"{_sentence(lang, rnd, 4)}\"",
                      f"        correct: {'true' if a == 0 else 'false'}",
                      f"        feedback: \"{_sentence(lang, rnd, 6)}\""]
    return "\n".join([*lines, "```"])


def generate_course(root: Path) -> Path:
    """Write the benchmark course; the same seed gives the same course every time."""
    course = root / "course"
    (course / "modules").mkdir(parents=True)
    (course / "media").mkdir()
    rnd = random.Random(2026)
    for i in range(1, IMAGES + 1):
        (course / "media" / f"figure-{i:02d}.png").write_bytes(_png(150, 150, rnd))
    (course / "media" / "handout.pdf").write_bytes(
        b"%PDF-1.4\n" + rnd.randbytes(120_000) + b"\n%%EOF\n")
    module_ids = [f"m{m:02d}" for m in range(1, MODULES + 1)]
    titles = "\n".join(f"  {lang}: Benchmark course {lang}" for lang in LANGS)
    (course / "course.yaml").write_text(
        f"id: benchmark-course\nversion: \"1.0\"\nlanguages: [{', '.join(LANGS)}]\n"
        f"title:\n{titles}\nduration_minutes: 300\nmastery_score: 80\n"
        f"modules: [{', '.join(module_ids)}]\n", encoding="utf-8")
    for m, module_id in enumerate(module_ids, start=1):
        for lang in LANGS:
            text = random.Random(f"{m}-{lang}")
            parts = ["---", f"title: \"{_sentence(lang, text, 4)}\"", "---", ""]
            for p in range(1, PAGES_PER_MODULE + 1):
                parts += [f"# {_sentence(lang, text, 5)} {{#{module_id}-p{p:02d}}}", ""]
                parts += [_sentence(lang, text, 30) for _ in range(4)]
                parts += ["", f"- {_sentence(lang, text, 6)}", f"- {_sentence(lang, text, 6)}", ""]
                image = ((m - 1) * 2 + p // 5) % IMAGES + 1
                if p % 5 == 1:
                    parts += [f"![{_sentence(lang, text, 3)}](../media/figure-{image:02d}.png)", ""]
                if p == 2:
                    parts += [f"[{_sentence(lang, text, 3)}](../media/handout.pdf)", ""]
                if p == PAGES_PER_MODULE:
                    parts += [_quiz(lang, m, text), ""]
            (course / "modules" / f"{module_id}.{lang}.md").write_text("\n".join(parts),
                                                                       encoding="utf-8")
    return course


@dataclass
class Contender:
    label: str
    run: Callable[[], None]
    prepare: Callable[[], None] | None = None
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def _measure(contenders: list[Contender], runs: int) -> None:
    """Round-robin runs (one untimed warm-up each), so a busy machine slows all alike.

    Records wall time and the children's CPU time (user + system), which a loaded machine
    disturbs less.
    """
    for i in range(runs + 1):
        for c in contenders:
            if c.prepare is not None:
                c.prepare()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            c.run()
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if i:
                c.wall.append(wall)
                c.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)


FLOOR_IMPORTS = "import click, jinja2, yaml; from pydantic import BaseModel"
"""What any build with the libraries the project requires pays before reading a course: the
CLI (click), the course model (pydantic), the templates (Jinja2) and YAML (PyYAML)."""

PHASES_SCRIPT = """
import sys, time
marks = [("start", time.process_time())]
def mark(label):
    marks.append((label, time.process_time()))
from pathlib import Path
import click
mark("click")
import pydantic.main, pydantic.fields
mark("pydantic")
import lms_bridge.course.models
mark("course model classes")
import jinja2
mark("jinja2")
import yaml
mark("PyYAML")
import lxml.etree
mark("lxml")
from lms_bridge.course.loader import load_course
from lms_bridge.scorm.build import build_package
import lms_bridge.scorm.validate
mark("lms_bridge modules")
course = load_course(Path(sys.argv[1]))
mark("load course")
build_package(course, output=Path(sys.argv[2]), languages=course.languages)
mark("render + manifest + zip + validate")
build_package(course, output=Path(sys.argv[2]), languages=course.languages)
mark("(the same, warm)")
print("  inside one build process, CPU time (imports in order, each without what came before):")
print("    " + ", ".join(f"{label} {(t - marks[i][1]) * 1000:.0f} ms"
                          for i, (label, t) in enumerate(marks[1:])))
"""


def _phases(course: Path, output: Path) -> None:
    """Where the build's time goes, measured inside one process (CPU time: steadier)."""
    subprocess.run([sys.executable, "-c", PHASES_SCRIPT, str(course), str(output)], check=True)


def _compile_bytecode() -> None:
    """Byte-compile lms_bridge, as ``pip install`` does when it installs a package.

    The zip-only baseline runs on the standard library's compiled bytecode. A source checkout
    installed in editable mode, with PYTHONDONTWRITEBYTECODE=1 as on the development machine,
    would otherwise compile every lms_bridge module from source in every run (about 40 ms).
    """
    compileall.compile_dir(REPO / "lms_bridge", quiet=1)


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    _compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="lms-bridge-bench-") as tmp:
        work = Path(tmp)
        course = generate_course(work)
        ours_zip = work / "ours.zip"
        build_cmd = [sys.executable, "-m", "lms_bridge.cli.main", "build", str(course),
                     "--all-languages", "-o", str(ours_zip)]

        def ours() -> None:
            subprocess.run(build_cmd, check=True, cwd=work, stdout=subprocess.DEVNULL)

        cold_home = work / "cold-cache"

        def ours_cold() -> None:
            subprocess.run(build_cmd, check=True, cwd=work, stdout=subprocess.DEVNULL,
                           env={**os.environ, "XDG_CACHE_HOME": str(cold_home)})

        def empty_cache() -> None:
            shutil.rmtree(cold_home, ignore_errors=True)

        ours()
        unpacked = work / "unpacked"
        with zipfile.ZipFile(ours_zip) as archive:
            archive.extractall(unpacked)
            entries = len(archive.infolist())
        top = sorted(str(p) for p in unpacked.iterdir())
        plain_zip = work / "plain.zip"

        def zip_only() -> None:
            subprocess.run([sys.executable, "-m", "zipfile", "-c", str(plain_zip), *top],
                           check=True, cwd=work)

        def interpreter() -> None:
            subprocess.run([sys.executable, "-c", "pass"], check=True, cwd=work)

        def floor() -> None:
            subprocess.run([sys.executable, "-c", FLOOR_IMPORTS], check=True, cwd=work)

        contenders = [
            Contender("ours (lms-bridge build)", ours),
            Contender("ours, templates not yet compiled (first build)", ours_cold,
                      prepare=empty_cache),
            Contender("zip-only (python -m zipfile -c, same files)", zip_only,
                      prepare=lambda: plain_zip.unlink(missing_ok=True)),
            Contender("(reference: interpreter start, python -c pass)", interpreter),
            Contender("(reference: + importing the required libraries)", floor),
        ]
        node = shutil.which("node")
        if node and (PEER / "package.json").is_file():
            script = work / "peer.js"
            script.write_text(PEER_SCRIPT, encoding="utf-8")
            source, out = work / "peer-src", work / "peer-out"

            def fresh_copy() -> None:
                shutil.rmtree(source, ignore_errors=True)
                shutil.rmtree(out, ignore_errors=True)
                shutil.copytree(unpacked, source)
                (source / "imsmanifest.xml").unlink()

            def peer() -> None:
                subprocess.run([node, str(script), str(PEER), str(source), str(out)], check=True,
                               cwd=work, stdout=subprocess.DEVNULL)

            contenders.insert(3, Contender("peer (simple-scorm-packager@0.2.7, node)", peer,
                                        prepare=fresh_copy))
        _measure(contenders, args.runs)

        print(f"course: {MODULES * PAGES_PER_MODULE} pages x {len(LANGS)} languages, "
              f"{MODULES * QUESTIONS_PER_QUIZ} questions, {IMAGES} images + 1 PDF, "
              f"{_folder_size(course) / 1e6:.2f} MB of sources")
        print(f"package: {entries} files, {ours_zip.stat().st_size / 1e6:.2f} MB "
              f"(all languages, SCORM 1.2); median of {args.runs} runs, process start included, "
              "lms_bridge byte-compiled as by pip install")
        base_wall = statistics.median(contenders[2].wall)
        base_cpu = statistics.median(contenders[2].cpu)
        print(f"  {'':<46}{'wall':>8}  {'ratio':>6}  {'cpu':>8}  {'ratio':>6}")
        for c in contenders:
            wall, cpu = statistics.median(c.wall), statistics.median(c.cpu)
            print(f"  {c.label:<46}{wall * 1000:6.0f} ms  {wall / base_wall:5.2f}x  "
                  f"{cpu * 1000:6.0f} ms  {cpu / base_cpu:5.2f}x")
        if len(contenders) < 6:
            print("  peer: simple-scorm-packager not found (run the npm line of .ci/run)")
        ours_wall = statistics.median(contenders[0].wall)
        verdict = "met" if ours_wall <= 2 * base_wall else "NOT met"
        print(f"  target ours <= 2x zip-only (wall): {verdict}")
        _phases(course, work / "phases.zip")


if __name__ == "__main__":
    main()
