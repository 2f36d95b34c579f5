"""``webservice/upload.php``: multipart files into the token user's draft area."""

from __future__ import annotations

import random
from email.parser import BytesParser
from email.policy import HTTP
from typing import TYPE_CHECKING, Any

import requests

if TYPE_CHECKING:
    from lms_bridge.testing.fake import FakeMoodle


def _parts(request: requests.PreparedRequest) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    ctype = request.headers.get("Content-Type", "")
    body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {ctype}\r\n\r\n".encode() + body)
    fields: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    for part in message.iter_parts():
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            files.append((filename, payload))
        else:
            fields[str(part.get_param("name", header="content-disposition"))] = payload.decode()
    return fields, files


def handle_upload(fake: FakeMoodle, request: requests.PreparedRequest) -> tuple[int, Any]:
    fields, files = _parts(request)
    if fields.get("token") != fake.token:
        return 200, {"error": "Invalid token - token not found", "errorcode": "invalidtoken",
                     "stacktrace": None, "debuginfo": None, "reproductionlink": None}
    if not fake.uploadfiles:
        return 200, {"error": "Web service file upload must be enabled in external service "
                              "settings", "errorcode": "accessexception", "stacktrace": None,
                     "debuginfo": None, "reproductionlink": None}
    itemid = int(fields.get("itemid") or 0) or random.randint(100_000_000, 999_999_999)
    filepath = fields.get("filepath", "/")
    draft = fake.state.drafts.setdefault(itemid, [])
    out: list[dict[str, Any]] = []
    for name, content in files:
        if any(f["filename"] == name and f["filepath"] == filepath for f in draft):
            out.append({"filename": name, "errortype": "filenameexist",
                        "error": f"A file with the name {name} already exists"})
            continue
        record = {"component": "user", "contextid": 5, "userid": str(fake.admin_id),
                  "filearea": "draft", "filename": name, "filepath": filepath, "itemid": itemid,
                  "license": "unknown", "author": "Admin User",
                  "source": f'O:8:"stdClass":1:{{s:6:"source";s:{len(name.encode())}:"{name}";}}',
                  "filesize": len(content)}
        draft.append({**record, "content": content})
        out.append(record)
    return 200, out
