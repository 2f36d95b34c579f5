"""Every PHP file of the companion plugin parses, and the plugin has Moodle's layout."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lms_bridge.deploy.plugin_zip import plugin_source_dir
from lms_bridge.moodle.features import FEATURES
from lms_bridge.moodle.lmsbridge_plugin import PLUGIN_FUNCTIONS

PLUGIN = plugin_source_dir()
PHP_FILES = sorted(PLUGIN.rglob("*.php"))
GPL_HEADER = (
    "<?php\n"
    "// This file is part of Moodle - https://moodle.org/\n"
    "//\n"
    "// Moodle is free software: you can redistribute it and/or modify\n"
    "// it under the terms of the GNU General Public License as published by\n"
    "// the Free Software Foundation, either version 3 of the License, or\n"
    "// (at your option) any later version.\n"
)


def _php() -> str:
    php = shutil.which("php")
    assert php, "php-cli is required (bash .ci/run installs it)"
    return php


@pytest.mark.php
@pytest.mark.parametrize("path", PHP_FILES, ids=lambda p: str(p.relative_to(PLUGIN)))
def test_php_lint(path: Path) -> None:
    result = subprocess.run([_php(), "-l", str(path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", PHP_FILES, ids=lambda p: str(p.relative_to(PLUGIN)))
def test_gpl_header_and_package_tag(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(GPL_HEADER)
    assert "@package    local_lmsbridge" in text
    assert "@license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later" in text


def test_moodle_layout() -> None:
    for relative in ("version.php", "db/services.php", "db/access.php",
                     "lang/en/local_lmsbridge.php", "classes/privacy/provider.php", "README.md",
                     "classes/external/deploy_scorm.php",
                     "classes/external/add_cohort_enrolment.php",
                     "classes/external/get_course_completions.php"):
        assert (PLUGIN / relative).is_file(), relative


def test_version_php_targets_moodle_41_and_later() -> None:
    text = (PLUGIN / "version.php").read_text(encoding="utf-8")
    assert "$plugin->component = 'local_lmsbridge';" in text
    assert "$plugin->requires  = 2022112800;" in text
    assert re.search(r"\$plugin->supported = \[401, 5\d\d\];", text)


def _services_php() -> str:
    return (PLUGIN / "db/services.php").read_text(encoding="utf-8")


def test_each_plugin_function_points_at_its_class() -> None:
    text = _services_php()
    for function in PLUGIN_FUNCTIONS:
        short = function.removeprefix("local_lmsbridge_")
        assert f"'{function}' => [" in text
        assert f"'classname' => 'local_lmsbridge\\external\\{short}'" in text
        source = (PLUGIN / f"classes/external/{short}.php").read_text(encoding="utf-8")
        assert f"class {short} extends external_api" in source
        for method in ("execute_parameters", "execute", "execute_returns"):
            assert f"public static function {method}(" in source
        assert "self::validate_parameters(" in source
        assert "self::validate_context(" in source
        assert "require_capability(" in source


def test_service_lists_every_function_the_project_uses() -> None:
    service = _services_php().split("$services = [", 1)[1]
    listed = set(re.findall(r"'([a-z]+_[a-z0-9_]+)',", service))
    used = {f for functions in FEATURES.values() for f in functions} | set(PLUGIN_FUNCTIONS)
    assert sorted(used - listed) == []
    assert "'shortname' => 'lms_bridge'" in service
    for flag in ("'restrictedusers' => 1", "'downloadfiles' => 1", "'uploadfiles' => 1"):
        assert flag in service


def test_every_capability_checked_is_defined_or_core() -> None:
    access = (PLUGIN / "db/access.php").read_text(encoding="utf-8")
    lang = (PLUGIN / "lang/en/local_lmsbridge.php").read_text(encoding="utf-8")
    for path in (PLUGIN / "classes/external").glob("*.php"):
        for capability in re.findall(r"require_capability\('(local/lmsbridge:[a-z]+)'",
                                     path.read_text(encoding="utf-8")):
            assert f"'{capability}' =>" in access
            assert f"$string['{capability.removeprefix('local/')}']" in lang


def test_every_string_used_exists() -> None:
    lang = (PLUGIN / "lang/en/local_lmsbridge.php").read_text(encoding="utf-8")
    keys = re.findall(r"\$string\['([^']+)'\]", lang)
    defined = set(keys)
    used: set[str] = set()
    for path in PHP_FILES:
        used.update(re.findall(r"'([a-z]+)', 'local_lmsbridge'", path.read_text(encoding="utf-8")))
    assert used
    assert sorted(used - defined) == []
    assert keys == sorted(keys), "Moodle keeps language strings in alphabetical order"


@pytest.mark.parametrize("function", PLUGIN_FUNCTIONS)
def test_execute_takes_parameters_in_declared_order(function: str) -> None:
    """Moodle calls ``execute`` positionally, in ``execute_parameters`` order."""
    short = function.removeprefix("local_lmsbridge_")
    source = (PLUGIN / f"classes/external/{short}.php").read_text(encoding="utf-8")
    declared_block = source.split("function execute_parameters()", 1)[1].split("]);", 1)[0]
    declared = re.findall(r"^\s+'([a-z]+)' => new external_value", declared_block, re.M)
    signature = source.split("public static function execute(", 1)[1].split(")", 1)[0]
    arguments = re.findall(r"\$([a-z]+)", signature)
    assert declared and arguments == declared
