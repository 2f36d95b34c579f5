from __future__ import annotations

import os
from pathlib import Path

import pytest

from lms_bridge.certificates.codes import (
    ALPHABET,
    MalformedCode,
    SigningKey,
    SigningKeyError,
    create_key,
    load_key,
    mac_matches,
    new_code,
    normalise,
)


def test_new_code_is_typable_and_verifies(key: SigningKey) -> None:
    code = new_code(key)
    assert code.startswith("LB-") and len(code.split("-")) == 5
    assert set(code.replace("-", "")[2:]) <= set(ALPHABET)
    assert not set("ILOU") & set(code[3:])
    assert mac_matches(code, key)


def test_codes_are_unique(key: SigningKey) -> None:
    assert len({new_code(key) for _ in range(2000)}) == 2000


def test_typed_code_with_lookalikes_normalises(key: SigningKey) -> None:
    code = new_code(key)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise(typed) == code


def test_other_key_or_changed_character_fails(key: SigningKey) -> None:
    code = new_code(key)
    other = SigningKey(b"\x01" * 32)
    assert not mac_matches(code, other)
    flipped = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert not mac_matches(flipped, key)


@pytest.mark.parametrize("text", ["", "LB-123", "XX-ABCDE-ABCDE-ABCDE-ABCDE!", "hello world"])
def test_malformed(text: str) -> None:
    with pytest.raises(MalformedCode):
        normalise(text)


def test_key_file_is_private_and_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "k"
    key = create_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert key.secret.hex() not in repr(key) and key.secret.hex() not in str(key)
    with pytest.raises(SigningKeyError, match="not overwritten"):
        create_key(path)
    assert load_key(path).secret == key.secret


def test_key_readable_by_others_is_refused(key_file: Path) -> None:
    os.chmod(key_file, 0o644)
    with pytest.raises(SigningKeyError, match="chmod 600"):
        load_key(key_file)


def test_missing_and_malformed_keys(tmp_path: Path) -> None:
    with pytest.raises(SigningKeyError, match="init-key"):
        load_key(tmp_path / "none")
    bad = tmp_path / "bad"
    bad.write_text("not hex")
    bad.chmod(0o600)
    with pytest.raises(SigningKeyError, match="64 hex digits"):
        load_key(bad)
