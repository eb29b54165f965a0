"""What can be checked of the hosting files without a Docker engine, and the security settings."""

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.harness import server_command

DOCKERFILE = (ROOT / "Dockerfile").read_text()
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def _instruction(name: str) -> list[str]:
    return [line for line in DOCKERFILE.splitlines() if line.startswith(name + " ")]


def test_dockerfile_cmd_is_the_command_the_tests_start():
    cmd = json.loads(_instruction("CMD")[0][len("CMD ") :])
    expected = server_command(8501, address="0.0.0.0")
    assert cmd[0] == "python" and expected[0] == sys.executable
    assert cmd[1:] == expected[1:]


def test_dockerfile_basics():
    assert _instruction("FROM")[0].endswith("-slim")
    assert _instruction("USER") == ["USER app"]
    assert _instruction("WORKDIR")[0] != "WORKDIR /"
    assert _instruction("EXPOSE") == ["EXPOSE 8501"]
    requirements_layer = DOCKERFILE.index("COPY requirements.txt")
    assert requirements_layer < DOCKERFILE.index("RUN pip install") < DOCKERFILE.index("COPY --chown=app:app app.py")
    healthcheck = DOCKERFILE[DOCKERFILE.index("HEALTHCHECK") :]
    assert "http://127.0.0.1:8501/_stcore/health" in healthcheck.split("CMD [", 2)[1]


def test_dockerfile_copies_everything_the_app_imports():
    copied = {line.split()[2].rstrip("/") for line in _instruction("COPY") if line.startswith("COPY --chown")}
    assert {"app.py", "pages", "ui", "analysis", "data", ".streamlit/config.toml"} <= copied


def test_requirements_are_exact_pins():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9.]*", line), line


# Each protection and the value that keeps it on (see .streamlit/config.toml for the reasons).
PROTECTIONS = {
    ("server", "enableXsrfProtection"): True,
    ("server", "enableCORS"): True,
    ("server", "enableStaticServing"): False,
    ("server", "runOnSave"): False,
    ("server", "fileWatcherType"): "none",
    ("client", "showErrorDetails"): "none",
    ("client", "toolbarMode"): "viewer",
    ("client", "disableDataExport"): True,
    ("browser", "gatherUsageStats"): False,
    ("global", "developmentMode"): False,
}


@pytest.mark.parametrize(("key", "value"), list(PROTECTIONS.items()), ids=lambda k: str(k))
def test_config_keeps_protections_on(key, value):
    section, option = key
    assert CONFIG[section][option] == value


def test_agent_api_is_not_switched_on():
    assert CONFIG["server"].get("enableAgentApi", False) is False


def test_every_config_setting_has_a_reason():
    for line in (ROOT / ".streamlit" / "config.toml").read_text().splitlines():
        if re.match(r"^[A-Za-z]+\s*=", line):
            assert "#" in line, f"setting without a comment saying why: {line}"


# The only raw HTML and script the app draws: fixed templates with nothing from data or links in them unescaped.
# A live region wraps escaped sentences (ui.text.status_html); a constant script closes the phone menu (ui/style.py).
ALLOWED_RAW = {
    "unsafe_allow_html": re.compile(r"\.markdown\(status_html\(.*\), unsafe_allow_html=True\)$"),
    "unsafe_allow_javascript": re.compile(r"^st\.html\(CLOSE_NAV_ON_CHOICE, unsafe_allow_javascript=True\)$"),
}


def test_no_unsafe_html_or_javascript_anywhere():
    pattern = re.compile(r"unsafe_allow_(html|javascript)\s*=\s*True")
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in ROOT.rglob("*.py")
        if ".venv" not in path.parts and path.name != Path(__file__).name
        for line in path.read_text().splitlines()
        if (found := pattern.search(line)) and not ALLOWED_RAW[f"unsafe_allow_{found.group(1)}"].search(line.strip())
    ]
    assert offenders == []


def test_the_raw_html_the_app_draws_escapes_what_it_wraps():
    from ui.style import CLOSE_NAV_ON_CHOICE
    from ui.text import status_html

    drawn = status_html('<img src=x onerror="alert(1)"> & 2.2 < 3')
    assert "<img" not in drawn and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; 2.2 &lt; 3" in drawn
    assert drawn.startswith('<div role="status" aria-live="polite">')
    assert "{" not in CLOSE_NAV_ON_CHOICE.split("<script>")[0]  # a constant, no text from data or links


# --- deploy/nginx.conf.template: the protections the browser+nginx tests exercise (tests/e2e/test_cheap_dos.py),
# checked here too so they cannot be dropped on a machine without nginx.
NGINX = (ROOT / "deploy" / "nginx.conf.template").read_text()


def _location(pattern: str) -> str:
    start = NGINX.index(f"location {pattern} {{")
    return NGINX[start : NGINX.index("\n        }", start)]


def test_nginx_caps_websockets_per_client_and_closes_idle_ones():
    assert "limit_conn_zone $binary_remote_addr zone=mnrls_ws_per_client" in NGINX
    stream = _location("~ /_stcore/stream")
    assert re.search(r"limit_conn mnrls_ws_per_client \d+;", stream)
    timeout = int(re.search(r"proxy_read_timeout (\d+)s;", stream).group(1))
    ping_interval = 30  # Streamlit's default server.websocketPingInterval: an open tab is never idle longer
    assert 2 * ping_interval < timeout <= 300
    assert "if ($foreign_origin)" in stream and "return 403;" in stream
    assert "86400" not in NGINX


def test_nginx_hides_metrics_and_sends_security_headers():
    assert "return 404;" in _location("~* /_stcore/metrics")
    for header in (
        "Content-Security-Policy \"frame-ancestors 'self'\"",
        'X-Frame-Options "SAMEORIGIN"',
        'X-Content-Type-Options "nosniff"',
        'Referrer-Policy "no-referrer"',
    ):
        assert f"add_header {header} always;" in NGINX
    # A location with its own add_header would silently drop the server-level ones.
    locations = NGINX[NGINX.index("        location") :]
    assert "add_header" not in locations


def test_nginx_compresses_text_and_caches_only_hashed_static_files():
    """Checked from the file too (tests/e2e/test_transport.py checks the headers nginx really sends)."""
    assert re.search(r"^\s*gzip on;", NGINX, re.M) and re.search(r"^\s*brotli on;", NGINX, re.M)
    for directive in ("gzip_types", "brotli_types"):
        types = re.search(rf"{directive} ([^;]+);", NGINX).group(1).split()
        assert {"application/javascript", "text/css", "application/json"} <= set(types)
    cache_map = NGINX[NGINX.index("$mnrls_cache_control {") :]
    cache_map = cache_map[: cache_map.index("}")]
    assert "~^200\\|/static/" in cache_map and "immutable" in cache_map and "(?!text/html)" in cache_map
    assert "default                               $upstream_http_cache_control;" in cache_map
    assert "add_header Cache-Control $mnrls_cache_control always;" in NGINX
