from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.certificates.csv_source import read_completions
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
                                                      "texts.en.heading", "layout.name"}


def test_undrawable_logo_stops_issuing_before_anything_is_written(tmp_path: Path) -> None:
    from lms_bridge.certificates.codes import SigningKey
    from lms_bridge.certificates.issue import issue_certificates
    from lms_bridge.certificates.models import CourseInfo
    from lms_bridge.certificates.registry import Registry

    template = load_template(DATA / "broken-logo-template")
    with Registry(tmp_path / "r.sqlite") as registry, \
            pytest.raises(InputError, match="cannot be drawn"):
        issue_certificates(CourseInfo("1", "T"), read_completions(
            DATA / "f2f-training.csv", default_hours=1), source="csv", registry=registry,
            key=SigningKey(b"k" * 32), template=template, out_dir=tmp_path / "out")
    with Registry(tmp_path / "r.sqlite") as registry:
        assert list(registry.all()) == []
    assert not (tmp_path / "out").exists()
