"""Run one rendering in a forked child process while this process does other work.

Used by the build for a single input with both DOCX and PDF: python-docx and ReportLab
each cost about as much to import as to use on an article, so on two cores the child
imports one and renders while this process does the other. The child sends its bytes
back through a pipe and exits without any clean-up; whatever goes wrong in it, the
caller gets ``None`` and renders the document itself, so output and errors are the
same with or without the child.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable

Collect = Callable[[bool], bytes | None]


def start(render: Callable[[], bytes]) -> Collect | None:
    """Start ``render`` in a forked child. Return a function that waits for the child
    and returns its bytes (``None`` if it failed), or, called with ``True``, stops it.
    Return ``None`` if no child was started: no ``fork`` on this system, or threads
    running (forking a threaded process is unsafe)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # the child: render, send the bytes, leave without any clean-up
        status = 1
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent ends it at once
            os.close(reader)
            data = render()
            with os.fdopen(writer, "wb") as stream:
                stream.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)

    def collect(cancel: bool) -> bytes | None:
        data = None
        try:
            if cancel:
                os.close(reader)
                os.kill(pid, signal.SIGKILL)
            else:
                with os.fdopen(reader, "rb") as stream:
                    data = stream.read()
        except BaseException:  # interrupted or terminated while waiting: end the child
            os.kill(pid, signal.SIGKILL)
            raise
        finally:
            _, status = os.waitpid(pid, 0)
        return data if os.waitstatus_to_exitcode(status) == 0 else None

    return collect
