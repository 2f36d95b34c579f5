"""Shared fixtures: a signing key, a register and the packaged template, all in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from lms_bridge.certificates.codes import SigningKey, create_key
from lms_bridge.certificates.registry import Registry
from lms_bridge.certificates.template import CertificateTemplate, load_template

DATA = Path(__file__).resolve().parents[1] / "data" / "certificates"


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "certificate.key"
    create_key(path)
    return path


@pytest.fixture
def key(key_file: Path) -> SigningKey:
    from lms_bridge.certificates.codes import load_key

    return load_key(key_file)


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[Registry]:
    with Registry(tmp_path / "register.sqlite") as reg:
        yield reg


@pytest.fixture(scope="session")
def template() -> CertificateTemplate:
    return load_template()


@pytest.fixture
def cert_env(tmp_path: Path, key_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Environment for CLI runs: key and register found through the environment."""
    monkeypatch.setenv("LMS_BRIDGE_CERT_KEY_FILE", str(key_file))
    monkeypatch.setenv("LMS_BRIDGE_CERT_REGISTRY", str(tmp_path / "register.sqlite"))
    monkeypatch.chdir(tmp_path)
    return tmp_path
