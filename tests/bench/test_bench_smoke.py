"""Smoke test of the benchmark's tools (no timings asserted): the floor app serves every page the
benchmark uses, and the protocol client drives real reruns on the floor and on the app."""

import random

import pytest

from bench.scenarios import SCENARIOS, by_name
from bench.wsclient import Session
from tests.e2e.harness import streamlit_server


def test_floor_serves_every_scenario_and_the_client_reruns_it():
    with streamlit_server(script="bench/floor_app.py") as url:
        session = Session(url)
        try:
            for scenario in SCENARIOS:
                result = session.run(scenario.page)
                assert result.ok, scenario.name
                if scenario.change:
                    changes = scenario.change(random.Random(0), session.widgets)
                    assert session.run(changes=changes).ok, scenario.name
            assert session.run(by_name("dose").page).plotly_charts == 5
        finally:
            session.close()


def test_load_level_on_the_app_with_two_sessions():
    pytest.importorskip("psutil", reason="bench/requirements.txt is not installed")
    from bench import load
    from bench.run import server_pid

    with streamlit_server() as url:
        result = load.run_level(url, server_pid(url), "app", by_name("risk"), sessions=2, duration_s=1.0, ramp_s=0.2)
    assert result.errors == 0, result.error_messages
    assert result.runs > 0
    assert result.rss_connected_mib > 0
