"""`weijian serve --workers N`: N processes answer on one port and all stop together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from weijian.web.bench import free_port, wait_for_server

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not os.path.exists("/proc/self/task"),
                                reason="several server processes need fork; the test reads /proc")


def children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return [int(child) for child in handle.read().split()]


def _until(read, count: int, seconds: float = 30) -> list[int]:
    deadline = time.monotonic() + seconds
    while len(found := read()) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def test_two_workers_serve_and_stop_together(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"WEIJIAN_DATA_DIR": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "-m", "weijian.cli", "serve", "--port", str(port), "--workers", "2",
                               "--threads", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_server(port)  # the socket accepts (into its backlog) before the workers are forked
        workers = _until(lambda: children(server.pid), 2)
        assert len(workers) == 2
        for _ in range(6):  # every answer comes from one of the two workers
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=10) as response:
                assert response.status == 200 and "乡镇卫生健康办公室工作系统" in response.read().decode()
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    for pid in workers:
        assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"
