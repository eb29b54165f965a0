"""A bound on the script runs one client address has going at once in this process.

With `runner.fastReruns = false` (.streamlit/config.toml) Streamlit keeps at most one run and one pending
rerun per session: a rerun request that arrives during a run is merged into the pending one, and the run
stops at its next Streamlit call to make it, in the same thread (with the default, every request started a
new thread while the stopped ones ran on). So one session cannot queue work. What one client can do is open
many sessions (30 WebSockets) and keep each asking for reruns: all their runs
share the process's one core with everyone else's, and another reader's run went from 35 ms to 3 s. Here a
run (a page, or a fragment rerun) first takes one of `SLOTS_PER_CLIENT` slots of its client address and gives
it back when it ends however it ends; further runs from that address wait for a slot, asleep, using no CPU.
An address with many sessions then shares the core like an address with two, and a school behind one NAT
address still gets its pages (one at a time is already what one core gives).

The client address is the last `X-Forwarded-For` entry, which nginx in front (deploy/nginx.conf.template)
sets to the address it saw, but only when the WebSocket's peer is a loopback address (nginx on the same host):
a client reaching Streamlit directly could write any address there. Otherwise it is the peer's address."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import threading
from collections.abc import Callable, Iterator

import streamlit as st

SLOTS_PER_CLIENT = 2
WAIT_LIMIT_S = 60.0  # a run that waited this long for its turn is not made: the page says so instead
BUSY_MESSAGE = (
    "Many pages are being opened from your network address at once, so this one was not loaded. "
    "Reload the page in a moment."
)

_condition = threading.Condition()
_running: dict[str, int] = {}  # client address -> runs going on; an address with none has no entry
_held = threading.local()  # the slot the current thread (one script run) holds, so nested uses take none


def acquire(client: str, timeout_s: float) -> bool:
    """Take a slot for `client`, waiting at most `timeout_s`; False if none came free."""
    with _condition:
        if not _condition.wait_for(lambda: _running.get(client, 0) < SLOTS_PER_CLIENT, timeout=timeout_s):
            return False
        _running[client] = _running.get(client, 0) + 1
        return True


def release(client: str) -> None:
    with _condition:
        left = _running[client] - 1
        if left:
            _running[client] = left
        else:
            del _running[client]
        _condition.notify_all()


def running(client: str) -> int:
    with _condition:
        return _running.get(client, 0)


def client_address() -> str:
    return address_of(st.context.ip_address or "", st.context.headers.get_all("X-Forwarded-For"))


def address_of(peer: str, forwarded: list[str]) -> str:
    """The client's address: the proxy's last `X-Forwarded-For` entry when the peer is a proxy on this host."""
    if forwarded and _is_loopback(peer):
        return forwarded[-1].rsplit(",", 1)[-1].strip()
    return peer


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the client's slots for the code inside (nothing extra when this run already holds one)."""
    if getattr(_held, "client", None) is not None:
        yield
        return
    client = client_address()
    if not acquire(client, WAIT_LIMIT_S):
        st.warning(BUSY_MESSAGE, icon=":material/hourglass_top:")
        st.stop()
    _held.client = client
    try:
        yield
    finally:  # also when the run is stopped early for a rerun, or by st.stop()
        _held.client = None
        release(client)


def in_run_slot(function: Callable[..., None]) -> Callable[..., None]:
    """For a `st.fragment`'s function (under the decorator): its reruns, made without the page, take a slot too."""

    @functools.wraps(function)
    def wrapped(*args, **kwargs) -> None:
        with run_slot():
            function(*args, **kwargs)

    return wrapped
