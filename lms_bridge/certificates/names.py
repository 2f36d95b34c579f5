"""The learner's name as a certificate prints it: cleaned, and checked against the font.

A name is set in ``render.NAME_FONT``; fpdf2 leaves out a character the font does not have (with
only a log warning), so an unchecked name would be printed with letters missing. ``issue``
checks every new name, and ``reissue`` every corrected one, with the same rules.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from lms_bridge.certificates.render import NAME_FONT

MAX_NAME = 120


def clean_name(text: str) -> str:
    """NFC (so "ë" typed as e + diaeresis prints and compares as one letter), single spaces."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def name_problems(name: str) -> list[str]:
    """What would make ``name`` (already cleaned) print wrong; empty when it prints as is."""
    if not name:
        return ["empty"]
    problems = []
    if len(name) > MAX_NAME:
        problems.append(f"longer than {MAX_NAME} characters")
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        problems.append(f"{name!r} has no letters")
    hidden = sorted({ch for ch in name if unicodedata.category(ch).startswith("C")})
    if hidden:
        problems.append("contains invisible characters "
                        f"({', '.join(f'U+{ord(ch):04X}' for ch in hidden)})")
    missing = sorted({ch for ch in name if not ch.isspace() and ord(ch) not in _printable()
                      and ch not in hidden})
    if missing:
        problems.append(f"the certificate font cannot print {''.join(missing)!r}")
    return problems


@lru_cache(maxsize=1)
def _printable() -> frozenset[int]:
    """Code points of the font the name is set in."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(NAME_FONT, lazy=True) as font:
        return frozenset(font.getBestCmap())
