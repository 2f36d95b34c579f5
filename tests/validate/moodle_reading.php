<?php
// Reads a manifest the way Moodle's mod/scorm does (PHP xml_parser with case folding, character
// data kept untrimmed unless whitespace-only, the same schemaversion patterns) and prints the
// version Moodle would record. Written for lms-bridge's tests; not Moodle code.
$out = array();
$parser = xml_parser_create('UTF-8');
xml_set_element_handler($parser,
    function ($p, $name, $attrs) use (&$out) { $out[] = array('name' => $name, 'data' => null); },
    function ($p, $name) use (&$out) {
        $node = array_pop($out);
        if ($node['name'] === 'SCHEMAVERSION' && !isset($GLOBALS['version'])) {
            $GLOBALS['version'] = $node['data'];
        }
    });
xml_set_character_data_handler($parser, function ($p, $data) use (&$out) {
    if (trim($data)) {
        $i = count($out) - 1;
        $out[$i]['data'] = ($out[$i]['data'] ?? '') . $data;
    }
});
if (!xml_parse($parser, file_get_contents($argv[1]), true)) {
    echo "XML error\n";
    exit(1);
}
$text = $GLOBALS['version'] ?? null;
if ($text !== null && preg_match("/^(1\.2)$|^(CAM )?(1\.3)$/", $text, $m)) {
    echo 'SCORM_' . $m[count($m) - 1], "\n";
} else if ($text !== null && preg_match("/^2004 (3rd|4th) Edition$/", $text)) {
    echo "SCORM_1.3\n";
} else {
    echo "SCORM_1.2\n";
}
