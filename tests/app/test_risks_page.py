"""AppTest on app.py: the risk table page and the shell around it, driven as a user would."""

import pytest
from streamlit.testing.v1 import AppTest

from analysis.dataset import DATA_DIR_ENV
from analysis.vocab import VERDICT_LABELS
from tests.app.conftest import open_expanders, open_page
from tests.conftest import edit_csv
from ui.text import escape_markdown

ALL = ["neurotoxicity", "iron_interaction", "altered_dopamine_metabolism", "gastrointestinal"]


def run_app(query: dict | None = None) -> AppTest:
    return open_page("pages/risks.py", query)


def shown_risk_types(at: AppTest) -> list[str]:
    """The risk cards in view, by their headings (the evidence profile under the cards has its own)."""
    return [heading.value for heading in at.subheader if heading.value != "Evidence profile of these risks"]


def count_line(at: AppTest) -> str:
    """The "N of 4 risks" count, in its live region (role="status", so a screen reader announces a change)."""
    line = next(m.value for m in at.markdown if m.value.endswith(" risks</strong></p></div>"))
    prefix = '<div role="status" aria-live="polite"><p><strong>'
    assert line.startswith(prefix)
    return "**" + line.removeprefix(prefix).removesuffix("</strong></p></div>") + "**"


def test_default_view_shows_all_four_risks_with_provenance():
    at = run_app()
    assert at.pills(key="risks.risk").value == []  # no risk type chosen: all four show
    assert shown_risk_types(at) == [
        "Neurotoxicity",
        "Iron interaction",
        "Altered dopamine metabolism",
        "Gastrointestinal disturbances",
    ]
    assert count_line(at) == "**4 of 4 risks**"
    download = at.get("download_button")[0]
    assert download.proto.label == "Download CSV"
    assert download.proto.ignore_rerun  # clicking does not rerun the script
    assert "Educational, not medical advice" in at.main.markdown[0].value  # normal text, not a caption
    assert any("Dataset version 1\\.0.0 · built 2026-11-26" in c.value for c in at.sidebar.caption)
    assert any("How to cite" in c.value for c in at.caption)
    assert len([e for e in at.expander if e.label.startswith("The guide's claims")]) == 4


def test_each_card_gives_verdict_guide_and_evidence_in_full(dataset):
    at = run_app()
    text = "\n".join(m.value for m in at.markdown)
    for risk in dataset.risks.itertuples():
        # The verdict says what the sources back: "Verdict: <label> — <what>".
        assert f"**Verdict: {VERDICT_LABELS[risk.verdict]}** — {escape_markdown(risk.verdict_summary)}." in text
        assert f"**What the guide says**  \n{escape_markdown(risk.guide_says)}" in text
        assert f"**What the evidence says**  \n{escape_markdown(risk.evidence_says)}" in text
        assert escape_markdown(risk.at_risk_groups) in text
    assert "Restless Legs Syndrome (RLS)" in at.main.markdown[0].value  # spelled out where first used


def test_filter_by_one_risk_type_updates_table_and_url():
    at = run_app()
    at.pills(key="risks.risk").set_value(["iron_interaction"]).run()  # one tap
    assert not at.exception
    assert shown_risk_types(at) == ["Iron interaction"]
    assert count_line(at) == "**1 of 4 risks**"
    assert at.query_params["risk"] == "iron_interaction"


def test_filter_by_two_risk_types_and_back_to_default_clears_url():
    at = run_app()
    at.pills(key="risks.risk").set_value(["gastrointestinal", "neurotoxicity"]).run()
    assert shown_risk_types(at) == ["Neurotoxicity", "Gastrointestinal disturbances"]
    assert sorted(at.query_params["risk"]) == ["gastrointestinal", "neurotoxicity"]
    at.pills(key="risks.risk").set_value([]).run()
    assert "risk" not in at.query_params
    assert len(shown_risk_types(at)) == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"risk": "iron_interaction"}, ["Iron interaction"]),
        ({"risk": ["neurotoxicity", "gastrointestinal"]}, ["Neurotoxicity", "Gastrointestinal disturbances"]),
        ({"verdict": "no_evidence_found"}, ["Gastrointestinal disturbances"]),
        ({"q": "welders"}, ["Neurotoxicity"]),
    ],
)
def test_url_parameters_set_the_view(query, expected):
    at = run_app(query)
    assert shown_risk_types(at) == expected
    assert not at.warning


