"""The Lighthouse part of `make bench` (issue 22), without running Lighthouse: the pin, the Makefile's install,
and the targets table computed from medians (no timing asserted)."""

import json
from pathlib import Path

import pytest

from bench.lighthouse import target_rows

ROOT = Path(__file__).resolve().parents[2]


def test_lighthouse_is_pinned_and_installed_by_make_bench():
    package = json.loads((ROOT / "bench" / "package.json").read_text())
    assert package["dependencies"] == {"lighthouse": "12.2.3"}
    lock = json.loads((ROOT / "bench" / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/lighthouse"]["version"] == "12.2.3"
    makefile = (ROOT / "Makefile").read_text()
    assert "npm ci --prefix bench" in makefile and "bench: $(BENCH_STAMP) $(NODE_STAMP)" in makefile
    assert "bench/node_modules/" in (ROOT / ".gitignore").read_text().splitlines()


def test_targets_are_ratios_to_bare_except_blocking_time():
    def medians(score, lcp, tbt, size):
        return {"score": score, "lcp_ms": lcp, "tbt_ms": tbt, "bytes": size}

    rows = target_rows(
        {
            "medians": {
                "app /": medians(50, 2500, 700, 1.2e6),
                "app /dose": medians(45, 3000, 1400, 3.0e6),
                "bare /": medians(60, 2000, 0, 1.0e6),
            }
        }
    )
    measured = {label: (value, op, bound) for label, value, op, bound in rows}
    assert measured["Lighthouse /: score, app / bare"] == (pytest.approx(50 / 60), ">=", 0.9)
    assert measured["Lighthouse /: tbt_ms"] == (700, "<=", 600)
    assert measured["Lighthouse /: bytes, app / bare"] == (pytest.approx(1.2), "<=", 1.5)
    assert measured["Lighthouse /: lcp_ms, app / bare"] == (pytest.approx(1.25), "<=", 1.25)
    assert measured["Lighthouse /dose: bytes, app / bare"] == (pytest.approx(3.0), "<=", 2.5)
    assert measured["Lighthouse /dose: tbt_ms"] == (1400, "<=", 1500)
    assert len(rows) == 8
    assert target_rows({"medians": {"app /": medians(50, 2500, 700, 1.2e6)}}) == [
        ("Lighthouse /: tbt_ms", 700, "<=", 600)
    ]
