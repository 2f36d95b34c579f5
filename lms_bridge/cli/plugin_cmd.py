"""``lms-bridge moodle plugin-zip``: the companion plugin, ready for Moodle's installer."""

from __future__ import annotations

from pathlib import Path

import click

from lms_bridge.cli import fmt


@click.command("plugin-zip")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("local_lmsbridge.zip"), show_default=True,
              help="Where to write the zip.")
def plugin_zip(output: Path) -> None:
    """Write the companion Moodle plugin local_lmsbridge as an installable zip.

    Install it in Moodle under Site administration > Plugins > Install plugins, then enable the
    "lms_bridge" external service (see docs/moodle-admin.md).
    """
    from lms_bridge.deploy.plugin_zip import write_plugin_zip

    entries = write_plugin_zip(output)
    fmt.success(f"Wrote {output} ({len(entries)} files in lmsbridge/).")
    click.echo("Install it: Site administration > Plugins > Install plugins, upload the zip.")
