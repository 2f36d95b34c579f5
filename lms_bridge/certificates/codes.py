"""Certificate codes that only the institute can make, and anyone can type.

A code is ``LB-IIIII-IIIII-MMMMM-MMMMM``: 50 random bits (the id) and the first 50 bits of
HMAC-SHA256 over the id with the institute's secret key (the MAC), both in Crockford base32,
which has no I, L, O or U, so a code read aloud or copied from paper survives. Checking a code
needs only the key: a forged code fails the MAC without any registry (odds 1 in 2**50).
HMAC keeps the dependencies small; the key never leaves the key file and is never printed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from lms_bridge.exceptions import LmsBridgeError
from lms_bridge.files import user_dir

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "LB"
_BITS = 50
_CHARS = _BITS // 5
_DOMAIN = b"lms-bridge certificate v1:"
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})
KEY_ENV = "LMS_BRIDGE_CERT_KEY_FILE"


class SigningKeyError(LmsBridgeError):
    """The signing key is missing, unreadable, too open or malformed."""


class MalformedCode(LmsBridgeError):
    """The text is not shaped like an lms-bridge certificate code."""


@dataclass(frozen=True)
class SigningKey:
    """The institute's secret. ``repr`` and ``str`` never show it."""

    secret: bytes = field(repr=False)
    source: str = ""

    def __str__(self) -> str:
        return f"signing key from {self.source or 'memory'}"

    def mac(self, ident: str) -> str:
        digest = hmac.new(self.secret, _DOMAIN + ident.encode("ascii"), hashlib.sha256).digest()
        return _encode(int.from_bytes(digest[:8], "big") >> (64 - _BITS))


def _encode(value: int) -> str:
    return "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(_CHARS)))


def new_code(key: SigningKey) -> str:
    ident = _encode(secrets.randbits(_BITS))
    return format_code(ident, key.mac(ident))


def format_code(ident: str, mac: str) -> str:
    return f"{PREFIX}-{ident[:5]}-{ident[5:]}-{mac[:5]}-{mac[5:]}"


def normalise(text: str) -> str:
    """Canonical form of a typed code: case, spaces, dashes and look-alike letters forgiven."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX):]
    compact = compact.translate(_TYPOS)
    if len(compact) != 2 * _CHARS or any(ch not in ALPHABET for ch in compact):
        raise MalformedCode(f"{text.strip()!r} is not a certificate code "
                            f"(expected {PREFIX}-XXXXX-XXXXX-XXXXX-XXXXX)")
    return format_code(compact[:_CHARS], compact[_CHARS:])


def mac_matches(code: str, key: SigningKey) -> bool:
    """True when ``code`` (normalised) was made with ``key``."""
    compact = code.replace("-", "")[len(PREFIX):]
    return hmac.compare_digest(key.mac(compact[:_CHARS]), compact[_CHARS:])


def default_key_path() -> Path:
    return user_dir("config") / "certificate.key"


def resolve_key_path(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    from_env = os.environ.get(KEY_ENV)
    return Path(from_env) if from_env else default_key_path()


def load_key(path: Path) -> SigningKey:
    """Read a key file made by :func:`create_key`; refuse one that others can read."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SigningKeyError(f"no certificate signing key at {path}: create one with "
                        f"'lms-bridge certificates init-key {path}' or point "
                        f"--key-file / ${KEY_ENV} at yours") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError(f"{path} can be read by other users: run 'chmod 600 {path}'")
    try:
        text = path.read_text(encoding="ascii").strip()
        secret = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError):
        raise SigningKeyError(f"{path} is not a certificate signing key (64 hex digits)") from None
    if len(secret) < 32:
        raise SigningKeyError(f"{path} holds a key shorter than 256 bits")
    return SigningKey(secret, str(path))


def create_key(path: Path) -> SigningKey:
    """Write a new random 256-bit key readable only by its owner; never overwrite one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(f"{path} already exists; it was not overwritten (every certificate "
                        "issued with it would stop verifying)") from None
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secret.hex() + "\n")
    return SigningKey(secret, str(path))
