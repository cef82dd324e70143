"""Work that goes on after the response: a small thread pool inside the server process.

waitress serves requests with threads in one process, so a pool here is all a long import
needs to run without holding a request (or a user) up. Each task gets the thread's own
database connection, closed when the task ends. With `WEIJIAN_BACKGROUND_SYNC` the task runs
at once in the caller's thread (the tests), and its connection is left alone.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)
_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def submit(task: Callable, *args) -> Future | None:
    """Run `task(*args)` in the background (or now, when WEIJIAN_BACKGROUND_SYNC is set)."""
    if settings.WEIJIAN_BACKGROUND_SYNC:
        task(*args)
        return None
    return _executor().submit(_run, task, *args)


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=settings.WEIJIAN_BACKGROUND_WORKERS,
                                       thread_name_prefix="weijian-background")
        return _pool


def _run(task: Callable, *args) -> None:
    try:
        task(*args)
    except Exception:  # the outermost frame of a worker thread: log it, or it is lost
        log.exception("background task %s failed", getattr(task, "__name__", task))
        raise
    finally:
        connection.close()
