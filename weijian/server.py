"""`weijian serve`: waitress, in one process or, on POSIX systems, several sharing one socket.

Python runs one thread at a time per process, so one process uses one core whatever its
threads. With `--workers N` the listening socket is opened once and N processes forked to
serve it: the kernel hands each new connection to whichever process is free. Windows has no
fork; there the server always runs as one process. Nothing here is kept per process that
another process needs: sessions and data are in the database (or session files), indicator
results are cached per process but checked against the data's version, and an import's
progress is written to a file.
"""

from __future__ import annotations

import os
import signal
import socket
import sys

# Threads per process: enough that one slow page (an XLSX download, a first indicator table)
# does not hold up the others, few enough that they do not queue for the interpreter lock
# (measured: 20 clients on 2 processes, p95 169 ms with 1 thread each, 188 ms with 2, 211 ms
# with 4, 484 ms with 8).
THREADS = 4


def serve(host: str, port: int, workers: int = 1, threads: int = THREADS) -> None:
    from django.db import connections
    from waitress import serve as waitress_serve

    from weijian.wsgi import application

    if workers <= 1 or not hasattr(os, "fork"):
        listener = socket.create_server((host, port), backlog=1024)
        waitress_serve(application, sockets=[listener], threads=threads, ident="weijian")
        return
    # One socket per worker on the same port (SO_REUSEPORT): the kernel spreads new
    # connections evenly over them. With one shared socket, whichever process woke first
    # took a burst of connections and kept them (browsers keep connections open).
    reuse = hasattr(socket, "SO_REUSEPORT")
    listeners = [socket.create_server((host, port), backlog=1024, reuse_port=reuse) for _ in range(workers if reuse else 1)]
    connections.close_all()  # no database connection may cross a fork
    children: list[int] = []

    def stop(signum, frame):
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    # Before the first fork: the socket already accepts connections, so a stop may come at once.
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for n in range(workers):
        children.append(_fork(lambda n=n: waitress_serve(application, sockets=[listeners[n % len(listeners)]],
                                                         threads=threads, ident="weijian")))
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _fork(run) -> int:
    pid = os.fork()
    if pid == 0:  # the worker: serve until told to stop
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent passes Ctrl+C on as SIGTERM
        code = 0
        try:
            run()
        except SystemExit:
            pass
        except BaseException:
            code = 1
        os._exit(code)
    return pid
