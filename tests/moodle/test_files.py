from __future__ import annotations

from pathlib import Path

import pytest

from lms_bridge.moodle import errors as E
from lms_bridge.testing import FakeMoodle


def test_upload_returns_one_draft_item(fake_moodle: FakeMoodle, tmp_path: Path) -> None:
    first = tmp_path / "handout.pdf"
    first.write_bytes(b"%PDF-1.7 x")
    second = tmp_path / "Zoë résumé.txt"
    second.write_text("hello")
    drafts = fake_moodle.client().files.upload([first, second])
    assert [d.filename for d in drafts] == ["handout.pdf", "Zoë résumé.txt"]
    assert drafts[0].itemid == drafts[1].itemid and drafts[0].userid == fake_moodle.admin_id
    stored = fake_moodle.state.drafts[drafts[0].itemid]
    assert stored[0]["content"] == b"%PDF-1.7 x"
    uploads = [r for r in fake_moodle.requests_seen
               if (r.url or "").startswith(fake_moodle.url + "/webservice/upload.php")]
    assert len(uploads) == 1 and "token=" not in (uploads[0].url or "")


def test_upload_with_wrong_token_is_invalid_token(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("x")
    with FakeMoodle() as fake, pytest.raises(E.InvalidToken):
        fake.client(token="wrong").files.upload([path])


def test_download_by_token_post(fake_moodle: FakeMoodle, tmp_path: Path) -> None:
    course = fake_moodle.add_course("LVV")
    scorm = fake_moodle.add_scorm(course, package=b"PK\x03\x04 package bytes")
    moodle = fake_moodle.client()
    [activity] = moodle.scorm.by_courses([course.id])
    assert activity.packageurl is not None
    target = tmp_path / "package.zip"
    assert moodle.files.download(activity.packageurl + "?token=leaked", target) == 18
    assert target.read_bytes() == b"PK\x03\x04 package bytes"
    assert scorm.sha1hash
    assert all("token=" not in (r.url or "") for r in fake_moodle.requests_seen)
    with pytest.raises(E.UnexpectedResponse):
        moodle.files.read(fake_moodle.url + "/pluginfile.php/1/none/file.txt")
