from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import requests
import responses
from urllib3.exceptions import NewConnectionError

from lms_bridge.moodle import errors as E
from lms_bridge.moodle.config import MoodleConfig
from lms_bridge.moodle.errors import WriteOutcomeUnknown
from lms_bridge.moodle.transport import Transport, retry_delay

URL = "https://moodle.example.org"
REST = URL + "/webservice/rest/server.php"
TOKEN = "tr4nsp0rt-t0ken"


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def transport(waits: list[float]) -> Transport:
    config = MoodleConfig(url=URL, token=TOKEN, backoff=0.25, retries=3,  # type: ignore[arg-type]
                          connect_timeout=3, read_timeout=20)
    return Transport(config, sleep=waits.append)


@responses.activate
def test_post_form_with_token_in_body_never_in_url(transport: Transport) -> None:
    responses.add(responses.POST, REST, json={"ok": 1})
    assert transport.call("core_x", [("a[0]", "1")], read_only=True) == {"ok": 1}
    sent = responses.calls[0].request
    assert sent.url == REST and TOKEN not in sent.url
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(sent.body)) == {"wstoken": TOKEN, "wsfunction": "core_x",
                                          "moodlewsrestformat": "json", "a[0]": "1"}
    assert sent.req_kwargs["timeout"] == (3, 20)


@responses.activate
def test_reads_retry_with_backoff_and_honour_retry_after(transport: Transport,
                                                         waits: list[float]) -> None:
    responses.add(responses.POST, REST, status=503, headers={"Retry-After": "7"}, body="<html>")
    responses.add(responses.POST, REST, body=requests.ReadTimeout("slow"))
    responses.add(responses.POST, REST, status=502, body="bad gateway")
    responses.add(responses.POST, REST, json=[1])
    assert transport.call("core_get", [], read_only=True) == [1]
    assert len(responses.calls) == 4
    assert waits[0] == 7
    assert 0.5 <= waits[1] <= 0.75 and 1.0 <= waits[2] <= 1.5


@responses.activate
def test_a_write_that_may_have_been_applied_is_not_retried(transport: Transport) -> None:
    responses.add(responses.POST, REST, body=requests.ReadTimeout("slow"))
    with pytest.raises(WriteOutcomeUnknown, match="may or may not have been applied"):
        transport.call("core_user_create_users", [], read_only=False)
    assert len(responses.calls) == 1


@responses.activate
def test_a_write_is_not_retried_on_503(transport: Transport) -> None:
    responses.add(responses.POST, REST, status=503, headers={"Retry-After": "1"}, body="x")
    with pytest.raises(E.Maintenance):
        transport.call("enrol_manual_enrol_users", [], read_only=False)
    assert len(responses.calls) == 1


@responses.activate
def test_a_write_is_retried_when_nothing_was_sent(transport: Transport) -> None:
    refused = requests.ConnectionError(NewConnectionError(None, "Connection refused"))  # type: ignore[arg-type]
    responses.add(responses.POST, REST, body=refused)
    responses.add(responses.POST, REST, body="null", content_type="application/json")
    assert transport.call("enrol_manual_enrol_users", [], read_only=False) is None
    assert len(responses.calls) == 2


@responses.activate
def test_a_write_never_sent_is_retried_then_not_called_outcome_unknown(
        transport: Transport) -> None:
    refused = requests.ConnectionError(NewConnectionError(None, "Connection refused"))  # type: ignore[arg-type]
    responses.add(responses.POST, REST, body=refused)
    with pytest.raises(E.MoodleConnectionError) as info:
        transport.call("enrol_manual_enrol_users", [], read_only=False)
    assert not isinstance(info.value, WriteOutcomeUnknown)
    assert "may or may not" not in str(info.value)
    assert len(responses.calls) == 4


@responses.activate
def test_retries_are_bounded(transport: Transport) -> None:
    responses.add(responses.POST, REST, body=requests.ConnectTimeout("no route"))
    with pytest.raises(E.MoodleConnectionError, match="timed out while connecting"):
        transport.call("core_get", [], read_only=True)
    assert len(responses.calls) == 4


