from __future__ import annotations

import pytest

from lms_bridge.certificates.template import load_template
from lms_bridge.exceptions import InputError
from tests.certificates.conftest import DATA


def test_custom_template_overrides_only_what_it_sets() -> None:
    template = load_template(DATA / "custom-template")
    assert template.institution_for("bg") == "Shkolla Kombëtare e Administratës"
    assert template.colours["primary"] == "#0b5d3b"
    assert template.colours["accent"] == "#b08d57"
    assert [s.name for s in template.signatories] == ["Blerta Hoxha"]
    assert template.texts["en"]["heading"] == "Award"
    assert template.texts["bg"]["heading"] == "Сертификат"
    assert template.logo is not None and template.logo.name == "logo.svg"


def test_every_template_problem_is_listed() -> None:
    with pytest.raises(InputError) as info:
        load_template(DATA / "bad-template")
    assert {p.field for p in info.value.problems} == {"logo", "colours.accent",
                                                      "texts.en.heading"}
