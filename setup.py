"""Package list for setuptools.

``scorm_templates/`` stays at the repository root, where designers find it, and ships inside the
package as ``lms_bridge.scorm_templates`` (``package-dir`` in pyproject.toml). Package discovery
only sees folders under ``lms_bridge/``, so that one package is added here; everything else is
configured in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["lms_bridge", "lms_bridge.*"]),
        "lms_bridge.scorm_templates",
    ],
)