def test_retry_delay_honours_retry_after_up_to_the_limit_else_backs_off() -> None:
    assert retry_delay(7.0, backoff=0.25, attempt=3, max_retry_after=60) == 7.0
    assert retry_delay(60.0, backoff=0.25, attempt=1, max_retry_after=60) == 60.0
    assert retry_delay(61.0, backoff=0.25, attempt=1, max_retry_after=60) is None
    assert retry_delay(0.0, backoff=0.25, attempt=1, max_retry_after=0) == 0.0
    for attempt, low in [(1, 0.25), (2, 0.5), (3, 1.0)]:
        delay = retry_delay(None, backoff=0.25, attempt=attempt, max_retry_after=0)
        assert delay is not None and low <= delay <= low * 1.5


@responses.activate
def test_errors_say_whether_the_transport_retries_them(transport: Transport) -> None:
    """The sync reads ``retryable`` to tell "kept failing" from an error it saw once."""
    responses.add(responses.POST, REST, status=500, body="oops")
    with pytest.raises(E.MoodleError) as retried:
        transport.call("core_get", [], read_only=True)
    assert len(responses.calls) == 4 and retried.value.retryable
    responses.replace(responses.POST, REST, json={"exception": "TypeError", "message": "bad"})
    with pytest.raises(E.MoodleServerError) as once:
        transport.call("core_get", [], read_only=True)
    assert len(responses.calls) == 5 and not once.value.retryable
    responses.replace(responses.POST, REST, status=500, body="oops")
    with pytest.raises(E.MoodleError) as write:
        transport.call("core_set", [], read_only=False)
    assert len(responses.calls) == 6 and not write.value.retryable
    responses.replace(responses.POST, REST, body=requests.ReadTimeout("slow"))
    with pytest.raises(E.MoodleConnectionError) as timed_out:
        transport.call("core_get", [], read_only=True)
    assert len(responses.calls) == 10 and timed_out.value.retryable


@responses.activate
def test_a_write_refused_before_sending_is_retryable_one_lost_is_not(
        transport: Transport) -> None:
    refused = requests.ConnectionError(NewConnectionError(None, "Connection refused"))  # type: ignore[arg-type]
    responses.add(responses.POST, REST, body=refused)
    with pytest.raises(E.MoodleConnectionError) as before:
        transport.call("enrol_manual_enrol_users", [], read_only=False)
    assert before.value.retryable
    responses.replace(responses.POST, REST, body=requests.ReadTimeout("slow"))
    with pytest.raises(WriteOutcomeUnknown) as lost:
        transport.call("enrol_manual_enrol_users", [], read_only=False)
    assert not lost.value.retryable


@responses.activate
def test_maintenance_with_long_retry_after_fails_at_once(transport: Transport) -> None:
    responses.add(responses.POST, REST, status=503, headers={"Retry-After": "300"},
                  body="<html>maintenance</html>")
    with pytest.raises(E.Maintenance) as info:
        transport.call("core_get", [], read_only=True)
    assert info.value.retry_after == 300 and "300 s" in str(info.value)
    assert len(responses.calls) == 1


@responses.activate
def test_403_means_web_services_disabled(transport: Transport) -> None:
    responses.add(responses.POST, REST, status=403, body="")
    with pytest.raises(E.WebServicesDisabled, match="enable web services"):
        transport.call("core_get", [], read_only=True)


@pytest.mark.parametrize("status", [200, 500])
@responses.activate
def test_error_body_is_an_error_whatever_the_status(transport: Transport, status: int) -> None:
    responses.add(responses.POST, REST, status=status, json={
        "exception": "moodle_exception", "errorcode": "invalidtoken", "message": "Invalid"})
    with pytest.raises(E.InvalidToken):
        transport.call("core_x", [], read_only=False)


@pytest.mark.parametrize(("body", "match"), [
    ("<!DOCTYPE html><html><body>Log in</body></html>", "HTML page"),
    ("<?xml version='1.0'?><RESPONSE/>", "XML instead of JSON"),
    ("Fatal error: out of memory", "not JSON"),
])
@responses.activate
def test_non_json_bodies_get_clear_errors(transport: Transport, body: str, match: str) -> None:
    responses.add(responses.POST, REST, body=body, content_type="text/html")
    with pytest.raises(E.UnexpectedResponse, match=match):
        transport.call("core_x", [], read_only=False)


