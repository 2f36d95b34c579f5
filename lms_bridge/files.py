"""The user's own lms-bridge folders, and replacing a file without leaving half of it behind.

Several features keep files of their own (the Moodle settings, the certificate key and register,
the compiled templates) and several write files people open while a run may fail (reports,
certificates, translation records); both rules live here once so they cannot drift apart.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

UserDir = Literal["config", "data", "cache", "state"]
_XDG_DEFAULTS: dict[UserDir, tuple[str, ...]] = {
    "config": (".config",), "data": (".local", "share"), "cache": (".cache",),
    "state": (".local", "state")}


def user_dir(kind: UserDir, env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_<KIND>_HOME/lms-bridge``, or the XDG default under the home folder.

    An empty or relative value is ignored, as the XDG Base Directory specification asks (a
    relative one would put a signing key or a register in whatever folder a command ran in).
    """
    value = (os.environ if env is None else env).get(f"XDG_{kind.upper()}_HOME", "")
    base = Path(value) if os.path.isabs(value) else Path.home().joinpath(*_XDG_DEFAULTS[kind])
    return base / "lms-bridge"


def new_file_mode() -> int:
    """The permissions a newly created file gets here (0666 less the umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; raises :class:`OSError`.

    The bytes go to a temporary file in the same folder, which is then renamed over ``path``:
    a reader sees the old file or the new one, never part of it, and a failure leaves the old
    file and no temporary file behind. The file gets the permissions a new file would get (the
    umask decides, not ``mkstemp``'s 0600): learners' names in a report or a certificate stay
    private for an admin with ``umask 077`` and shareable for everyone else.
    """
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, new_file_mode())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
