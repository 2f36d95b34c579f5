"""Why a deploy stopped."""

from __future__ import annotations

from lms_bridge.exceptions import LmsBridgeError


class DeployError(LmsBridgeError):
    """The package could not be put into Moodle, or Moodle holds something else afterwards."""


class PluginMissingError(DeployError):
    """The site (or the token's service) lacks the companion plugin's deploy function."""

    def __init__(self, site_url: str, idnumber: str, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            f"{site_url} cannot create or update SCORM activities through web services: the "
            f"token cannot call {', '.join(missing)}.\n"
            "Core Moodle has no web service for this; the companion plugin local_lmsbridge "
            "adds it. To install it:\n"
            "  1. lms-bridge moodle plugin-zip -o local_lmsbridge.zip\n"
            "  2. In Moodle: Site administration > Plugins > Install plugins, upload the zip.\n"
            "  3. Site administration > Server > Web services > External services: enable the "
            "\"lms_bridge\" service, authorise the lms-bridge user and create its token "
            "(docs/moodle-admin.md lists every step and capability).\n"
            "Without the plugin, add the activity by hand: in the course, Add an activity > "
            "SCORM package, upload the zip, and under Common module settings set the ID number "
            f"to \"{idnumber}\" so later deploys and reports find it."
        )
