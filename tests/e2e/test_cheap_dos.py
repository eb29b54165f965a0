"""Cheap denial of service and headers, through nginx configured from deploy/nginx.conf.template.

The two app processes run as under `ulimit -n 1024`, and their outbound HTTP goes through a proxy that
accepts connections and never answers (outbound traffic stalled, as on a server without internet access).
"""

import base64
import contextlib
import re
import secrets
import select
import selectors
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import RssSampler
from bench.wsclient import Session
from tests.e2e.harness import wait_for_run
from tests.e2e.test_accessibility import AXE, RULES, describe

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from cluster import cluster, find_nginx

from tests.e2e.conftest import require_tool

pytestmark = pytest.mark.e2e

IDLE_SOCKETS = 300
MAX_OPEN_FILES = 1024
PER_CLIENT_LIMIT = 32  # limit_conn in deploy/nginx.conf.template
ATTACKER_ADDRESS = "127.0.0.2"  # another loopback address: nginx sees a client other than the browser (127.0.0.1)
FOREIGN_ORIGIN = "https://evil.example"
NEW_VISITOR_DEADLINE_S = 5


@contextlib.contextmanager
def stalled_outbound_proxy():
    """An HTTP proxy address whose connections are accepted by the kernel and never answered."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(512)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


@pytest.fixture(scope="module")
def hardened_cluster(tmp_path_factory):
    require_tool(
        find_nginx(), "Debian's nginx is not installed (apt-get install nginx): the denial-of-service tests cannot run"
    )
    runtime = tmp_path_factory.mktemp("nginx")
    with stalled_outbound_proxy() as proxy:
        stalled = {name: proxy for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")}
        stalled |= {"NO_PROXY": "", "no_proxy": ""}
        with cluster(app_env=stalled, max_open_files=MAX_OPEN_FILES, runtime_dir=runtime) as (url, apps):
            yield url, apps, runtime


def _handshake(url: str, *, origin: str | None, source: str = "127.0.0.1", timeout_s: float = 30, backend="app1"):
    """Open a WebSocket to /_stcore/stream pinned to `backend` and send nothing more; return (socket, HTTP status)."""
    host_port = url.removeprefix("http://")
    host, port = host_port.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=timeout_s, source_address=(source, 0))
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host_port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {base64.b64encode(secrets.token_bytes(16)).decode()}",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
        f"Cookie: mnrls_backend={backend}",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return sock, status


def test_idle_websockets_from_one_client_do_not_lock_out_a_new_visitor(hardened_cluster, browser):
    url, _, runtime = hardened_cluster
    warm = browser.new_context()  # the first visit fills the data cache; the new visitor below is a later one
    warm.add_cookies([{"name": "mnrls_backend", "value": "app1", "url": url}])
    warm_page = warm.new_page()
    warm_page.goto(f"{url}/")
    wait_for_run(warm_page)
    warm.close()

    held: list[socket.socket] = []
    statuses: Counter = Counter()
    try:
        for _ in range(IDLE_SOCKETS):  # bounded: one client, 300 sockets that never send a frame
            sock, status = _handshake(url, origin=None, source=ATTACKER_ADDRESS)
            statuses[status] += 1
            held.append(sock)
        context = browser.new_context()
        context.add_cookies([{"name": "mnrls_backend", "value": "app1", "url": url}])
        page = context.new_page()
        started = time.monotonic()
        page.goto(f"{url}/", timeout=NEW_VISITOR_DEADLINE_S * 1000)
        left_ms = max(1, int((NEW_VISITOR_DEADLINE_S - (time.monotonic() - started)) * 1000))
        wait_for_run(page, timeout_ms=left_ms)  # connected, script finished, no skeletons: within 5 s in all
        print(f"new visitor settled after {time.monotonic() - started:.2f} s; handshakes: {dict(statuses)}")
        assert page.get_by_text(re.compile(r"\b4 of 4 risks\b")).first.is_visible()
        context.close()
    finally:
        for sock in held:
            sock.close()
    assert statuses[101] <= PER_CLIENT_LIMIT
    assert statuses[429] == IDLE_SOCKETS - statuses[101]
    assert "limiting connections by zone" in (runtime / "error.log").read_text()


def test_foreign_origin_handshakes_are_refused_at_nginx_and_health_stays_fast(hardened_cluster):
    url, _, runtime = hardened_cluster
    latencies: list[float] = []
    failures: list[str] = []
    stop = threading.Event()

    def poll_health():
        while not stop.is_set():
            started = time.monotonic()
            request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": "mnrls_backend=app1"})
            try:
                with urllib.request.urlopen(request, timeout=NEW_VISITOR_DEADLINE_S) as response:
                    assert response.read() == b"ok"
            except (OSError, AssertionError) as exc:  # a timeout is an OSError
                failures.append(repr(exc))
            latencies.append(time.monotonic() - started)

    statuses: list[int] = []

    def foreign_handshake():
        sock, status = _handshake(url, origin=FOREIGN_ORIGIN)
        sock.close()
        statuses.append(status)

    poller = threading.Thread(target=poll_health)
    poller.start()
    burst = [threading.Thread(target=foreign_handshake) for _ in range(10)]
    try:
        for thread in burst:
            thread.start()
        for thread in burst:
            thread.join(timeout=60)
    finally:
        stop.set()
        poller.join(timeout=30)
    print(f"health during the burst: {len(latencies)} polls, slowest {max(latencies) * 1000:.0f} ms")
    assert statuses == [403] * 10
    refused = [line for line in (runtime / "access.log").read_text().splitlines() if FOREIGN_ORIGIN in line]
    assert len(refused) == 10
    assert all(" 403 " in line and "upstream=- " in line for line in refused)  # never reached an app process
    assert failures == []  # every health poll answered ok within its 5 s timeout
    # The same handshake from the dashboard's own origin still reaches the app.
    sock, status = _handshake(url, origin=url)
    sock.close()
    assert status == 101


SECURITY_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


@pytest.mark.parametrize("path", ["/", "/dose", "/_stcore/health", "/no-such-page"])
def test_security_headers_on_every_answer(hardened_cluster, path):
    url, _, _ = hardened_cluster
    try:
        response = urllib.request.urlopen(f"{url}{path}", timeout=10)
    except urllib.error.HTTPError as error:  # a 404 carries the headers too
        response = error
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_all(name) == [value], name


@pytest.mark.parametrize(
    "path", ["/_stcore/metrics", "/_stcore/metrics?families=session", "//_stcore/metrics", "/%5Fstcore/metrics"]
)
def test_metrics_are_not_public(hardened_cluster, path):
    url, apps, _ = hardened_cluster
    with urllib.request.urlopen(f"{apps[0]}/_stcore/metrics", timeout=10) as direct:
        assert direct.status == 200  # the app does serve it: what nginx refuses is real
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{url}{path}", timeout=10)
    assert refused.value.code == 404


# --- Slow and greedy clients, large messages, links too long (issue 23) ---------------------------------

SLOW_HEADER_CONNECTIONS = 1_100  # more than the 1,024 worker connections nginx had
SLOW_SENDER_ADDRESS = "127.0.0.3"
HEADER_TIMEOUT_S = 10  # client_header_timeout in deploy/nginx.conf.template
VISITOR_REQUESTS = 20


def _slow_header_connection(url: str, source: str) -> socket.socket:
    """A connection that sends the start of its request headers and then nothing (a slow sender)."""
    host_port = url.removeprefix("http://")
    host, port = host_port.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=30, source_address=(source, 0))
    sock.sendall(f"GET / HTTP/1.1\r\nHost: {host_port}\r\nX-Slow: ".encode())
    sock.setblocking(False)
    return sock


class SlowSenders:
    """`count` slow-header connections from one address, each replaced as soon as nginx closes it (as an
    attacker would: nginx closing the oldest when out of connections does not free room for long)."""

    def __init__(self, url: str, count: int, source: str, max_replacements: int = 50_000):
        self.url, self.source, self.max_replacements = url, source, max_replacements
        self.selector = selectors.DefaultSelector()
        self.replaced = 0
        self.stop = threading.Event()
        for _ in range(count):  # bounded
            self.selector.register(_slow_header_connection(url, source), selectors.EVENT_READ)
        self.thread = threading.Thread(target=self._replace_closed, daemon=True)
        self.thread.start()

    def _replace_closed(self) -> None:
        while not self.stop.is_set() and self.replaced < self.max_replacements:
            for key, _ in self.selector.select(timeout=0.2):  # readable: nginx closed it (or answered)
                self.selector.unregister(key.fileobj)
                key.fileobj.close()
                self.replaced += 1
                self.selector.register(_slow_header_connection(self.url, self.source), selectors.EVENT_READ)

    def stop_replacing(self) -> list[socket.socket]:
        self.stop.set()
        self.thread.join(timeout=30)
        return [key.fileobj for key in self.selector.get_map().values()]


def test_slow_header_senders_from_one_address_do_not_block_new_visitors(hardened_cluster):
    url, _, runtime = hardened_cluster
    senders = SlowSenders(url, SLOW_HEADER_CONNECTIONS, SLOW_SENDER_ADDRESS)
    statuses: Counter = Counter()
    held: list[socket.socket] = []
    try:
        for _ in range(VISITOR_REQUESTS):  # a new visitor from another address (127.0.0.1)
            try:
                with urllib.request.urlopen(f"{url}/", timeout=NEW_VISITOR_DEADLINE_S) as response:
                    statuses[response.status] += 1
            except OSError as exc:  # refused, reset, timed out (HTTPError is an OSError too)
                statuses[type(exc).__name__] += 1
        held = senders.stop_replacing()
        stopped_at = time.monotonic()
        # nginx closes a connection that has not sent its headers within the header timeout (60 s before).
        closed = 0
        for sock in held:
            sock.setblocking(True)
            sock.settimeout(max(0.1, stopped_at + HEADER_TIMEOUT_S + 15 - time.monotonic()))
            with contextlib.suppress(TimeoutError, ConnectionError):
                sock.recv(1024)  # b"" once nginx closed it
                closed += 1
    finally:
        for sock in senders.stop_replacing():
            sock.close()
    print(
        f"new visitor while {SLOW_HEADER_CONNECTIONS} slow senders were held: {dict(statuses)}; "
        f"replaced {senders.replaced}; closed by the header timeout {closed} of {len(held)}"
    )
    assert statuses == Counter({200: VISITOR_REQUESTS})
    assert closed == len(held) == SLOW_HEADER_CONNECTIONS
    assert "worker_connections are not enough" not in (runtime / "error.log").read_text()


HTTP_PER_CLIENT_LIMIT = 32  # limit_conn mnrls_http_per_client in deploy/nginx.conf.template
HELD_REQUESTS = 40


def test_http_requests_held_open_by_one_address_are_capped(hardened_cluster):
    """40 requests from one address whose bodies never come: nginx keeps 32 in progress and refuses the rest
    with 429 at once; another address is not affected."""
    url, _, _ = hardened_cluster
    host_port = url.removeprefix("http://")
    host, port = host_port.rsplit(":", 1)
    held: list[socket.socket] = []
    answers: Counter = Counter()
    try:
        for _ in range(HELD_REQUESTS):  # bounded
            sock = socket.create_connection((host, int(port)), timeout=30, source_address=("127.0.0.8", 0))
            sock.sendall(f"POST / HTTP/1.1\r\nHost: {host_port}\r\nContent-Length: 100\r\n\r\n".encode())
            held.append(sock)
        # A refusal comes at once; a held request gets no answer (until the 10 s body timeout closes it).
        waiting = list(held)
        deadline = time.monotonic() + 3
        while waiting and (ready := select.select(waiting, [], [], max(0, deadline - time.monotonic()))[0]):
            for sock in ready:
                head = sock.recv(64)
                answers[int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else "closed"] += 1
                waiting.remove(sock)
        answers["held"] += len(waiting)
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
            assert response.read() == b"ok"  # from 127.0.0.1
    finally:
        for sock in held:
            sock.close()
    print(f"{HELD_REQUESTS} requests held open from one address: {dict(answers)}")
    assert answers == Counter({"held": HTTP_PER_CLIENT_LIMIT, 429: HELD_REQUESTS - HTTP_PER_CLIENT_LIMIT})


RERUN_FLOOD = 200


def test_one_session_flooding_rerun_requests_keeps_one_script_thread(hardened_cluster):
    """A session sends 200 requests for the Sources page back to back without waiting. Streamlit's default
    (runner.fastReruns) stops the running script and starts a new thread for every request, so the stopped
    ones ran on side by side (20 at once were seen); with fastReruns off a request arriving during a run is
    merged into the one pending rerun, handled in the same thread. Counted: the process's threads."""
    url, apps, _ = hardened_cluster
    process = psutil.Process(_listening_pid(apps[1]))
    session = Session(url, source_address="127.0.0.7", cookie="mnrls_backend=app2")
    try:
        assert session.run("sources").ok
        idle_threads = process.num_threads()
        most_threads = idle_threads
        request = BackMsg()
        request.rerun_script.page_name = "sources"
        payload = request.SerializeToString()
        for _ in range(RERUN_FLOOD):  # bounded
            session.ws.send(payload)
            most_threads = max(most_threads, process.num_threads())
        finished = 0
        with contextlib.suppress(TimeoutError):
            while True:  # until the server has been quiet for 5 s
                message = ForwardMsg()
                message.ParseFromString(session.ws.recv(timeout=5))
                finished += message.WhichOneof("type") == "script_finished"
                most_threads = max(most_threads, process.num_threads())
        assert session.run().ok  # and the session still works
    finally:
        session.close()
    print(f"{RERUN_FLOOD} rerun requests: threads {idle_threads} idle, at most {most_threads}; runs ended {finished}")
    assert most_threads - idle_threads <= 2  # the script thread (and one of the server's own)
    assert 1 <= finished <= RERUN_FLOOD


