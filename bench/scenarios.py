"""What the benchmark exercises, one entry per page. Adding a page is one entry.

- `page`: the url path ("" = the default page), the same in app.py and bench/floor_app.py;
- `nav`: the sidebar link title that leads to the page (the floor uses the same titles);
- `change`: the widget values one simulated user sends for a rerun (labels as shown on the page), or
  None for a plain rerun;
- `browser`: how a real user changes something in Chromium (see browser.py), or None;
- `ready`: the test id that must be on screen once the page is drawn.
A scenario whose page answers "page not found" in the app is skipped with a printed note."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    page: str
    nav: str
    change: Callable[[random.Random, dict], dict] | None
    browser: str | None
    ready: str
    min_ready: int = 1


def _risk_types(rnd: random.Random, widgets: dict) -> dict:
    options = widgets["Risk type"].options
    return {"Risk type": rnd.sample(options, rnd.randint(1, len(options)))}


def _dose_inputs(rnd: random.Random, widgets: dict) -> dict:
    return {"Supplements (mg/day)": rnd.randrange(0, 41) / 2, "Age (years)": rnd.choice([1.0, 8.0, 16.0, 30.0, 70.0])}


SCENARIOS = [
    Scenario("risk", "", "Risk table", _risk_types, "risk_filter", "stExpander"),  # the table opens on demand
    # The app draws a chart only once its expander is opened (the floors draw theirs at once): settled is the run
    # finished with the inputs in place.
    Scenario("dose", "dose", "Dose and risk", _dose_inputs, "dose_input", "stNumberInput"),
    Scenario("sources", "sources", "Sources and method", None, None, "stDataFrame"),
    Scenario("mechanism", "mechanism", "Mechanism", None, None, "stGraphVizChart"),
    Scenario("evidence", "evidence", "Claim audit", None, None, "stDataFrame"),
]
# The load test runs on these pages (the interactive ones).
LOAD_SCENARIOS = ("risk", "dose")


def by_name(name: str) -> Scenario:
    return next(s for s in SCENARIOS if s.name == name)
