"""``lms-bridge translate``: the commands a coordinator types, their output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lms_bridge.cli.main import main
from lms_bridge.course.loader import load_course
from lms_bridge.translate.catalog import build_catalog
from tests.translate.helpers import edit_csv, snapshot


def test_export_edit_import_status(law: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    total = len(build_catalog(load_course(law), "sq").units)  # 247
    out = tmp_path / "law-bg.xlsx"
    main(["translate", "export", str(law), "--to", "bg", "-o", str(out)])
    assert f"{total} units, {total} to translate or review" in capsys.readouterr().out
    csv_file = tmp_path / "law-bg.csv"
    main(["translate", "export", str(law), "--to", "bg", "--format", "csv", "-o",
          str(csv_file)])
    edit_csv(csv_file, lambda unit_id, source, target: "Закон" if unit_id == "course.title"
             else None)
    capsys.readouterr()
    main(["translate", "import", str(law), str(csv_file), "--dry-run"])
    dry = capsys.readouterr()
    assert "course.title: (new) → Закон" in dry.out
    assert "Would write course.yaml, modules/foundations.bg.md" in dry.out
    assert not (law / "modules" / "foundations.bg.md").exists()
    main(["translate", "import", str(law), str(csv_file)])
    done = capsys.readouterr()
    assert "New language 'bg'" in done.out
    assert f"{total - 1} unit(s) have no translation yet" in done.err
    main(["translate", "status", str(law), "--json"])
    status = json.loads(capsys.readouterr().out)
    assert [(s["lang"], s["translated"], s["missing"], s["stale"]) for s in status] == [
        ("en", total, 0, 0), ("bg", 1, total - 1, 0)]
    # the example's English was written by hand, the Bulgarian title imported
    assert [s["untracked"] for s in status] == [total, 0]
    main(["translate", "status", str(law)])
    table = capsys.readouterr().out
    assert "bg ← sq" in table and "translated outside 'translate import'" in table


def test_refused_import_exits_1_with_every_problem(law: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.csv"
    main(["translate", "export", str(law), "--to", "en", "-o", str(out)])
    edit_csv(out, lambda unit_id, source, target: "[broken" if unit_id.endswith(".title")
             and unit_id.startswith("foundations.") else None)
    out.write_bytes(out.read_bytes().replace(b"\r\ncourse.audience,", b"\r\ncourse.audienc,"))
    before = snapshot(law)
    with pytest.raises(SystemExit) as caught:
        main(["translate", "import", str(law), str(out)])
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "x.csv cannot be imported: nothing was written" in err
    assert "unknown unit id 'course.audienc'" in err
    assert "unit 'course.audience' has no row" in err
    assert "Traceback" not in err
    assert snapshot(law) == before


def test_export_needs_a_known_format(law: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["translate", "export", str(law), "--to", "en", "-o", str(tmp_path / "x.doc")])
    assert caught.value.code == 2
    assert "give --format xliff|xlsx|csv" in capsys.readouterr().err


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    main(["translate", "--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in ("export", "import", "status"))


def test_an_imported_language_builds_into_the_multi_language_package(
        law: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "law-bg.csv"
    main(["translate", "export", str(law), "--to", "bg", "-o", str(out)])
    edit_csv(out, lambda unit_id, source, target: "Законът за местното самоуправление"
             if unit_id == "course.title" else None)
    main(["translate", "import", str(law), str(out)])
    capsys.readouterr()
    main(["build", str(law), "--all-languages", "-o", str(tmp_path)])
    assert "sq+en+bg" in capsys.readouterr().out
    main(["build", str(law), "--split-languages", "-o", str(tmp_path)])
    built = sorted(p.name for p in tmp_path.glob("*.zip"))
    assert "law-on-local-self-government-bg-scorm12.zip" in built


def test_format_option_wins_over_the_extension(law: Path, tmp_path: Path) -> None:
    for name, given, start in (("a.dat", "xlsx", b"PK"), ("b.csv", "xliff", b"<?xml"),
                               ("c.xlsx", "csv", "\ufeffid,".encode())):
        main(["translate", "export", str(law), "--to", "en", "--format", given, "-o",
              str(tmp_path / name)])
        assert (tmp_path / name).read_bytes().startswith(start), name