GREEDY_SOCKETS = 30
GREEDY_ADDRESS = "127.0.0.4"
READER_RUNS = 5


def test_sessions_rerunning_from_one_address_do_not_starve_another_reader(hardened_cluster):
    """30 WebSockets from one address ask for the Sources page again and again; a reader from another address
    reruns the same page on the same process. Counted: how many of the greedy address's runs finish while one
    of the reader's runs is going on. With every greedy run going at once it is about 30 (each run gets a 31st
    of the core); with two runs at once per address (ui/run_slots.py) it is about two."""
    url, _, _ = hardened_cluster
    pin = "mnrls_backend=app1"
    reader = Session(url, source_address="127.0.0.1", cookie=pin)
    assert reader.run("sources").ok
    alone_ms = [reader.run().ms for _ in range(READER_RUNS)]

    finished: list[float] = []  # monotonic end times of the greedy runs
    failures: list[str] = []
    stop = threading.Event()
    sessions = [Session(url, source_address=GREEDY_ADDRESS, cookie=pin) for _ in range(GREEDY_SOCKETS)]

    def greedy(session: Session) -> None:
        try:
            while not stop.is_set():
                result = session.run("sources")
                finished.append(time.monotonic())
                if not result.ok:
                    failures.append(f"status {result.status}")
        except Exception as exc:
            if not stop.is_set():  # closing the socket below ends the loop with an exception
                failures.append(repr(exc))

    threads = [threading.Thread(target=greedy, args=(session,), daemon=True) for session in sessions]
    for thread in threads:
        thread.start()
    during: list[int] = []
    busy_ms: list[float] = []
    try:
        while len(finished) < 4:  # the greedy sessions are at work
            time.sleep(0.05)  # polling interval
        for _ in range(READER_RUNS):
            started = time.monotonic()
            result = reader.run()
            ended = time.monotonic()
            assert result.ok
            busy_ms.append(result.ms)
            during.append(sum(started <= t <= ended for t in finished))
    finally:
        stop.set()
        for session in sessions:
            session.close()
        for thread in threads:
            thread.join(timeout=60)
        reader.close()
    print(
        f"reader alone median {sorted(alone_ms)[READER_RUNS // 2]:.0f} ms, with {GREEDY_SOCKETS} greedy sockets "
        f"median {sorted(busy_ms)[READER_RUNS // 2]:.0f} ms; greedy runs finished during each reader run: {during}; "
        f"greedy runs in all {len(finished)}"
    )
    assert failures == []
    assert sum(during) / READER_RUNS <= 8  # about 2 expected; about 30 with every greedy run at once


