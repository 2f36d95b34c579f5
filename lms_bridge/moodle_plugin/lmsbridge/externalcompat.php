<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

/**
 * Makes the Moodle 4.2+ external API class names available on Moodle 4.1.
 *
 * Moodle 4.2 moved the external API from lib/externallib.php (global classes such as
 * external_api) to the core_external subsystem (\core_external\external_api). The plugin's
 * external functions are written against the new names; on 4.1 this file loads the old
 * library and aliases each old class to its new name.
 *
 * @package    local_lmsbridge
 * @copyright  2026 lms-bridge developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

if (!class_exists('core_external\external_api')) {
    global $CFG;
    require_once($CFG->libdir . '/externallib.php');
    $locallmsbridgealiases = [
        'external_api',
        'external_function_parameters',
        'external_value',
        'external_single_structure',
        'external_multiple_structure',
        'external_warnings',
    ];
    foreach ($locallmsbridgealiases as $locallmsbridgeclass) {
        if (!class_exists('core_external\\' . $locallmsbridgeclass, false)) {
            class_alias($locallmsbridgeclass, 'core_external\\' . $locallmsbridgeclass);
        }
    }
    unset($locallmsbridgealiases, $locallmsbridgeclass);
}
