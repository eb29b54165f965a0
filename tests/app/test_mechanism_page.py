"""AppTest on the mechanism page: the diagram, the risk highlight, the three views, link details, the
table and its download, and links that were tampered with."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis import load_dataset, on_pathway, view_edges
from analysis.dataset import DATA_DIR_ENV
from analysis.mechanism import PALETTES
from tests.app.conftest import APP, open_page
from tests.conftest import DATA_DIR, edit_csv
from ui.chrome import verdict_line
from ui.text import escape_markdown

EDGES = load_dataset(DATA_DIR).mechanism_edges


def open_mechanism(query: dict | None = None, theme: str | None = None) -> AppTest:
    return open_page("pages/mechanism.py", query, theme)


def dot(at: AppTest) -> str:
    """The wide layout's DOT; the narrow layout (for phones) draws the same links and nodes."""
    wide, narrow = at.get("graphviz_chart")
    assert 'nodesep="0.2"' in wide.proto.spec and 'nodesep="0.02"' in narrow.proto.spec
    assert re.findall(r'id="(edge_[a-z_]+)"', wide.proto.spec) == re.findall(r'id="(edge_[a-z_]+)"', narrow.proto.spec)
    return wide.proto.spec


def summary(at: AppTest) -> str:
    return next(m.value for m in at.markdown if " links** shown" in m.value or " links** drawn" in m.value)


def links(at: AppTest) -> list[str]:
    """The lines of 'The links in words' (one per arrow), empty when the page draws no list."""
    block = next((m.value for m in at.markdown if m.value.startswith("- **") and " · " in m.value), "")
    return block.splitlines()


