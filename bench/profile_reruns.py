"""Profile the risk and dose reruns (script only, AppTest) with pyinstrument: `python -m bench.profile_reruns`.

Prints the median rerun time per page and pyinstrument's call tree for 20 reruns of each page, so the
cost of our own code can be seen without the framework floor (GC, marshalling, network, browser)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from pyinstrument import Profiler
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
RERUNS = 20


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    risk_types = list(at.multiselect(key="risks.risk").value)  # all risk ids by default
    profiler = Profiler(interval=0.0005)
    risk_ms = []
    with profiler:
        for i in range(RERUNS):
            at.multiselect(key="risks.risk").set_value(risk_types[: 1 + i % len(risk_types)])
            risk_ms.append(timed(at.run))
    print(f"risk page rerun (AppTest): median {statistics.median(risk_ms):.1f} ms")
    print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=False, time="percent_of_total"))
    at.switch_page("pages/dose.py")
    at.run()
    dose_ms = []
    profiler = Profiler(interval=0.0005)
    with profiler:
        for i in range(RERUNS):
            at.number_input(key="dose.supp").set_value(float(i % 10))
            dose_ms.append(timed(at.run))
    print(f"dose page rerun (AppTest): median {statistics.median(dose_ms):.1f} ms")
    print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=False, time="percent_of_total"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