LARGE_MESSAGE_BYTES = 20 * 1024 * 1024  # accepted before (server.maxMessageSize was 50 MB)
LARGE_MESSAGE_WAVES = ((16, "127.0.0.5"), (32, "127.0.0.6"))  # in parallel, as in the issue; 32 is nginx's cap
MESSAGE_TOO_BIG = 1009  # WebSocket close code


def _listening_pid(base_url: str) -> int:
    port = int(base_url.rsplit(":", 1)[1])
    return next(
        c.pid for c in psutil.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    )


def _send_large_message(url: str, source: str, size: int) -> int | None:
    """Over a WebSocket pinned to app2, send one binary message of `size` bytes in chunks, stopping once the
    server answers; return the close code it sent (None: it closed without one, or did not close in 10 s).
    A plain socket, not a WebSocket library: a library's send would fail on the closed socket before the
    close frame is read."""
    sock, status = _handshake(url, origin=None, source=source, backend="app2")
    assert status == 101
    chunk = secrets.token_bytes(256 * 1024)
    # FIN + binary opcode; masked (clients must), 64-bit length; an all-zero mask leaves the payload as it is.
    sock.sendall(bytes([0x82, 0x80 | 127]) + size.to_bytes(8, "big") + bytes(4))
    answer = b""
    try:
        # A server that refuses the size says so on reading the frame's header: wait for that before sending
        # the payload (data left unread when a connection is closed resets it, and the close frame is lost).
        if not select.select([sock], [], [], 5)[0]:
            for _ in range(size // len(chunk)):
                if select.select([sock], [], [], 0)[0]:
                    break
                sock.sendall(chunk)
        if select.select([sock], [], [], 10)[0]:
            answer = sock.recv(16)
    except OSError:  # reset while sending: read what the server sent before closing
        with contextlib.suppress(OSError):
            answer = sock.recv(16)
    finally:
        sock.close()
    is_close_frame = len(answer) >= 4 and answer[0] == 0x88
    return int.from_bytes(answer[2:4], "big") if is_close_frame else None


def test_large_websocket_messages_are_refused_and_memory_stays_flat(hardened_cluster):
    url, apps, _ = hardened_cluster
    reader = Session(url, source_address="127.0.0.1", cookie="mnrls_backend=app2")
    try:
        assert reader.run("").ok
        with RssSampler(_listening_pid(apps[1]), interval_s=0.1) as sampler:
            before = sampler.rss_mib()
            codes: Counter = Counter()
            for count, source in LARGE_MESSAGE_WAVES:
                with ThreadPoolExecutor(count) as pool:
                    sizes = [LARGE_MESSAGE_BYTES] * count
                    codes.update(pool.map(_send_large_message, [url] * count, [source] * count, sizes))
            after = sampler.rss_mib()
        assert reader.run().ok  # the app's own small messages still pass, on the same process
    finally:
        reader.close()
    print(
        f"{sum(codes.values())} messages of {LARGE_MESSAGE_BYTES // 2**20} MiB: close codes {dict(codes)}; app RSS "
        f"{before:.0f} MiB before, peak {sampler.peak:.0f}, {after:.0f} after"
    )
    assert codes == Counter({MESSAGE_TOO_BIG: sum(count for count, _ in LARGE_MESSAGE_WAVES)})
    assert sampler.peak - before < 100  # MiB; each accepted message cost its size several times over before
    assert after - before < 50


def test_a_link_too_long_for_the_server_gets_a_page_in_the_apps_words(hardened_cluster):
    url, _, _ = hardened_cluster
    link = f"{url}/?" + "&".join(["risk=neurotoxicity"] * 500)  # about 9.5 KB: over nginx's 8 KB buffers
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(link, timeout=10)
    answer = refused.value
    body = answer.read().decode()
    assert answer.code == 414  # the status stays: the link was not served
    assert answer.headers.get_content_type() == "text/html"
    assert "The link was not used: it is too long" in body
    assert "Educational material, not medical advice." in body
    assert 'href="/"' in body  # a way on: the start page
    assert "nginx" not in body
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers.get_all(name) == [value], name
    assert not any("mnrls_backend" in c for c in answer.headers.get_all("Set-Cookie") or [])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_link_too_long_page_meets_wcag_21_aa(hardened_cluster, browser, scheme):
    url, _, _ = hardened_cluster
    context = browser.new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        response = page.goto(f"{url}/?" + "&".join(["risk=neurotoxicity"] * 500))
        assert response.status == 414
        assert page.get_by_role("heading", name="The link was not used: it is too long").is_visible()
        violations = AXE.run(page, options=RULES).response["violations"]
        assert not violations, describe(violations)
    finally:
        context.close()
