"""``lms-bridge validate``: say exactly what is wrong with a SCORM package before Moodle does.

Exit codes: 0 valid, 1 errors found (or warnings with --strict), 2 the input could not be read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lms_bridge.cli import fmt

if TYPE_CHECKING:
    from lms_bridge.scorm.validate import ValidationReport

_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:I?B)?\s*$", re.IGNORECASE)
_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Notes"}
_STANDARDS = {"scorm12": "SCORM 1.2", "scorm2004": "SCORM 2004", None: "SCORM version unknown"}


class ByteSize(click.ParamType):
    """A size like 50M, 1.5G, 800K or 1048576 (binary units, as Moodle's upload limits)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        match = _SIZE.match(str(value))
        if not match:
            self.fail(f"{value!r} is not a size such as 50M, 1.5G or 800K", param, ctx)
        return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


@click.command()
@click.argument("package", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON "
              "(format documented in docs/validate.md).")
@click.option("--schemas", "schemas_dir", type=click.Path(exists=True, file_okay=False,
              path_type=Path), help="Folder with the SCORM XSDs to validate against "
              "(default: the package's own schema files, if it ships them).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit code 1).")
@click.option("--max-size", type=ByteSize(), metavar="SIZE",
              help="Upload limit to check the package against, e.g. 50M.")
def validate(package: Path, as_json: bool, schemas_dir: Path | None, strict: bool,
             max_size: int | None) -> None:
    """Check the SCORM package PACKAGE (a .zip or a folder).

    Exit codes: 0 valid, 1 errors found (or warnings with --strict), 2 the package could not be
    read. Every rule is explained in docs/validate.md.
    """
    from lms_bridge.scorm.validate import PackageUnreadableError, validate_package

    try:
        report = validate_package(package, schemas_dir=schemas_dir, max_size=max_size,
                                  strict=strict)
    except PackageUnreadableError as exc:
        fmt.error(f"cannot read the package: {exc}")
        raise click.exceptions.Exit(2) from exc
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        _print_human(report)
    raise click.exceptions.Exit(0 if report.ok else 1)


def _print_human(report: ValidationReport) -> None:
    counts = (f"{len(report.errors)} error(s), {len(report.warnings)} warning(s), "
              f"{len(report.infos)} note(s)")
    fmt.info(f"{report.package}: {_STANDARDS.get(report.standard, report.standard)}: {counts}")
    findings = report.sorted_findings()
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        fmt.info("")
        fmt.heading(_HEADINGS[severity], severity)
        for item in group:
            fmt.info(f"  {item.where}  [{item.rule_id}]  {item.message}")
            fmt.info(f"      fix: {item.fix}")
    fmt.info("")
    if report.ok:
        fmt.success("Valid." if not findings else "Valid (see the notes above).")
    elif not report.errors:
        fmt.error("warnings found and --strict is on.")
    else:
        fmt.error("the package has errors; Moodle may refuse it or run it wrongly.")
