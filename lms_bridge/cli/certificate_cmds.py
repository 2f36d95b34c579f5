"""``lms-bridge certificates``: issue, reissue, revoke, verify, publish and pull certificates.

Exit codes of ``verify``: 0 valid, 3 revoked, 4 unknown (signed with our key but not in this
register), 5 forged (the signature does not match), 2 not a certificate code, 1 other errors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import click

from lms_bridge.cli import fmt
from lms_bridge.cli.moodle_options import MOODLE_OPTION_NAMES, moodle_options
from lms_bridge.moodle import MoodleClient

if TYPE_CHECKING:
    from lms_bridge.certificates.codes import SigningKey
    from lms_bridge.certificates.models import Completion, CourseInfo, Source
    from lms_bridge.certificates.registry import Registry
    from lms_bridge.certificates.template import CertificateTemplate

F = TypeVar("F", bound=Callable[..., Any])
VERIFY_EXIT = {"valid": 0, "revoked": 3, "unknown": 4, "forged": 5}
LANGS = click.Choice(["sq", "en", "bg"])
PLACEHOLDER_HOSTS = {"certificates.example.org"}  # the packaged template's base_url


def _connection_options(func: F) -> F:
    """The shared Moodle options, without connecting: for commands that may run offline."""
    params = getattr(moodle_options(lambda **_: None), "__click_params__", [])
    func.__dict__.setdefault("__click_params__", []).extend(params)
    return func


def _registry_option(func: F) -> F:
    return click.option("--registry", type=click.Path(dir_okay=False, path_type=Path),
                        help="Certificate register (SQLite; default: $LMS_BRIDGE_CERT_REGISTRY "
                             "or ~/.local/share/lms-bridge/certificates.sqlite).")(func)


def _key_option(func: F) -> F:
    return click.option("--key-file", type=click.Path(dir_okay=False, path_type=Path),
                        help="The institute's signing key (default: $LMS_BRIDGE_CERT_KEY_FILE "
                             "or ~/.config/lms-bridge/certificate.key).")(func)


def _template_options(func: F) -> F:
    func = click.option("--base-url", metavar="URL",
                        help="Address of the published verification site (QR codes point to "
                             "URL/c/CODE.html; default: the template's base_url).")(func)
    return click.option("--template", "template_dir",
                        type=click.Path(file_okay=False, exists=True, path_type=Path),
                        help="Certificate template folder (default: the packaged design).")(func)


def _open_registry(path: Path | None, *, create: bool = True) -> Registry:
    from lms_bridge.certificates.registry import Registry, default_registry_path

    return Registry(path or default_registry_path(), create=create)


def _key_loader(key_file: Path | None) -> Callable[[], SigningKey]:
    from lms_bridge.certificates.codes import load_key, resolve_key_path

    return lambda: load_key(resolve_key_path(key_file))


@click.group()
def certificates() -> None:
    """Certificates anyone can verify: signed codes, QR codes, a static verification site."""


@certificates.command("init-key")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def init_key(path: Path | None) -> None:
    """Create the institute's signing key (readable only by you). Back it up: without it no
    new certificate can be issued, and codes cannot be checked."""
    from lms_bridge.certificates.codes import create_key, resolve_key_path

    target = resolve_key_path(path)
    create_key(target)
    fmt.success(f"Created a signing key in {target} (mode 600). Keep a backup somewhere safe.")


@certificates.command()
@click.option("--course", required=True, metavar="ID|SHORTNAME",
              help="Moodle course id or short name; with --from-csv, the course code to file "
                   "the certificates under.")
@click.option("--from-csv", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Issue for the learners in this CSV (face-to-face training) instead of "
                   "Moodle's completions. Columns: username, fullname, completion date, "
                   "optional email and hours.")
@click.option("--encoding", help="Encoding of the --from-csv file (utf-8, cp1250, cp1251); "
              "detected when not given.")
@click.option("--course-title", help="Course title printed on the certificate (needed with "
                                     "--from-csv; default for Moodle: the course's full name).")
@click.option("--lang", metavar="XX", help="Language of the certificate: sq, en, bg or any "
              "the template has texts for (default: the Moodle course's language, else en).")
@click.option("--hours", type=click.FloatRange(min=0, min_open=True),
              help="Hours of training printed on the certificate (a CSV 'hours' column wins).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("certificates"), show_default=True, help="Folder for the PDFs.")
@click.option("--redraw", is_flag=True, help="Draw the PDFs of certificates already issued "
              "again (e.g. after changing the template); their codes stay the same.")
@_template_options
@_key_option
@_registry_option
@_connection_options
def issue(course: str, from_csv: Path | None, encoding: str | None, course_title: str | None,
          lang: str | None, hours: float | None, output: Path, redraw: bool,
          template_dir: Path | None, base_url: str | None, key_file: Path | None,
          registry: Path | None, **connection: Any) -> None:
    """Issue a PDF certificate to every learner who completed a course.

    Re-running is safe: a learner keeps the certificate (and code) already issued for the
    course; only missing PDFs are drawn again.
    """
    from lms_bridge.certificates.template import load_template

    template = load_template(template_dir)
    _warn_placeholder(base_url or template.base_url)
    common: dict[str, Any] = {"output": output, "template": template, "base_url": base_url,
                              "key_file": key_file, "registry_path": registry, "redraw": redraw}
    if from_csv is not None:
        if any(connection.get(name) for name in MOODLE_OPTION_NAMES):
            fmt.warning("--from-csv reads no Moodle data: the connection options are ignored")
        if not course_title:
            raise click.UsageError("--from-csv needs --course-title")
        _issue_from_csv(from_csv, encoding, course, course_title, lang or "en", hours, **common)
    else:
        moodle_options(_issue_from_moodle)(course=course, course_title=course_title, lang=lang,
                                           hours=hours, **common, **connection)


def _warn_placeholder(base_url: str) -> None:
    url = base_url.rstrip("/")
    if urlsplit(url).hostname in PLACEHOLDER_HOSTS:
        fmt.warning(f"QR codes will point to the placeholder {url}: set base_url in your "
                    "template (--template) or pass --base-url with your verification site")


def _issue_from_csv(csv_file: Path, encoding: str | None, course: str, title: str, lang: str,
                    hours: float | None, **common: Any) -> None:
    from lms_bridge.certificates.csv_source import read_completions
    from lms_bridge.certificates.models import CourseInfo

    rows = read_completions(csv_file, default_hours=hours, encoding=encoding)
    info = CourseInfo(id=course, title=title, lang=lang, hours=hours)
    _issue(info, rows, "csv", **common)


def _issue_from_moodle(moodle: MoodleClient, course: str, course_title: str | None,
                       lang: str | None, hours: float | None, **common: Any) -> None:
    from dataclasses import replace

    from lms_bridge.certificates import moodle_source

    found = moodle_source.find_course(moodle, course)
    info = moodle_source.course_info(found, lang=lang, hours=hours,
                                     languages=common["template"].languages)
    if course_title:
        info = replace(info, title=course_title)
    found_rows = moodle_source.completions(moodle, found)
    for problem in found_rows.skipped:
        fmt.warning(f"no certificate for {problem} (re-run later)")
    if not found_rows.completions:
        fmt.info(f"Nobody has completed {info.title} yet: no certificates issued.")
        return
    _issue(info, found_rows.completions, "moodle", **common)


def _issue(info: CourseInfo, rows: list[Completion], source: Source, *, output: Path,
           template: CertificateTemplate, base_url: str | None, key_file: Path | None,
           registry_path: Path | None, redraw: bool) -> None:
    from lms_bridge.certificates.issue import issue_certificates

    key = _key_loader(key_file)()
    with _open_registry(registry_path) as registry:
        result = issue_certificates(info, rows, source=source,
                                    registry=registry, key=key, template=template,
                                    out_dir=output, base_url=base_url, redraw=redraw)
    for cert in result.issued:
        fmt.info(f"  issued  {cert.code}  {cert.fullname}")
    fmt.success(f"{info.title}: {len(result.issued)} certificate(s) issued, "
                f"{len(result.reused)} already issued, {len(result.rendered)} PDF(s) written "
                f"to {output}.")


@certificates.command("list")
@click.option("--course", metavar="ID", help="Only this course (Moodle id or CSV course code).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")
@_registry_option
def list_(course: str | None, as_json: bool, registry: Path | None) -> None:
    """Show the register: code, status, learner, course, completion date."""
    with _open_registry(registry, create=False) as reg:
        certs = [c for c in reg.all() if course is None or c.course_id == course]
    for cert in certs:
        status = "revoked" if cert.revoked else "valid"
        if as_json:
            click.echo(json.dumps({
                "code": cert.code, "status": status, "username": cert.username,
                "name": cert.fullname, "course_id": cert.course_id,
                "course": cert.course_title, "completed_on": cert.completed_on.isoformat(),
                "source": cert.source, "external_code": cert.external_code,
                "pdf": cert.pdf_path, "replaced_by": cert.replaced_by}, ensure_ascii=False))
        else:
            replaced = f"  → replaced by {cert.replaced_by}" if cert.replaced_by else ""
            click.echo(f"{cert.code}  {status:7}  {cert.completed_on}  {cert.course_id:>8}  "
                       f"{cert.fullname} ({cert.username}){replaced}")
    if not as_json:
        fmt.info(f"{len(certs)} certificate(s).")


@certificates.command()
@click.argument("code")
@click.option("--reason", required=True, help="Why the certificate is withdrawn (published).")
@_registry_option
def revoke(code: str, reason: str, registry: Path | None) -> None:
    """Withdraw a certificate. The reason is shown on the verification site."""
    from lms_bridge.certificates.issue import parse_code

    if not reason.strip():
        raise click.BadParameter("give a reason", param_hint="--reason")
    with _open_registry(registry, create=False) as reg:
        cert = reg.revoke(parse_code(code, reg)[0], reason.strip())
    fmt.success(f"Revoked {cert.code} ({cert.fullname}, {cert.course_title}). Run "
                "'lms-bridge certificates publish' to update the verification site.")


@certificates.command()
@click.argument("code")
@click.option("--reason", required=True, help="Why the certificate is corrected (published on "
                                              "the old certificate's page).")
@click.option("--name", "fullname", metavar="TEXT",
              help="The learner's full name as it should be printed.")
@click.option("--hours", type=click.FloatRange(min=0, min_open=True),
              help="The hours of training as they should be printed.")
@click.option("--completed-on", type=click.DateTime(formats=["%Y-%m-%d"]),
              metavar="YYYY-MM-DD", help="The completion date as it should be printed.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the new PDF (default: the folder of the old certificate's PDF).")
@_template_options
@_key_option
@_registry_option
def reissue(code: str, reason: str, fullname: str | None, hours: float | None,
            completed_on: datetime | None, output: Path | None, template_dir: Path | None,
            base_url: str | None, key_file: Path | None, registry: Path | None) -> None:
    """Correct a certificate: revoke CODE and issue its replacement with a new code.

    The new certificate keeps the learner, course, language and source, with the corrected
    name, hours or completion date; the old one is revoked, naming its replacement. Pass the
    same --template and --base-url as for 'issue'.
    """
    from lms_bridge.certificates.reissue import Correction, reissue_certificate
    from lms_bridge.certificates.template import load_template

    template = load_template(template_dir)
    _warn_placeholder(base_url or template.base_url)
    correction = Correction(fullname=fullname, hours=hours,
                            completed_on=completed_on.date() if completed_on else None)
    key = _key_loader(key_file)()
    with _open_registry(registry, create=False) as reg:
        result = reissue_certificate(code, correction, reason=reason, registry=reg, key=key,
                                     template=template, out_dir=output, base_url=base_url)
    fmt.info(f"  revoked {result.old.code}  {result.old.fullname}")
    fmt.info(f"  issued  {result.new.code}  {result.new.fullname}")
    fmt.success(f"Reissued {result.old.code} as {result.new.code} ({result.new.course_title}); "
                f"PDF: {result.pdf}. Run 'lms-bridge certificates publish' to update the "
                "verification site.")


@certificates.command()
@click.argument("code")
@_key_option
@_registry_option
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON.")
@click.pass_context
def verify(ctx: click.Context, code: str, key_file: Path | None, registry: Path | None,
           as_json: bool) -> None:
    """Check a certificate code offline: valid, revoked, unknown or forged.

    Exit status: 0 valid, 3 revoked, 4 unknown, 5 forged, 2 not a code, 1 other errors.
    """
    from lms_bridge.certificates.codes import MalformedCode
    from lms_bridge.certificates.issue import verify_code
    from lms_bridge.certificates.registry import default_registry_path

    key = _key_loader(key_file)()
    path = registry or default_registry_path()
    try:
        if path.exists():
            with _open_registry(path) as reg:
                verdict = verify_code(code, key, reg)
        else:
            verdict = verify_code(code, key, None)
    except MalformedCode as exc:
        fmt.error(str(exc))
        ctx.exit(2)
    status = verdict.status.value
    cert = verdict.certificate
    if as_json:
        click.echo(json.dumps({"code": verdict.code, "status": status,
                               "name": cert.fullname if cert else None,
                               "course": cert.course_title if cert else None,
                               "reason": cert.revocation_reason if cert else None,
                               "replaced_by": cert.replaced_by if cert else None},
                              ensure_ascii=False))
    else:
        messages = {
            "valid": "valid", "revoked": "REVOKED",
            "unknown": f"unknown: signed with this key but not in the register {path}",
            "forged": "FORGED: this code was not made with the institute's key"}
        line = f"{verdict.code}: {messages[status]}"
        if cert is not None:
            line += f" — {cert.fullname}, {cert.course_title}, {cert.completed_on.isoformat()}"
            if cert.revoked:
                line += f" (revoked {cert.revoked_at}: {cert.revocation_reason})"
            if cert.replaced_by:
                line += f"; replaced by {cert.replaced_by}"
        (fmt.success if status == "valid" else fmt.error)(line)
    ctx.exit(VERIFY_EXIT[status])


@certificates.command()
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the static site to.")
@click.option("--base-url", metavar="URL", help="Where the site will be served (default: the "
                                                "template's base_url).")
@click.option("--template", "template_dir",
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Certificate template folder (institution name, colours).")
@click.option("--lang", type=LANGS, default="en", show_default=True,
              help="Language of the site's front page.")
@_registry_option
def publish(output: Path, base_url: str | None, template_dir: Path | None, lang: str,
            registry: Path | None) -> None:
    """Write the static verification site (HTML + JSON; any web host, no server code)."""
    from lms_bridge.certificates.site import publish_site
    from lms_bridge.certificates.template import load_template

    template = load_template(template_dir)
    with _open_registry(registry, create=False) as reg:
        result = publish_site(list(reg.all()), template, output, lang=lang)
    url = (base_url or template.base_url).rstrip("/")
    fmt.success(f"Wrote {result.valid} valid and {result.revoked} revoked certificate page(s) "
                f"to {output}. Upload the folder so that {url}/verify.html is its verify page.")


@certificates.command()
@click.option("--course", required=True, metavar="ID|SHORTNAME",
              help="Moodle course id or short name.")
@click.option("--lang", type=LANGS, help="Language recorded for the certificates.")
@click.option("--hours", type=click.FloatRange(min=0, min_open=True),
              help="Hours recorded for the certificates.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("certificates"), show_default=True, help="Folder for the PDFs.")
@_key_option
@_registry_option
@moodle_options
def pull(moodle: MoodleClient, course: str, lang: str | None, hours: float | None,
         output: Path, key_file: Path | None, registry: Path | None) -> None:
    """Copy certificates issued in Moodle by mod_customcert (and their PDFs) into the register."""
    from lms_bridge.certificates import moodle_source
    from lms_bridge.certificates.customcert import pull_certificates, require_list_issues

    require_list_issues(moodle)
    found = moodle_source.find_course(moodle, course)
    info = moodle_source.course_info(found, lang=lang, hours=hours)
    with _open_registry(registry) as reg:
        result = pull_certificates(moodle, info, registry=reg, key_loader=_key_loader(key_file),
                                   out_dir=output)
    if not result.activities:
        fmt.info(f"{info.title} has no mod_customcert activity: nothing to pull.")
        return
    for cert in result.added:
        fmt.info(f"  pulled  {cert.code}  (Moodle code {cert.external_code})  {cert.fullname}")
    fmt.success(f"{info.title}: {len(result.added)} certificate(s) pulled, "
                f"{result.known} already in the register.")
