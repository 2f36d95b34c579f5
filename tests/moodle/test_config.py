from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.moodle.config import ConfigError, MoodleConfig, resolve_config

TOKEN = "cfg-tok-7f3a"


def _private(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}


def test_arguments_beat_environment_beat_file(tmp_path: Path, home: dict[str, str]) -> None:
    cfg_dir = tmp_path / "xdg" / "lms-bridge"
    cfg_dir.mkdir(parents=True)
    _private(cfg_dir / "moodle.toml", '[moodle]\nurl = "https://file.example.org"\n'
                                      'token = "from-file"\nread_timeout = 30\n')
    from_file = resolve_config(env=home)
    assert (from_file.url, from_file.token.get_secret_value(), from_file.read_timeout) == (
        "https://file.example.org", "from-file", 30)
    env = {**home, "LMS_BRIDGE_MOODLE_URL": "https://env.example.org",
           "LMS_BRIDGE_MOODLE_TOKEN": "from-env"}
    from_env = resolve_config(env=env)
    assert (from_env.url, from_env.token.get_secret_value()) == ("https://env.example.org",
                                                                  "from-env")
    token_file = _private(tmp_path / "token", TOKEN + "\n")
    explicit = resolve_config(url="https://arg.example.org/", token_file=token_file, env=env,
                              timeout=5)
    assert (explicit.url, explicit.token.get_secret_value(), explicit.read_timeout) == (
        "https://arg.example.org", TOKEN, 5)


def test_ini_config_with_token_file(tmp_path: Path) -> None:
    token = _private(tmp_path / "tok", TOKEN)
    ini = _private(tmp_path / "moodle.ini", f"[moodle]\nurl = https://ini.example.org\n"
                                           f"token_file = {token}\nmax_input_vars = 1000\n")
    config = resolve_config(config_file=ini, env={})
    assert config.token.get_secret_value() == TOKEN
    assert config.max_input_vars == 1000


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
def test_files_readable_by_others_are_refused(tmp_path: Path, mode: int) -> None:
    loose = tmp_path / "moodle.toml"
    loose.write_text(f'[moodle]\nurl = "https://x.example.org"\ntoken = "{TOKEN}"\n')
    loose.chmod(mode)
    with pytest.raises(ConfigError, match="readable by others") as info:
        resolve_config(config_file=loose, env={})
    assert "chmod 600" in str(info.value) and TOKEN not in str(info.value)
    token = tmp_path / "token"
    token.write_text(TOKEN)
    token.chmod(mode)
    with pytest.raises(ConfigError, match="readable by others"):
        resolve_config(url="https://x.example.org", token_file=token, env={})


def test_plain_http_refused_except_loopback_or_explicit() -> None:
    env = {"LMS_BRIDGE_MOODLE_TOKEN": TOKEN}
    with pytest.raises(ConfigError, match="plain http") as info:
        resolve_config(url="http://moodle.example.org", env=env)
    assert TOKEN not in str(info.value)
    for url in ("http://localhost:8080", "http://127.0.0.1", "http://[::1]:8000"):
        assert resolve_config(url=url, env=env).url == url
    assert resolve_config(url="http://moodle.lan", allow_insecure_http=True, env=env).url


def test_missing_settings_listed_together() -> None:
    with pytest.raises(ConfigError) as info:
        resolve_config(env={"XDG_CONFIG_HOME": "/nonexistent"})
    assert [p.file for p in info.value.problems] == ["--url", "--token-file"]


def test_url_is_normalised_and_token_never_printed() -> None:
    config = MoodleConfig(url="https://m.example.org/webservice/rest/server.php",
                          token=TOKEN)  # type: ignore[arg-type]
    assert config.url == "https://m.example.org"
    assert TOKEN not in repr(config) and TOKEN not in str(config)
    assert TOKEN not in config.model_dump_json()


def test_unknown_config_keys_are_reported(tmp_path: Path) -> None:
    cfg = _private(tmp_path / "moodle.toml", '[moodle]\nurl = "https://x.example.org"\n'
                                             f'tocken = "{TOKEN}"\n')
    with pytest.raises(ConfigError, match="Unknown settings") as info:
        resolve_config(config_file=cfg, env={})
    assert info.value.problems[0].field == "tocken"
    assert TOKEN not in str(info.value)
