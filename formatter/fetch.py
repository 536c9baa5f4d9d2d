"""``briefing build https://…``: fetch one web page, carefully.

http and https only; a timeout on connecting and on each read; at most
``MAX_REDIRECTS`` redirects, never to another scheme than http(s); the body read up to
the size limit (``--max-bytes``) and refused beyond it, whatever the server announces;
gzip is not requested. Every failure is an :class:`InputError` (exit 3) with one line
saying what went wrong: offline, unknown host, refused, timed out, HTTP status, too
large. The fetch date (UTC, or ``SOURCE_DATE_EPOCH`` when set) and the final address
go into the provenance.
"""

from __future__ import annotations

import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urlsplit

from formatter import __version__
from formatter.errors import InputError

TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # the address the page came from, after redirects
    data: bytes
    content_type: str  # e.g. "text/html"
    fetched: str  # YYYY-MM-DD


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(  # noqa: PLR0917 - urllib's signature
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
        headers: HTTPMessage, newurl: str,
    ) -> urllib.request.Request | None:  # fmt: skip
        if not newurl.startswith(("http://", "https://")):
            raise InputError(req.full_url, f"redirected to a non-web address: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, max_bytes: int, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InputError(url, "not a web address (http:// or https://)")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        headers={
            "User-Agent": f"briefing-formatter/{__version__}",
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            "Accept-Encoding": "identity",
        },
    )
    opener = urllib.request.build_opener(_LimitedRedirects())
    try:
        with opener.open(request, timeout=timeout) as response:
            data = _read_limited(url, response, max_bytes)
            final = response.geturl()
            content_type = response.headers.get_content_type()
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400 and "not allowed" in str(exc.reason):
            raise InputError(url, "redirected to a non-web address") from None
        if 300 <= exc.code < 400:
            raise InputError(url, f"more than {MAX_REDIRECTS} redirects") from None
        raise InputError(url, f"HTTP error {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(url, f"cannot fetch: {_reason(exc.reason)}") from None
    except TimeoutError:
        raise InputError(url, f"cannot fetch: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise InputError(url, f"cannot fetch: {exc.strerror or exc}") from None
    return Fetched(final, data, content_type, _today())


def _read_limited(url: str, response: Any, max_bytes: int) -> bytes:
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise InputError(url, f"larger than the {max_bytes:,}-byte limit (see --max-bytes)")
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(min(_CHUNK, max_bytes + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(url, f"larger than the {max_bytes:,}-byte limit (see --max-bytes)")
    return b"".join(chunks)


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "unknown host or no network"
    if isinstance(reason, TimeoutError):
        return "no answer in time"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError):
        return reason.strerror or str(reason)
    return str(reason)


def _today() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.date().isoformat()
