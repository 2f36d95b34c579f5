"""Build the example course in both SCORM standards through the library API, as your own script
would (no CLI). Runs from any directory; writes the packages to ``dist/`` beside this script, or
to the folder given as the first argument.

    python examples/build_course.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from lms_bridge.course.loader import load_course
from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.scorm.build import build_package, default_output_name

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent / "course_packages" / "law-on-local-self-government"


def main() -> int:
    output_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "dist"
    try:
        course = load_course(COURSE)  # every problem of the course in one error
        for standard in ("scorm12", "scorm2004"):
            languages = course.languages  # one package, the player offers every language
            result = build_package(
                course,
                standard=standard,
                languages=languages,
                output=output_dir / default_output_name(course, standard, languages),
            )
            print(f"{result.path}: {result.size} bytes, sha1 {result.sha1}, "
                  f"{result.scos} SCOs, {result.pages} pages, {result.questions} questions")
    except LmsBridgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