@pytest.mark.parametrize(
    ("query", "expected_count"),
    [
        ({"risk": ["<script>alert(1)</script>", "neurotoxicity"]}, 1),
        ({"risk": "bogus"}, 4),
        ({"risk": ["", "bogus"]}, 4),  # the empty value is "nothing chosen" (see test_query_edge_cases.py)
        ({"verdict": "very_true"}, 4),
        ({"risk": ["x" * 5000]}, 4),
    ],
)
def test_tampered_url_parameters_are_ignored_and_reported(query, expected_count):
    at = run_app(query)
    assert len(shown_risk_types(at)) == expected_count
    assert len(at.warning) == 1 and "ignored" in at.warning[0].value
    assert "<script>" not in at.warning[0].value  # the value is shown only as code text
    assert all("<script>" not in m.value for m in at.markdown)


def test_long_search_text_is_cut_and_reported():
    at = run_app({"q": "iron" + "z" * 300})
    assert len(at.text_input(key="risks.q").value) == 100
    assert len(at.warning) == 1


def test_no_match_shows_message_instead_of_table():
    at = run_app()
    at.text_input(key="risks.q").set_value("no such words anywhere").run()
    assert not at.exception
    assert not at.dataframe
    assert not at.get("download_button")
    assert "No risk matches these filters" in at.info[0].value
    assert count_line(at) == "**0 of 4 risks**"


def test_no_risk_type_chosen_shows_all_and_choosing_all_four_keeps_them_in_the_link():
    at = run_app({"risk": "neurotoxicity"})
    at.pills(key="risks.risk").set_value([]).run()
    assert len(shown_risk_types(at)) == 4 and count_line(at) == "**4 of 4 risks**"
    at.pills(key="risks.risk").set_value(ALL).run()
    assert len(shown_risk_types(at)) == 4 and sorted(at.query_params["risk"]) == sorted(ALL)


def test_verdict_pills_filter_and_write_the_link():
    at = run_app()
    at.pills(key="risks.verdict").set_value(["no_evidence_found"]).run()
    assert shown_risk_types(at) == ["Gastrointestinal disturbances"]
    assert at.query_params["verdict"] == "no_evidence_found"


def test_cited_sources_list_covers_the_rows_shown():
    """Under the cards, the sources of the risks shown: one bullet per source, linked to its canonical address,
    naming the risks that cite it; a list, not a data grid (issue 21: citations read whole on a phone)."""
    at = run_app({"risk": "gastrointestinal"})
    assert "Every source these risks cite" not in " ".join(m.value for m in at.markdown)  # drawn only when opened
    at = open_expanders(at)
    assert not at.dataframe
    [listed] = [m.value for m in at.markdown if m.value.startswith("**Every source these risks cite** (2)")]
    items = listed.split("\n\n", 1)[1].splitlines()
    assert len(items) == 2 and all("· cited for Gastrointestinal disturbances: " in item for item in items)
    assert "(<https://doi.org/10.2903/j.efsa.2023.8413>)" in items[0]
    assert (
        "(<https://www.vkm.no/english/riskassessments/allpublications/manganeseassessmentofsuggestedmaximum" in items[1]
    )


def test_details_list_sources_with_links():
    at = run_app({"risk": "iron_interaction"})
    assert not at.expander[0].markdown  # closed: nothing drawn inside
    open_expanders(at)
    sources_markdown = [m.value for m in at.expander[0].markdown if "https://doi.org/10.1093/ajcn/54.1.152" in m.value]
    assert sources_markdown, "the iron interaction details should link Rossander-Hultén 1991 by DOI"
    claims_markdown = " ".join(m.value for m in at.expander[0].markdown)
    assert "**C7**" in claims_markdown and "Verdict: Partly supported" in claims_markdown


def test_broken_data_shows_one_clear_error_and_stops(monkeypatch, data_copy):
    edit_csv(data_copy, "risks.csv", lambda df: df.assign(verdict="bogus"))
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = run_app()
    assert len(at.error) == 1
    assert "risks.csv" in at.error[0].value and "bogus" in at.error[0].value
    assert str(data_copy) not in at.error[0].value
    assert not at.dataframe
    # Repairing the file is picked up on the next run, without a restart.
    edit_csv(data_copy, "risks.csv", lambda df: df.assign(verdict="partly_supported"))
    at.run()
    assert not at.exception and not at.error
    assert len(shown_risk_types(at)) == 4


def test_sources_page_lists_every_source(dataset):
    at = run_app()
    at.switch_page("pages/sources.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == len(dataset.sources)
    assert table["Link"].str.startswith("https://").sum() >= 25
    assert "Educational, not medical advice" in at.main.markdown[0].value  # normal text, not a caption
