"""`make cluster`: two app processes and Debian's nginx on loopback, with sticky sessions.

Also used by the browser test that downloads the risk table through nginx."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from string import Template

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.harness import ROOT, free_port, stop_process, streamlit_server

TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
DEPLOY_DIR = ROOT / "deploy"  # holds html/, the pages nginx serves itself (a link too long)
# The template loads Debian's brotli module (package libnginx-mod-http-brotli-filter, installed by .ci/run).
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so"


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def render_config(runtime_dir: Path, nginx_port: int, app_ports: tuple[int, int]) -> str:
    # Template's $-placeholders with braces are ours; nginx's own $variables have no braces... except
    # "${remote_addr}${msec}${request_id}", which safe_substitute leaves alone.
    return Template(TEMPLATE.read_text()).safe_substitute(
        RUNTIME_DIR=str(runtime_dir),
        NGINX_PORT=nginx_port,
        APP_PORT_1=app_ports[0],
        APP_PORT_2=app_ports[1],
        DEPLOY_DIR=str(DEPLOY_DIR),
    )


@contextlib.contextmanager
def cluster(
    app_env: dict[str, str] | None = None, max_open_files: int | None = None, runtime_dir: Path | None = None
) -> Iterator[tuple[str, list[str]]]:
    """Yield (nginx URL, [app URLs]); stop every process afterwards.

    `app_env` and `max_open_files` go to both app processes; nginx keeps its config and logs (access.log,
    error.log) in `runtime_dir` when given, else in a temporary directory."""
    nginx = find_nginx()
    if not nginx:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    if not Path(BROTLI_MODULE).exists():
        raise RuntimeError("nginx's brotli module is not installed (apt-get install libnginx-mod-http-brotli-filter)")
    with (
        streamlit_server(app_env, max_open_files=max_open_files) as app1,
        streamlit_server(app_env, max_open_files=max_open_files) as app2,
        tempfile.TemporaryDirectory() as tmp,
    ):
        runtime = runtime_dir or Path(tmp)
        port = free_port()
        ports = (int(app1.rsplit(":", 1)[1]), int(app2.rsplit(":", 1)[1]))
        config = runtime / "nginx.conf"
        config.write_text(render_config(runtime, port, ports))
        process = subprocess.Popen(
            [nginx, "-c", str(config), "-g", "daemon off;"], stderr=subprocess.PIPE, start_new_session=True
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(url, process)
            yield url, [app1, app2]
        finally:
            stop_process(process)


def _wait_for(url: str, process: subprocess.Popen, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode(errors='replace')}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            if response.read().strip() == b"ok":
                return
        time.sleep(0.1)  # polling interval
    raise TimeoutError(f"nginx at {url} did not answer in {timeout_s} s")


def main() -> int:
    with cluster() as (url, apps):
        print(f"nginx: {url}  ->  {', '.join(apps)}   (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
