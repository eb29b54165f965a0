"""Failover through nginx (deploy/nginx.conf.template): one of two app processes is killed with SIGKILL while
readers are on it; new visitors, returning visitors pinned to it and its open pages are all served by the other.

This module starts its own cluster: the test kills a process."""

import os
import re
import signal
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import psutil
import pytest

from bench.wsclient import Session
from tests.e2e.harness import CONNECTED, wait_for_run
from tests.e2e.test_cheap_dos import _handshake

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from cluster import cluster, find_nginx

from tests.e2e.conftest import require_tool

pytestmark = pytest.mark.e2e

PINNED_VIEW = "/?risk=neurotoxicity&risk=gastrointestinal"  # the view lives in the link
NEW_VISITORS = 30
RETURNING_VISITORS = 10
PROTOCOL_SESSIONS = 2
RECONNECT_WAIT_MS = 45_000  # a generous bound, not a target: the measured time is printed


@pytest.fixture(scope="module")
def failover_cluster(tmp_path_factory):
    require_tool(find_nginx(), "Debian's nginx is not installed (apt-get install nginx): the failover test cannot run")
    runtime = tmp_path_factory.mktemp("nginx")
    with cluster(runtime_dir=runtime) as (url, apps):
        yield url, apps, runtime


def _listening_pid(base_url: str) -> int:
    """The process listening on the app URL's port (the `streamlit run` server)."""
    port = int(base_url.rsplit(":", 1)[1])
    return next(
        c.pid for c in psutil.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    )


def _get(url: str, cookie: str | None = None) -> tuple[int, str | None]:
    """(status, the backend named by the affinity cookie set in the answer, or None)."""
    request = urllib.request.Request(url, headers={"Cookie": f"mnrls_backend={cookie}"} if cookie else {})
    try:
        response = urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        response.read()
        cookies = [c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [] if "mnrls_backend=" in c]
        return response.status, cookies[0].split("=", 1)[1] if cookies else None


def test_killed_process_is_skipped_and_its_readers_come_back_with_their_view(failover_cluster, browser):
    url, apps, runtime = failover_cluster
    readers = []
    for _ in range(2):  # two open tabs on the process about to die, each with a view held in its link
        context = browser.new_context()
        context.add_cookies([{"name": "mnrls_backend", "value": "app1", "url": url}])
        page = context.new_page()
        page.goto(f"{url}{PINNED_VIEW}")
        wait_for_run(page)
        assert page.get_by_text("2 of 4 risks").is_visible()
        readers.append((context, page))

    os.kill(_listening_pid(apps[0]), signal.SIGKILL)
    killed_at = time.monotonic()

    # The open tabs reconnect by themselves to the live process and keep their link and what they show.
    for _, page in readers:
        page.wait_for_selector(CONNECTED, state="attached", timeout=RECONNECT_WAIT_MS)
        print(f"reader reconnected {time.monotonic() - killed_at:.1f} s after the kill")
        assert page.url == f"{url}{PINNED_VIEW}"
        assert page.get_by_text("2 of 4 risks").is_visible()
    # New visitors: every one gets the page, from the live process, and is pinned to it.
    new = Counter(_get(f"{url}/") for _ in range(NEW_VISITORS))
    # Returning visitors pinned to the dead process: the page, and the cookie moves them to the live one.
    returning = Counter(_get(f"{url}{PINNED_VIEW}", cookie="app1") for _ in range(RETURNING_VISITORS))
    # Their WebSocket handshake too.
    sock, handshake_status = _handshake(url, origin=None)
    sock.close()
    # New sessions over the protocol run the page to the end.
    sessions = [Session(url) for _ in range(PROTOCOL_SESSIONS)]
    try:
        runs_ok = sum(session.run("").ok for session in sessions)
    finally:
        for session in sessions:
            session.close()
    print(f"after kill -9: new visitors {dict(new)}, returning {dict(returning)}, handshake {handshake_status}")
    assert new == Counter({(200, "app2"): NEW_VISITORS})
    assert returning == Counter({(200, "app2"): RETURNING_VISITORS})
    assert handshake_status == 101
    assert runs_ok == PROTOCOL_SESSIONS

    # A reload is served by the live process and rebuilds the same view from the link.
    context, page = readers[0]
    page.reload()
    wait_for_run(page)
    assert page.get_by_text("2 of 4 risks").is_visible()
    for context, _ in readers:
        assert next(c["value"] for c in context.cookies() if c["name"] == "mnrls_backend") == "app2"
        context.close()

    # With both processes gone, the error is not answered with a cookie that pins anyone anywhere.
    os.kill(_listening_pid(apps[1]), signal.SIGKILL)
    status, backend = _get(f"{url}/", cookie="app2")
    assert status == 502
    assert backend is None
    # nginx logs a request after its answer has gone out: wait (bounded) for the line of the 502 just above.
    deadline = time.monotonic() + 10
    while True:
        lines = (runtime / "access.log").read_text().splitlines()
        failed = [line for line in lines if re.search(r'" 50[234] ', line)]
        if failed or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(failed) == 1  # the one just above: no reader or visitor got an error while one process lived
