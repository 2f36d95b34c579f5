"""``lms-bridge moodle ...``: look at the Moodle site the other commands will talk to."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from lms_bridge.cli import fmt
from lms_bridge.cli.moodle_options import moodle_options
from lms_bridge.cli.plugin_cmd import plugin_zip

if TYPE_CHECKING:
    from lms_bridge.moodle import MoodleClient


@click.group()
def moodle() -> None:
    """Check the connection to a Moodle site."""


@moodle.command()
@moodle_options
@click.option("--require", "required", multiple=True, metavar="FEATURE",
              help="Exit with status 1 unless FEATURE is available (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check(moodle: MoodleClient, required: tuple[str, ...], as_json: bool) -> None:
    """Connect, show the site and user, and which lms-bridge features the token allows."""
    from lms_bridge.moodle.features import FEATURES, check_features

    unknown = [f for f in required if f not in FEATURES]
    if unknown:
        raise click.BadParameter(f"unknown feature(s) {', '.join(unknown)}; known: "
                                 f"{', '.join(FEATURES)}", param_hint="--require")
    site = moodle.site_info()
    statuses = check_features(site)
    if as_json:
        click.echo(json.dumps({
            "site": site.sitename, "url": moodle.config.url, "release": site.release,
            "version": site.version, "user": site.username, "userid": site.userid,
            "uploadfiles": bool(site.uploadfiles), "downloadfiles": bool(site.downloadfiles),
            "features": {s.feature: {"available": s.available, "missing": list(s.missing)}
                         for s in statuses}}, indent=2))
    else:
        fmt.info(f"Site:     {site.sitename} ({moodle.config.url})")
        fmt.info(f"Release:  Moodle {site.release} (version {site.version})")
        admin = ", site administrator" if site.userissiteadmin else ""
        fmt.info(f"User:     {site.username} ({site.fullname}){admin}")
        fmt.info(f"Files:    upload {'allowed' if site.uploadfiles else 'not allowed'}, "
                 f"download {'allowed' if site.downloadfiles else 'not allowed'}")
        fmt.info("Features:")
        for status in statuses:
            if status.available:
                extra = "" if status.required else " (needs no Moodle)"
                fmt.success(f"  {status.feature:<13} available{extra}")
            else:
                fmt.info(f"  {status.feature:<13} NOT available, missing "
                         f"{len(status.missing)}: {', '.join(status.missing)}")
        if any(not s.available for s in statuses):
            fmt.info("Add the missing functions to the token's external service in Moodle "
                     "(Site administration > Server > Web services > External services).")
    missing_required = [s.feature for s in statuses if s.feature in required and not s.available]
    if missing_required:
        raise click.ClickException(f"required feature(s) not available: "
                                   f"{', '.join(missing_required)}")


moodle.add_command(plugin_zip)
