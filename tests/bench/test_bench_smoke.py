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
        # Long enough that a rerun finishes inside the measured window even when the rest of the suite loads
        # both cores (with 1 s, none did once: 0 runs).
        result = load.run_level(url, server_pid(url), "app", by_name("risk"), sessions=2, duration_s=3.0, ramp_s=0.2)
    assert result.errors == 0, result.error_messages
    assert result.runs > 0
    assert result.rss_connected_mib > 0


def test_app_reruns_only_the_fragment_and_still_writes_the_url():
    """A risk-type or supplement change is a fragment run (as the browser sends it), the URL is still written,
    and the widgets outside the changed run stay known to the client."""
    with streamlit_server() as url:
        session = Session(url)
        try:
            assert session.run(by_name("risk").page).ok
            result = session.run(changes={"Risk type": ["Iron interaction"]})  # pills send the label shown
            assert result.ok and result.fragment_id, result
            assert result.status == 3  # FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            assert result.query_string == "risk=iron_interaction"
            assert set(session.widgets) >= {"Risk type", "Verdict", "Search"}
            assert session.run(by_name("dose").page).ok
            result = session.run(changes={"Supplements (mg/day)": 4.0})
            assert result.ok and result.fragment_id, result
            assert result.plotly_charts == 0 and result.elements["expandable"] >= 5, result  # charts drawn when opened
            assert result.query_string == "supp=4"
        finally:
            session.close()


def test_same_elements_floor_draws_what_the_app_draws():
    """Same charts, tables and widgets on the risk and dose pages, and fragment reruns on both."""
    counts, drawn = {}, {}
    for script in ("app.py", "bench/same_floor_app.py"):
        with streamlit_server(script=script) as url:
            session = Session(url)
            try:
                for name in ("risk", "dose"):
                    scenario = by_name(name)
                    first = session.run(scenario.page)
                    rerun = session.run(changes=scenario.change(random.Random(0), session.widgets))
                    assert first.ok and rerun.ok and rerun.fragment_id, (script, name, rerun)
                    counts[script, name] = (first.plotly_charts, first.dataframes, sorted(first.widgets))
                    drawn[script, name] = first.elements
            finally:
                session.close()
    for name in ("risk", "dose"):
        app, floor = counts["app.py", name], counts["bench/same_floor_app.py", name]
        assert app[:2] == floor[:2], name
        assert set(app[2]) <= set(floor[2]), name
        # The elements that cost most to send and draw, in the same numbers (closed expanders draw nothing).
        for kind in ("plotly_chart", "dataframe", "download_button", "expandable", "tab_container"):
            assert drawn["app.py", name][kind] == drawn["bench/same_floor_app.py", name][kind], (name, kind)


def test_the_server_profile_reads_py_spy_stacks():
    """bench/profile_server.py: py-spy's collapsed stacks become CPU per run, by element, package and function."""
    from bench.profile_server import RATE_HZ, parse_stacks, summarise

    raw = (
        'process 1:"python";_run_script (streamlit/runtime/scriptrunner/script_runner.py:600);'
        "filtered_risks (risks.py:40);plotly_chart (/x/site-packages/streamlit/elements/plotly_chart.py:899);"
        "to_json (/x/site-packages/plotly/io/_json.py:10) 30\n"
        'process 1:"python";_run_script (streamlit/runtime/scriptrunner/script_runner.py:600);'
        "filtered_risks (risks.py:40) 10\n"
        'process 1:"python";run (/x/asyncio/events.py:80) 20\n'
    )
    summary = summarise(parse_stacks(raw), runs=2, client_ms=[5.0, 7.0])
    per_sample_ms = 1000 / RATE_HZ / 2
    assert summary["script_thread_ms_per_run"] == pytest.approx(40 * per_sample_ms)
    assert summary["other_threads_ms_per_run"] == pytest.approx(20 * per_sample_ms)
    assert summary["elements"] == {"st.plotly_chart": pytest.approx(30 * per_sample_ms)}
    assert summary["packages_ms_per_run"]["plotly"] == pytest.approx(30 * per_sample_ms)
    assert summary["own_functions"]["pages/risks.py:filtered_risks"] == pytest.approx(40 * per_sample_ms)