def details(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_default_view_draws_every_link_with_provenance():
    at = open_mechanism()
    source = dot(at)
    assert source.startswith("digraph mechanism {")
    assert source.count('[id="edge_') == len(EDGES)
    assert f'bgcolor="{PALETTES["light"].background}"' in source
    assert summary(at) == "**18 links** shown (both overlaid)."
    assert at.multiselect(key="mechanism.risk").value == []
    assert at.radio(key="mechanism.view").value == "both"
    assert "Educational, not medical advice" in at.main.markdown[0].value  # normal text, not a caption
    assert not at.warning and not at.error
    assert len(links(at)) == len(EDGES)
    download = at.get("download_button")[0]
    assert download.proto.label == "Download CSV"
    assert download.proto.ignore_rerun
    text = details(at)
    assert "Thick red-orange line: Incorrect" in text and "Dotted orange line: Unsupported" in text
    assert "Dotted grey line: No evidence found" in text
    assert "Rounded box: enzyme" in text
    assert "claim number (C1 to C9)" in text


def test_choosing_a_risk_highlights_its_pathway_and_lists_its_sources():
    at = open_mechanism()
    at.multiselect(key="mechanism.risk").set_value(["iron_interaction"]).run()
    assert not at.exception
    assert at.query_params["risk"] == "iron_interaction"
    pathway = EDGES[on_pathway(EDGES, ["iron_interaction"])]
    assert summary(at) == f"**18 links** shown (both overlaid), **{len(pathway)}** of them on the chosen pathway."
    assert len(links(at)) == len(pathway)
    assert at.selectbox(key="mechanism.edge").value == pathway["edge_id"].iloc[0]  # the first link of the pathway
    assert any(s.value == "Sources on the highlighted pathway" for s in at.subheader)
    assert "https://doi.org/10.1016/j.toxrep.2017.12.003" in details(at)  # Kim 2017, cited on the pathway
    source = dot(at)
    assert 'id="edge_mn_cofactor_th"' in source  # still drawn, faded
    # Back to no risk: the parameter leaves the URL and nothing is faded.
    at.multiselect(key="mechanism.risk").set_value([]).run()
    assert "risk" not in at.query_params
    assert summary(at) == "**18 links** shown (both overlaid)."


def test_risk_link_sets_the_highlight_and_only_the_pathway_can_be_drawn():
    at = open_mechanism({"risk": "gastrointestinal"})
    assert at.multiselect(key="mechanism.risk").value == ["gastrointestinal"]
    assert not at.warning
    at.toggle(key="mechanism.only_pathway").set_value(True).run()
    assert summary(at) == "**1 of 18 links** drawn (both overlaid): only the chosen pathway."
    source = dot(at)
    assert source.count('[id="edge_') == 1 and 'id="edge_mn_causes_gi"' in source


@pytest.mark.parametrize("view", ["guide", "evidence", "both"])
def test_each_view(view):
    at = open_mechanism({"view": view} if view != "both" else None)
    assert at.radio(key="mechanism.view").value == view
    shown = view_edges(EDGES, view)
    assert dot(at).count('[id="edge_') == len(shown)
    assert len(links(at)) == len(shown)
    options = at.selectbox(key="mechanism.edge").options  # as the user reads them
    assert len(options) == len(shown)
    assert all(option.endswith(")") and (" (guide C" in option or " (evidence: " in option) for option in options)
    assert not at.warning


def test_switching_view_updates_the_url_and_keeps_the_risk():
    at = open_mechanism({"risk": "altered_dopamine_metabolism"})
    at.radio(key="mechanism.view").set_value("guide").run()
    assert at.query_params["view"] == "guide"
    assert at.query_params["risk"] == "altered_dopamine_metabolism"
    assert 'id="edge_iron_cofactor_th"' not in dot(at)  # an evidence link: not in the guide's story
    assert 'id="edge_mn_cofactor_th"' in dot(at)
    at.radio(key="mechanism.view").set_value("both").run()
    assert "view" not in at.query_params


def test_a_view_without_links_for_the_chosen_risk_says_so():
    at = open_mechanism({"risk": "gastrointestinal", "view": "evidence"})
    assert "None of the links in this view belongs to the chosen risk types" in at.info[0].value
    assert not links(at) and not [b for b in at.get("download_button") if b.proto.label == "Download CSV"]


@pytest.mark.parametrize(
    ("query", "expected_risks", "expected_view"),
    [
        ({"risk": ["<script>alert(1)</script>", "neurotoxicity"]}, ["neurotoxicity"], "both"),
        ({"risk": "bogus"}, [], "both"),
        ({"risk": ["x" * 5000]}, [], "both"),
        ({"view": "everything"}, [], "both"),
        ({"view": "<img src=x onerror=alert(1)>", "risk": "iron_interaction"}, ["iron_interaction"], "both"),
    ],
)
def test_tampered_parameters_are_ignored_and_reported(query, expected_risks, expected_view):
    at = open_mechanism(query)
    assert at.multiselect(key="mechanism.risk").value == expected_risks
    assert at.radio(key="mechanism.view").value == expected_view
    assert len(at.warning) == 1 and "ignored" in at.warning[0].value
    assert all("<script>" not in m.value and "<img" not in m.value for m in at.markdown)
    assert dot(at).startswith("digraph mechanism {")


def test_details_of_a_guide_link_show_claim_verdict_note_and_sources():
    at = open_mechanism()
    at.selectbox(key="mechanism.edge").set_value("mn_cofactor_th").run()
    text = details(at)
    assert "**Manganese is a cofactor of tyrosine hydroxylase**" in text
    # The link's own verdict says what is wrong, not just "Verdict: Incorrect".
    assert (
        "**Verdict: Incorrect** — tyrosine hydroxylase holds iron, not manganese, and tests on the rat enzyme "
        "show it needs iron to work.\n\nEvidence: animal or laboratory study" in text
    )
    assert "Tyrosine hydroxylase carries one iron atom at its active centre" in text
    assert (
        "**C3** (Biological mechanism)" in text
        and "**Verdict: Incorrect** — tyrosine hydroxylase is an iron enzyme, not a manganese one." in text
    )
    assert "https://www.ebi.ac.uk/intenz/query?cmd=SearchEC&ec=1.14.16.2" in text


def test_every_links_verdict_line_says_what_the_sources_back():
    """Each link chosen in turn: its verdict line gives the verdict and its summary, in the page's one wording
    (ui.chrome.verdict_line); the list beside the diagram gives the same summaries."""
    at = open_mechanism()
    # The list beside the diagram gives each link's summary in full, in data order, and is Markdown: no data grid
    # (several Tab stops and cut cells, issue 21).
    assert [line.split("**: ", 1)[1].split(". Sources: ")[0] for line in links(at)] == [
        escape_markdown(summary) for summary in EDGES["verdict_summary"]
    ]
    assert not at.dataframe
    for _, row in EDGES.iterrows():
        at.selectbox(key="mechanism.edge").set_value(row["edge_id"]).run()
        line = verdict_line(row["verdict"], row["verdict_summary"])
        assert line.endswith(f" — {escape_markdown(row['verdict_summary'])}.")
        assert any(m.value.startswith(line + "\n\nEvidence: ") for m in at.markdown), row["edge_id"]


def test_details_of_an_evidence_link_say_it_is_not_the_guides():
    at = open_mechanism()
    at.selectbox(key="mechanism.edge").set_value("low_iron_raises_mn").run()
    text = details(at)
    assert (
        "**Verdict: Supported** — women with low iron stores absorbed more manganese, and groups with low iron "
        "stores have more of it in their blood." in text
    )
    assert "Finley JW. Manganese absorption" in text and "https://doi.org/10.17226/10026" in text
    assert any("Not a claim of the guide" in c.value for c in at.caption)


def test_dark_theme_gets_the_dark_palette():
    at = open_mechanism(theme="dark")
    assert f'bgcolor="{PALETTES["dark"].background}"' in dot(at)


def test_broken_mechanism_data_is_reported_by_file(monkeypatch, data_copy):
    edit_csv(data_copy, "mechanism_edges.csv", lambda df: df.assign(verdict="plausible"))
    monkeypatch.setenv(DATA_DIR_ENV, str(data_copy))
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert len(at.error) == 1
    assert "mechanism\\_edges.csv" in at.error[0].value and "plausible" in at.error[0].value  # escaped Markdown
    assert not at.get("graphviz_chart")
