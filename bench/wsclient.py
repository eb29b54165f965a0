"""A protocol-level Streamlit client: one websocket = one session, as a browser tab would open.

It sends the same `BackMsg.rerun_script` the browser sends (page name, widget states) and stops the
clock at `ForwardMsg.script_finished`. The server runs the real script, widget handling, Arrow and
plotly marshalling and its per-run garbage collection; what this does not measure is the browser
(rendering) and the ForwardMsg cache (every run is sent in full, slightly pessimistic).
See ../shared/reference/perf_reliability_methods.md, section 2.3."""

from __future__ import annotations

import socket
import time
from collections import Counter
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

# Widget element types whose id, label and options we collect from a run's deltas.
WIDGET_TYPES = ("multiselect", "button_group", "selectbox", "number_input", "text_input")  # button_group: st.pills
# ForwardMsg.ScriptFinishedStatus values that mean "ran to the end"; anything else is counted as an error.
OK_STATUSES = (0, 3)  # FINISHED_SUCCESSFULLY, FINISHED_FRAGMENT_RUN_SUCCESSFULLY


@dataclass
class Widget:
    kind: str
    id: str
    label: str
    options: list[str] = field(default_factory=list)
    fragment_id: str = ""  # the st.fragment the widget was drawn in ("" = none)


@dataclass
class RunResult:
    ms: float
    status: int
    widgets: dict[str, Widget]
    page_not_found: bool
    exceptions: int
    bytes_received: int
    plotly_charts: int
    dataframes: int
    exception_messages: list[str] = field(default_factory=list)
    fragment_id: str = ""  # the fragment this rerun asked for ("" = a full run)
    elements: Counter = field(default_factory=Counter)  # element and block types drawn in this run, counted
    query_string: str | None = None  # the URL query string the run set (page_info_changed), if it changed it

    @property
    def ok(self) -> bool:
        return self.status in OK_STATUSES and not self.exceptions and not self.page_not_found


class Session:
    """One Streamlit session over `ws://host/_stcore/stream`. Not thread-safe: one thread per session."""

    def __init__(
        self, base_url: str, timeout_s: float = 120.0, source_address: str | None = None, cookie: str | None = None
    ):
        """`source_address`: the local address to connect from (e.g. 127.0.0.7: another client for nginx's
        per-address limits); `cookie`: a Cookie header (e.g. "mnrls_backend=app1" to pin a process)."""
        ws_url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        options = {"source_address": (source_address, 0)} if source_address else {}
        self._connection = connect(
            ws_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=timeout_s,
            additional_headers={"Cookie": cookie} if cookie else None,
            **options,
        )
        self.ws = self._connection.__enter__()  # websockets 17 wants connect() used as a context manager
        self.timeout_s = timeout_s
        self.page_hash = ""
        self.state: dict[str, tuple[str, object]] = {}  # widget id -> (value kind, value), re-sent every run
        self.widgets: dict[str, Widget] = {}  # label -> widget of the last run

    def close(self) -> None:
        self._connection.__exit__(None, None, None)

    def run(self, page_name: str | None = None, changes: dict[str, object] | None = None) -> RunResult:
        """Rerun the script. `page_name` (url path, "" = default page) switches page; `changes` maps a
        widget label of the previous run to its new value (list of option labels, option label or number)."""
        bm = BackMsg()
        rerun = bm.rerun_script
        rerun.query_string = ""
        if page_name is not None:
            rerun.page_name = page_name
            rerun.page_script_hash = ""
            self.state.clear()  # another page: its widgets are new
        else:
            rerun.page_script_hash = self.page_hash
        changed = [self.widgets[label] for label in changes or {}]
        for widget, value in zip(changed, (changes or {}).values(), strict=True):
            self.state[widget.id] = (widget.kind, value)
        # As the browser does: a change to widgets that all sit in one st.fragment reruns only that fragment.
        fragments = {widget.fragment_id for widget in changed}
        fragment_id = fragments.pop() if page_name is None and len(fragments) == 1 else ""
        rerun.fragment_id = fragment_id
        for widget_id, (kind, value) in self.state.items():
            w = rerun.widget_states.widgets.add()
            w.id = widget_id
            if kind in ("multiselect", "button_group"):
                w.string_array_value.data.extend(value)
            elif kind in ("selectbox", "text_input"):
                w.string_value = value
            elif kind == "number_input":
                w.double_value = float(value)
        payload = bm.SerializeToString()
        t0 = time.perf_counter()
        self.ws.send(payload)
        widgets: dict[str, Widget] = {}
        not_found = False
        exceptions = received = charts = frames = 0
        messages: list[str] = []
        query_string: str | None = None
        elements: Counter = Counter()
        while True:
            # Streamlit 1.67's server sockets leave Nagle on; without QUICKACK a non-browser client
            # waits ~40 ms for delayed ACKs (shared notes 2.5b). Linux-only option, hence the guard.
            sock = self.ws.socket
            if hasattr(socket, "TCP_QUICKACK"):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            data = self.ws.recv(timeout=self.timeout_s)
            received += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "add_block":
                elements[fm.delta.add_block.WhichOneof("type")] += 1
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                et = el.WhichOneof("type")
                elements[et] += 1
                if et in WIDGET_TYPES:
                    proto = getattr(el, et)
                    options = [getattr(option, "content", option) for option in getattr(proto, "options", [])]
                    widgets[proto.label] = Widget(et, proto.id, proto.label, options, fm.delta.fragment_id)
                elif et == "exception":
                    exceptions += 1
                    messages.append(el.exception.message)
                elif et == "plotly_chart":
                    charts += 1
                elif et in ("dataframe", "table"):
                    frames += 1
            elif kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "page_info_changed":
                query_string = fm.page_info_changed.query_string
            elif kind == "page_not_found":
                not_found = True
            elif kind == "script_finished":
                ms = (time.perf_counter() - t0) * 1000
                status = fm.script_finished
                # A rerun request that arrived while this run was going on ends it early; the next
                # finished message belongs to the rerun, so keep reading.
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if fragment_id:  # only the fragment's widgets were drawn again
                    self.widgets.update(widgets)
                elif widgets:
                    self.widgets = widgets
                return RunResult(
                    ms,
                    status,
                    widgets,
                    not_found,
                    exceptions,
                    received,
                    charts,
                    frames,
                    exception_messages=messages,
                    fragment_id=fragment_id,
                    query_string=query_string,
                    elements=elements,
                )
