"""The preview's HTTP server: loopback only, three kinds of paths, nothing writable.

``/`` is the emulated LMS page, ``/_preview/*`` its own files plus ``config.json`` (the SCO list),
``/package/*`` the unpacked package. The SCORM API itself is JavaScript in the LMS page
(``static/scorm-api.js``), so the package talks to it exactly as it would to Moodle's frame.
"""

from __future__ import annotations

import dataclasses
import http.server
import json
import posixpath
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lms_bridge.preview.package import PreviewError, PreviewPackage

STATIC = Path(__file__).resolve().parent / "static"


def _inside(root: Path, url_path: str) -> Path | None:
    """The file under ``root`` for a URL path, or None if it would escape ``root``."""
    clean = posixpath.normpath(unquote(url_path)).lstrip("/")
    if "\x00" in clean:
        return None
    target = (root / clean).resolve()
    return target if target == root.resolve() or root.resolve() in target.parents else None


class _Handler(http.server.SimpleHTTPRequestHandler):
    package: PreviewPackage
    config: bytes

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if route in ("/", "/index.html"):
            return str(STATIC / "lms.html")
        if route.startswith("/_preview/"):
            found = _inside(STATIC, route[len("/_preview/"):])
        elif route.startswith("/package/"):
            found = _inside(self.package.root, route[len("/package/"):])
        else:
            found = None
        return str(found) if found is not None else str(STATIC / "missing")

    def _foreign_host(self) -> bool:
        """A page on another site that re-points its DNS name at 127.0.0.1 (DNS rebinding)
        reaches this server with its own name as ``Host``; only loopback names are served."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if host in ("127.0.0.1", "localhost", "::1"):
            return False
        self.send_error(403, "Preview serves only http://127.0.0.1")
        return True

    def do_HEAD(self) -> None:
        if not self._foreign_host():
            super().do_HEAD()

    def do_GET(self) -> None:
        if self._foreign_host():
            return
        if urlsplit(self.path).path == "/_preview/config.json":
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(self.config)))
            self.end_headers()
            self.wfile.write(self.config)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class PreviewServer:
    """Serve ``package`` on 127.0.0.1:``port`` (0 picks a free port) in a background thread."""

    def __init__(self, package: PreviewPackage, port: int = 0) -> None:
        config = {"title": package.title, "standard": package.standard,
                  "scos": [dataclasses.asdict(sco) for sco in package.scos]}
        handler = type("PreviewHandler", (_Handler,), {
            "package": package, "config": json.dumps(config).encode("utf-8")})
        try:
            self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            raise PreviewError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None
        self.package = package
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/"

    def start(self) -> PreviewServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until interrupted (Ctrl+C raises KeyboardInterrupt in the caller)."""
        if self._thread is not None:
            while self._thread.is_alive():
                self._thread.join(0.5)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self.package.close()
