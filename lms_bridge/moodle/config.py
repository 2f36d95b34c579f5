"""Where the client finds the site and the token.

Each setting is taken from the first source that has it: explicit arguments (the CLI's
``--url``/``--token-file``), then ``LMS_BRIDGE_MOODLE_URL``/``LMS_BRIDGE_MOODLE_TOKEN``, then a
config file (``$XDG_CONFIG_HOME/lms-bridge/moodle.toml`` or ``moodle.ini``). Files holding a
token are refused when group or others can read them, like ssh refuses a loose private key.
"""

from __future__ import annotations

import configparser
import ipaddress
import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from lms_bridge.exceptions import InputError, Problem
from lms_bridge.files import user_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = None

ENV_URL = "LMS_BRIDGE_MOODLE_URL"
ENV_TOKEN = "LMS_BRIDGE_MOODLE_TOKEN"
ENV_CONFIG = "LMS_BRIDGE_MOODLE_CONFIG"
SERVER_PATH = "/webservice/rest/server.php"


class ConfigError(InputError):
    """The Moodle connection settings are missing, unsafe or malformed."""


class MoodleConfig(BaseModel):
    """Connection settings. ``token`` is a ``SecretStr``: it prints as ``**********``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    token: SecretStr
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=60.0, gt=0)
    max_input_vars: int = Field(default=5000, ge=50)
    allow_insecure_http: bool = False
    retries: int = Field(default=3, ge=0)
    backoff: float = Field(default=0.5, ge=0)
    max_retry_after: float = Field(default=120.0, ge=0)
    #: connections kept per host; raise it when many threads share one client
    pool_size: int = Field(default=16, ge=1)

    @field_validator("url")
    @classmethod
    def _normalise_url(cls, value: str) -> str:
        url = value.strip().rstrip("/")
        url = url.removesuffix(SERVER_PATH).rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) site URL: {value!r}")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("the site URL must not carry a query, fragment or credentials")
        return url

    @model_validator(mode="after")
    def _refuse_plain_http(self) -> MoodleConfig:
        parts = urlsplit(self.url)
        if parts.scheme == "http" and not self.allow_insecure_http \
                and not is_loopback(parts.hostname or ""):
            raise ValueError(
                f"{self.url} uses plain http, which would send the token unencrypted; use https "
                "(or --allow-insecure-http for a test site on a trusted network)")
        return self

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)


def is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_config_paths(env: Mapping[str, str]) -> list[Path]:
    base = user_dir("config", env)
    return [base / "moodle.toml", base / "moodle.ini"]


def check_private(path: Path) -> None:
    """Refuse a secrets file that group or others can read (POSIX only)."""
    if os.name != "posix":
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError("Refusing a file with a Moodle token readable by others", [Problem(
            str(path), f"permissions are {stat.filemode(mode)}; run: chmod 600 {path}")])


def read_token_file(path: Path) -> str:
    try:
        check_private(path)
        token = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError("Cannot read the token file",
                          [Problem(str(path), exc.strerror or "unreadable")]) from None
    if not token:
        raise ConfigError("The token file is empty", [Problem(str(path), "no token")])
    return token


def read_config_file(path: Path) -> dict[str, Any]:
    """Read ``[moodle]`` settings from a TOML or INI file (a top-level table also works)."""
    try:
        check_private(path)
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError("Cannot read the Moodle config file",
                          [Problem(str(path), exc.strerror or "unreadable")]) from None
    if path.suffix == ".toml":
        if tomllib is None:  # pragma: no cover - Python 3.10
            raise ConfigError("TOML config needs Python 3.11+; use moodle.ini",
                              [Problem(str(path), "unsupported")])
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError("The Moodle config file is not valid TOML",
                              [Problem(str(path), str(exc))]) from None
        section = data.get("moodle", data)
        return dict(section) if isinstance(section, dict) else {}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        raise ConfigError("The Moodle config file is not a valid INI file",
                          [Problem(str(path), str(exc).splitlines()[0])]) from None
    return dict(parser["moodle"]) if parser.has_section("moodle") else {}


def resolve_config(*, url: str | None = None, token_file: Path | None = None,
                   token: str | None = None, config_file: Path | None = None,
                   allow_insecure_http: bool | None = None, timeout: float | None = None,
                   env: Mapping[str, str] | None = None) -> MoodleConfig:
    """Resolve settings by precedence: arguments > environment > config file."""
    env = os.environ if env is None else env
    file_values: dict[str, Any] = {}
    source = "the config file"
    explicit_file = config_file or (Path(env[ENV_CONFIG]) if env.get(ENV_CONFIG) else None)
    candidates = [explicit_file] if explicit_file else default_config_paths(env)
    for candidate in candidates:
        if explicit_file or candidate.is_file():
            file_values = read_config_file(candidate)
            source = str(candidate)
            known = {*MoodleConfig.model_fields, "token_file"}
            unknown = sorted(set(file_values) - known)
            if unknown:
                listing = ", ".join(sorted(known))
                raise ConfigError("Unknown settings in the Moodle config file", [
                    Problem(source, f"unknown setting (known: {listing})", field=key)
                    for key in unknown])
            break
    if token is None and token_file is not None:
        token = read_token_file(token_file)
    if url is None:
        url = env.get(ENV_URL) or None
    if token is None:
        token = env.get(ENV_TOKEN) or None
    if url is None:
        url = file_values.get("url")
    if token is None and file_values.get("token_file"):
        token = read_token_file(Path(str(file_values["token_file"])).expanduser())
    if token is None:
        token = file_values.get("token")
    problems = []
    if not url:
        problems.append(Problem("--url", f"no Moodle URL: pass --url, set {ENV_URL} "
                                         "or put url in the config file"))
    if not token:
        problems.append(Problem("--token-file", f"no token: pass --token-file, set {ENV_TOKEN} "
                                                "or put token in the config file"))
    if problems:
        raise ConfigError("Moodle connection is not configured", problems)
    values: dict[str, Any] = {k: v for k, v in file_values.items()
                              if k in MoodleConfig.model_fields and k not in ("url", "token")}
    if allow_insecure_http is not None:
        values["allow_insecure_http"] = allow_insecure_http
    if timeout is not None:
        values["read_timeout"] = timeout
    try:
        return MoodleConfig(url=str(url), token=SecretStr(str(token)), **values)
    except ValueError as exc:
        errors: list[Any] = getattr(exc, "errors", lambda: [])()
        raise ConfigError("Invalid Moodle connection settings", [
            Problem(source if e["loc"] and e["loc"][0] not in ("url",) else "--url",
                    str(e["msg"]).removeprefix("Value error, "),
                    field=".".join(str(x) for x in e["loc"]) or None)
            for e in errors
        ]) from None
