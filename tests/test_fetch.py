"""``briefing build http://…`` against a local HTTP server on the loopback address only."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from formatter.errors import InputError
from formatter.fetch import MAX_REDIRECTS, fetch

PAGE = (Path(__file__).parent / "fixtures" / "pages" / "article-tags.html").read_bytes()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/news/court.html":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path.startswith("/loop"):
            number = int(self.path.removeprefix("/loop") or 0)
            self.send_response(302)
            self.send_header("Location", f"/loop{number + 1}")
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/news/court.html")
            self.end_headers()
        elif self.path == "/ftp":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the limit must hold while reading
            self.wfile.write(b"<p>" + b"x" * 200_000 + b"</p>")
        elif self.path == "/slow":
            time.sleep(2)
            with contextlib.suppress(OSError):  # the client gave up waiting, as it should
                self._send(200, PAGE, "text/html")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, code: int, body: bytes, kind: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_follows_a_redirect(server: str) -> None:
    page = fetch(f"{server}/moved", 1_000_000)
    assert page.url == f"{server}/news/court.html"
    assert page.data == PAGE
    assert page.content_type == "text/html"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "HTTP error 404"),
        ("/loop", f"more than {MAX_REDIRECTS} redirects"),
        ("/ftp", "redirected to a non-web address"),
        ("/big", "larger than the 100,000-byte limit"),
    ],
)
def test_fetch_errors(server: str, path: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        fetch(f"{server}{path}", 100_000)


def test_fetch_times_out(server: str) -> None:
    with pytest.raises(InputError, match="cannot fetch"):
        fetch(f"{server}/slow", 100_000, timeout=0.3)


def test_fetch_refused_connection() -> None:
    with pytest.raises(InputError, match="cannot fetch: connection refused"):
        fetch("http://127.0.0.1:9/x.html", 1000)  # the discard port: nothing listens


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "formatter", *args],
        cwd=cwd, capture_output=True, text=True, check=False,
        env={"SOURCE_DATE_EPOCH": "1790000000", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_build_a_url(server: str, tmp_path: Path) -> None:
    done = run("build", f"{server}/news/court.html", "-f", "json,md", "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "out" / "court.json").read_text(encoding="utf-8"))
    assert data["title"] == "Vilnius court jails courier in Minsk spying case"
    assert data["source"]["url"] == f"{server}/news/court.html"
    assert data["source"]["fetched"] == "2026-09-21"  # SOURCE_DATE_EPOCH's day
    markdown = (tmp_path / "out" / "court.md").read_text(encoding="utf-8")
    assert f"Fetched on 2026-09-21 from {server}/news/court.html" in markdown
    assert "Source: The Baltic Ledger" in markdown


@pytest.mark.parametrize("path", ["/missing", "/loop"])
def test_build_a_bad_url_exits_3(server: str, tmp_path: Path, path: str) -> None:
    done = run("build", f"{server}{path}", "-o", "out", cwd=tmp_path)
    assert done.returncode == 3
    assert done.stderr.startswith("error: ")
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 2
