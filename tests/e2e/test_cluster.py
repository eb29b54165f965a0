"""The risk-table download through nginx in front of two app processes (sticky sessions)."""

import io
import sys
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from analysis import filter_risks, risk_table_download, to_csv_bytes
from tests.e2e.harness import wait_for_run

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from cluster import cluster, find_nginx

from tests.e2e.conftest import require_tool

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def nginx_cluster():
    require_tool(find_nginx(), "Debian's nginx is not installed (apt-get install nginx): the cluster test cannot run")
    with cluster() as running:
        yield running


@pytest.mark.parametrize("backend", ["app1", "app2"])
def test_download_through_nginx(nginx_cluster, browser, dataset, tmp_path, backend):
    """Pinned to each process in turn: the page, its WebSocket and the download all reach that process."""
    url, _ = nginx_cluster
    context = browser.new_context(accept_downloads=True)
    context.add_cookies([{"name": "mnrls_backend", "value": backend, "url": url}])
    page = context.new_page()
    page.goto(f"{url}/?risk=neurotoxicity&risk=gastrointestinal")
    wait_for_run(page)
    assert page.get_by_text("2 of 4 risks").is_visible()
    assert next(c["value"] for c in context.cookies() if c["name"] == "mnrls_backend") == backend
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    path = tmp_path / "risks.csv"
    download_info.value.save_as(path)
    expected = to_csv_bytes(
        risk_table_download(filter_risks(dataset.risks, ["neurotoxicity", "gastrointestinal"]), dataset.sources)
    )
    assert path.read_bytes() == expected
    assert pd.read_csv(io.BytesIO(expected))["risk_id"].tolist() == ["neurotoxicity", "gastrointestinal"]
    context.close()


def _backend_cookie(response) -> str:
    cookies = [c.split(";")[0] for c in response.headers.get_all("Set-Cookie") if c.startswith("mnrls_backend=")]
    return cookies[0].split("=", 1)[1]


def test_new_visitors_are_spread_and_kept(nginx_cluster):
    """Without a cookie nginx picks a process at random; with one, the visitor stays; a forged one is ignored."""
    url, _ = nginx_cluster
    chosen = [_backend_cookie(urllib.request.urlopen(f"{url}/_stcore/health")) for _ in range(30)]
    assert set(chosen) == {"app1", "app2"}  # all 30 on one process: chance 1 in 2**29
    for backend in ("app1", "app2"):
        request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"mnrls_backend={backend}"})
        assert {_backend_cookie(urllib.request.urlopen(request)) for _ in range(5)} == {backend}
    forged = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": "mnrls_backend=evil.example:80"})
    assert _backend_cookie(urllib.request.urlopen(forged)) in {"app1", "app2"}
