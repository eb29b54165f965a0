"""What nginx (deploy/nginx.conf.template) does to the bytes a first visit downloads: compressed scripts and
styles, a year-long immutable cache lifetime on Streamlit's hashed files, none on the page or /_stcore/."""

import gzip
import os
import re
import sys
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from cluster import BROTLI_MODULE, cluster, find_nginx

pytestmark = pytest.mark.e2e

YEAR_S = 365 * 24 * 3600


@pytest.fixture(scope="module")
def nginx_url():
    missing = [] if find_nginx() else ["nginx"]
    if not Path(BROTLI_MODULE).exists():
        missing.append("libnginx-mod-http-brotli-filter")
    if missing:
        reason = (
            f"Debian's {' and '.join(missing)} not installed (.ci/run installs them): the transport tests cannot run"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(f"SKIPPED LOUDLY: {reason}")
    with cluster() as (url, _apps):
        yield url


def fetch(url: str, encoding: str = "gzip") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def max_age(headers: dict[str, str]) -> int:
    found = re.search(r"max-age=(\d+)", headers.get("cache-control", ""))
    return int(found.group(1)) if found else 0


def hashed_assets(nginx_url: str) -> list[str]:
    """The script and style sheet the page itself names (./static/js/index.<hash>.js, ./static/css/...)."""
    _, _, body = fetch(f"{nginx_url}/", encoding="identity")
    assets = re.findall(r'(?:src|href)="\./(static/(?:js|css)/[^"]+)"', body.decode())
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets), assets
    return [f"{nginx_url}/{asset}" for asset in assets]


def test_scripts_and_styles_are_compressed_gzip_or_brotli(nginx_url):
    """Every named file over 10 kB (nginx leaves files under 1 kB alone: compressing them saves nothing)."""
    checked = []
    for url in hashed_assets(nginx_url):
        status, plain_headers, plain = fetch(url, encoding="identity")
        assert status == 200 and "content-encoding" not in plain_headers
        if len(plain) < 10_000:
            continue
        _, headers, body = fetch(url, encoding="gzip")
        assert headers.get("content-encoding") == "gzip", url
        assert gzip.decompress(body) == plain
        assert len(body) < len(plain) / 2, url
        assert "Accept-Encoding" in headers.get("vary", "")
        _, headers, body = fetch(url, encoding="gzip, deflate, br")
        assert headers.get("content-encoding") == "br", url
        assert len(body) < len(plain) / 2, url
        checked.append(url)
    assert any("/static/js/index." in url for url in checked) and any(".css" in url for url in checked)


def test_hashed_static_files_are_immutable_for_a_year(nginx_url):
    for url in hashed_assets(nginx_url):
        _, headers, _ = fetch(url)
        assert "immutable" in headers["cache-control"], url
        assert max_age(headers) >= YEAR_S, url
        assert headers["cache-control"].count("max-age") == 1  # one header, not Streamlit's and nginx's


@pytest.mark.parametrize("path", ["/", "/dose", "/_stcore/health", "/_stcore/host-config", "/static/no-such-file.js"])
def test_page_and_stcore_are_never_cached_long(nginx_url, path):
    """The HTML page must be fetched again to pick up a new Streamlit's file names; /_stcore/ is live state;
    an unknown /static/ path is answered with the page (or a redirect), which must not stick for a year."""
    _, headers, _ = fetch(f"{nginx_url}{path}")
    assert "immutable" not in headers.get("cache-control", "")
    assert max_age(headers) == 0


def test_the_page_itself_is_compressed(nginx_url):
    _, headers, body = fetch(f"{nginx_url}/")
    assert headers.get("content-encoding") == "gzip"
    assert b"<html" in gzip.decompress(body)
