"""File upload to the token user's draft area, and token-authenticated downloads.

Upload: multipart POST to ``webservice/upload.php`` with the token as a form field; the answer
is a list with the draft ``itemid`` to pass to later calls. Download: ``webservice/pluginfile.php``
reads ``token`` with ``required_param``, which accepts a POST field, so the token is POSTed and
never appears in a URL (URLs land in proxy and web-server logs).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import field_validator

from lms_bridge.moodle.errors import MoodleError
from lms_bridge.moodle.models import MoodleModel

if TYPE_CHECKING:
    from lms_bridge.moodle.client import MoodleClient


class DraftFile(MoodleModel):
    component: str = "user"
    contextid: int
    userid: int
    filearea: str = "draft"
    filename: str
    filepath: str = "/"
    itemid: int
    filesize: int = 0

    @field_validator("userid", mode="before")
    @classmethod
    def _userid(cls, value: object) -> int:
        return int(str(value))  # upload.php sends it as a string


class Files:
    def __init__(self, client: MoodleClient) -> None:
        self._client = client

    def upload(self, paths: Sequence[Path], *, itemid: int = 0,
               filepath: str = "/") -> list[DraftFile]:
        """Upload files into one draft area; raises if Moodle refused any of them."""
        handles = [p.open("rb") for p in paths]
        try:
            parts = [(p.name, h, "application/octet-stream")
                     for p, h in zip(paths, handles, strict=True)]
            answer = self._client.transport.upload(parts, itemid=itemid, filepath=filepath)
        finally:
            for handle in handles:
                handle.close()
        refused = [f"{a.get('filename')}: {a.get('error') or a.get('errortype')}"
                   for a in answer or [] if isinstance(a, dict) and "errortype" in a]
        if refused:
            raise MoodleError("Moodle refused uploads: " + "; ".join(refused),
                              wsfunction="webservice/upload.php")
        return [DraftFile.model_validate(a) for a in answer or []]

    def download(self, url: str, destination: Path) -> int:
        """Stream a file URL from a web-service answer to ``destination``; returns its size."""
        url = self.webservice_url(url)
        response = self._client.transport.download(url)
        tmp = destination.with_name(destination.name + ".part")
        try:
            with tmp.open("wb") as out:
                response.raw.decode_content = True
                shutil.copyfileobj(response.raw, out)
            tmp.replace(destination)
        finally:
            response.close()
            tmp.unlink(missing_ok=True)
        return destination.stat().st_size

    def read(self, url: str) -> bytes:
        response = self._client.transport.download(self.webservice_url(url))
        try:
            return response.content
        finally:
            response.close()

    def webservice_url(self, url: str) -> str:
        """Map a plain ``pluginfile.php`` URL to ``webservice/pluginfile.php``; drop any token."""
        base = self._client.config.url
        if url.startswith(base + "/pluginfile.php/"):
            url = base + "/webservice" + url[len(base):]
        if "token=" in url:
            from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

            parts = urlsplit(url)
            query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "token"])
            url = urlunsplit(parts._replace(query=query))
        return url
