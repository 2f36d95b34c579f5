"""Put packages into Moodle courses, through the companion plugin ``local_lmsbridge``.

``deploy_package(client, package, options)`` is the library entry point; ``lms-bridge deploy``
wraps it. ``write_plugin_zip`` makes the plugin's installer zip.
"""

from __future__ import annotations

from lms_bridge.deploy.errors import DeployError, PluginMissingError
from lms_bridge.deploy.options import Completion, DeployOptions, parse_completion
from lms_bridge.deploy.package_info import PackageInfo, read_package
from lms_bridge.deploy.plugin_zip import write_plugin_zip
from lms_bridge.deploy.run import DeployReport, deploy_package

__all__ = [
    "Completion",
    "DeployError",
    "DeployOptions",
    "DeployReport",
    "PackageInfo",
    "PluginMissingError",
    "deploy_package",
    "parse_completion",
    "read_package",
    "write_plugin_zip",
]