@responses.activate
def test_xml_exception_is_mapped(transport: Transport) -> None:
    responses.add(responses.POST, REST, body=(
        '<?xml version="1.0" encoding="UTF-8" ?><EXCEPTION class="moodle_exception">'
        "<ERRORCODE>invalidtoken</ERRORCODE><MESSAGE>Invalid token</MESSAGE></EXCEPTION>"))
    with pytest.raises(E.InvalidToken):
        transport.call("core_x", [], read_only=True)


@responses.activate
def test_redirect_is_not_followed(transport: Transport) -> None:
    responses.add(responses.POST, REST, status=303,
                  headers={"Location": "https://moodle.example.org/login/index.php"})
    with pytest.raises(E.UnexpectedResponse, match="redirected"):
        transport.call("core_x", [], read_only=True)
    assert len(responses.calls) == 1


@responses.activate
def test_download_posts_the_token_and_refuses_foreign_hosts(transport: Transport) -> None:
    file_url = URL + "/webservice/pluginfile.php/21/mod_scorm/package/0/p.zip"
    responses.add(responses.POST, file_url, body=b"PK..", content_type="application/zip")
    response = transport.download(file_url)
    assert response.content == b"PK.."
    assert TOKEN not in responses.calls[0].request.url
    assert dict(parse_qsl(responses.calls[0].request.body)) == {"token": TOKEN}
    with pytest.raises(E.MoodleError, match="refusing to send the token"):
        transport.download("https://evil.example.com/webservice/pluginfile.php/1/x")


@responses.activate
def test_no_token_in_reprs_errors_or_debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from lms_bridge.moodle.client import MoodleClient

    caplog.set_level(logging.DEBUG)
    client = MoodleClient(MoodleConfig(url=URL, token=TOKEN, backoff=0,  # type: ignore[arg-type]
                                       retries=1))
    responses.add(responses.POST, REST, body=requests.ConnectionError("reset"))
    responses.add(responses.POST, REST, json={"exception": "x", "errorcode": "invalidtoken",
                                              "message": "Invalid token", "debuginfo": "d"})
    with pytest.raises(E.InvalidToken) as info:
        client.site_info()
    texts = [repr(client), repr(client.transport), repr(client.config), str(client.config),
             str(info.value), repr(info.value), caplog.text]
    assert all(TOKEN not in text for text in texts)
    assert "core_webservice_get_site_info" in caplog.text


@responses.activate
def test_certificate_errors_are_explained_not_retried(transport: Transport) -> None:
    responses.add(responses.POST, REST, body=requests.exceptions.SSLError("CERTIFICATE_VERIFY"))
    with pytest.raises(E.MoodleConnectionError, match="TLS certificate"):
        transport.call("core_get", [], read_only=True)
    assert len(responses.calls) == 1


@responses.activate
def test_rate_limit_after_retries(transport: Transport, waits: list[float]) -> None:
    responses.add(responses.POST, REST, status=429, headers={"Retry-After": "2"}, body="slow")
    with pytest.raises(E.MoodleConnectionError, match="HTTP 429"):
        transport.call("core_get", [], read_only=True)
    assert waits == [2, 2, 2]


@responses.activate
def test_a_rate_limited_write_is_sent_again_after_the_wait(transport: Transport,
                                                           waits: list[float]) -> None:
    responses.add(responses.POST, REST, status=429, headers={"Retry-After": "3"}, body="slow")
    responses.add(responses.POST, REST, json=[{"id": 7, "username": "ana"}])
    assert transport.call("core_user_create_users", [], read_only=False) == [
        {"id": 7, "username": "ana"}]
    assert waits == [3]
    assert len(responses.calls) == 2


@responses.activate
def test_a_write_that_failed_on_the_server_is_not_sent_again(transport: Transport,
                                                             waits: list[float]) -> None:
    responses.add(responses.POST, REST, status=502, body="<html>Bad gateway</html>")
    with pytest.raises(E.MoodleError):
        transport.call("core_user_create_users", [], read_only=False)
    assert waits == []
    assert len(responses.calls) == 1
