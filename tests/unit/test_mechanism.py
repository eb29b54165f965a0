"""The mechanism diagram: its data (every link traces to claims, risks and sources), the DOT source
(golden files), views, highlighting, escaping, and the table and download."""

import io
import os
import re

import pandas as pd
import pytest
import textstat

from analysis import (
    DataError,
    edge_choice_label,
    edge_sentence,
    legend_lines,
    legend_shapes,
    load_dataset,
    mechanism_dot,
    mechanism_edges_download,
    mechanism_edges_view,
    on_pathway,
    pathway_source_ids,
    split_ids,
    to_csv_bytes,
    view_edges,
)
from analysis.colours import VERDICT_COLOURS, contrast_ratio
from analysis.mechanism import NODE_SHAPES, PALETTES, VERDICT_LINES, VIEWS
from analysis.vocab import NODE_KIND_LABELS, RELATION_LABELS, VERDICT_LABELS
from tests.conftest import edit_csv, golden_path

# Every claim of the guide that states a causal link (X acts on Y). C10 (monitor manganese) and C11
# (manganese has been studied) state none.
CAUSAL_CLAIMS = ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9"]


def edge(dataset, source_node: str, target_node: str) -> pd.Series:
    edges = dataset.mechanism_edges
    rows = edges[(edges["source_node"] == source_node) & (edges["target_node"] == target_node)]
    assert len(rows) == 1, f"expected one link {source_node} -> {target_node}, found {len(rows)}"
    return rows.iloc[0]


# --- data ---------------------------------------------------------------------------------------------


def test_every_link_resolves_to_nodes_claims_risks_and_sources(dataset):
    nodes = set(dataset.mechanism_nodes["node_id"])
    claims = set(dataset.claims["claim_id"])
    risks = set(dataset.risks["risk_id"])
    sources = set(dataset.sources["source_id"])
    for _, row in dataset.mechanism_edges.iterrows():
        assert {row["source_node"], row["target_node"]} <= nodes, row["edge_id"]
        assert set(split_ids(row["risk_ids"])) <= risks, row["edge_id"]
        assert split_ids(row["source_ids"]) and set(split_ids(row["source_ids"])) <= sources, row["edge_id"]
        if row["origin"] == "guide_claim":
            assert row["claim_id"] in claims, row["edge_id"]
        else:
            assert row["claim_id"] == "", row["edge_id"]
            assert row["verdict"] in ("supported", "partly_supported"), row["edge_id"]


@pytest.mark.parametrize("claim_id", CAUSAL_CLAIMS)
def test_every_causal_claim_of_the_guide_is_drawn(dataset, claim_id):
    assert claim_id in set(dataset.mechanism_edges["claim_id"]), f"{claim_id} has no link in the diagram"


def test_a_links_risks_include_every_risk_resting_on_its_claim(dataset):
    for _, risk in dataset.risks.iterrows():
        for claim_id in split_ids(risk["claim_ids"]):
            links = dataset.mechanism_edges[dataset.mechanism_edges["claim_id"] == claim_id]
            for _, link in links.iterrows():
                assert risk["risk_id"] in split_ids(link["risk_ids"]), (risk["risk_id"], link["edge_id"])


def test_every_risk_has_a_pathway(dataset):
    for risk_id in dataset.risks["risk_id"]:
        assert on_pathway(dataset.mechanism_edges, [risk_id]).any(), risk_id


def test_the_issue_examples_are_there_with_their_sources(dataset):
    iron = edge(dataset, "iron", "tyrosine_hydroxylase")
    assert (iron["relation"], iron["origin"], iron["verdict"]) == ("cofactor_of", "established_evidence", "supported")
    manganese = edge(dataset, "manganese", "tyrosine_hydroxylase")
    assert (manganese["origin"], manganese["claim_id"], manganese["verdict"]) == ("guide_claim", "C3", "incorrect")
    reverse = edge(dataset, "low_iron_stores", "manganese")
    assert reverse["verdict"] == "supported"
    assert set(split_ids(reverse["source_ids"])) == {"finley_1999", "iom_2001_dri", "kim_2017_toxrep"}


# A verdict summary is one short clause after "Verdict: <label> —": at most this many words, and plain enough
# for a reading grade of 9 or below (Flesch-Kincaid, textstat), like the page intros.
MAX_SUMMARY_WORDS = 25
MAX_SUMMARY_GRADE = 9


def test_every_link_says_in_plain_words_what_its_verdict_means(dataset):
    for _, row in dataset.mechanism_edges.iterrows():
        summary = row["verdict_summary"]
        assert summary.strip() and summary == summary.strip(), row["edge_id"]
        assert summary[0].islower() and not summary.endswith("."), (row["edge_id"], summary)  # a clause after "—"
        assert len(summary.split()) <= MAX_SUMMARY_WORDS, (row["edge_id"], summary)
        assert textstat.flesch_kincaid_grade(summary + ".") <= MAX_SUMMARY_GRADE, (row["edge_id"], summary)


def test_the_summaries_of_the_disputed_links_say_what_holds_and_what_does_not(dataset):
    assert edge(dataset, "manganese", "tyrosine_hydroxylase")["verdict_summary"] == (
        "tyrosine hydroxylase holds iron, not manganese, and tests on the rat enzyme show it needs iron to work"
    )
    partly = edge(dataset, "excess_manganese", "dopamine")
    assert partly["verdict"] == "partly_supported"
    assert partly["verdict_summary"] == (
        "monkeys given manganese for a long time released less dopamine, but this was high exposure in animals, not RLS"
    )


@pytest.mark.parametrize("broken", ["", "drop"])
def test_a_link_without_a_verdict_summary_is_refused(data_copy, broken):
    if broken == "drop":
        edit_csv(data_copy, "mechanism_edges.csv", lambda df: df.drop(columns=["verdict_summary"]))
    else:
        edit_csv(data_copy, "mechanism_edges.csv", lambda df: df.assign(verdict_summary=""))
    with pytest.raises(DataError) as error:
        load_dataset(data_copy)
    assert "mechanism_edges.csv" in str(error.value) and "verdict_summary" in str(error.value)


def test_every_kind_relation_and_verdict_can_be_drawn():
    assert set(NODE_SHAPES) == set(NODE_KIND_LABELS)
    assert set(VERDICT_LINES) == set(VERDICT_LABELS)
    assert set(PALETTES["light"].node_fills) == set(PALETTES["dark"].node_fills) == set(NODE_KIND_LABELS)
    assert all(RELATION_LABELS.values())


@pytest.mark.parametrize("theme", list(PALETTES))
def test_palette_text_and_lines_are_readable(theme):
    """Text (ink on the background and on every node fill) at least 4.5:1; arrows at least 3:1."""
    palette = PALETTES[theme]
    for fill in [palette.background, *palette.node_fills.values()]:
        assert contrast_ratio(palette.ink, fill) >= 4.5, fill
    for verdict, line in palette.edges.items():
        assert contrast_ratio(line, palette.background) >= 3, verdict
    assert palette.edges == {verdict: pair[theme].fill.lower() for verdict, pair in VERDICT_COLOURS.items()}


# --- views and highlighting -----------------------------------------------------------------------------


def test_views_split_the_links(dataset):
    edges = dataset.mechanism_edges
    guide, evidence, both = (view_edges(edges, v) for v in ("guide", "evidence", "both"))
    assert set(guide["origin"]) == {"guide_claim"}
    assert len(both) == len(edges)
    assert set(evidence["verdict"]) <= {"supported", "partly_supported"}
    assert set(edges.loc[edges["origin"] == "established_evidence", "edge_id"]) <= set(evidence["edge_id"])
    assert "mn_cofactor_th" in set(guide["edge_id"]) - set(evidence["edge_id"])
    assert "iron_cofactor_th" in set(evidence["edge_id"]) - set(guide["edge_id"])


def test_unknown_view_or_theme_is_refused(dataset):
    with pytest.raises(ValueError, match="view"):
        view_edges(dataset.mechanism_edges, "<script>")
    with pytest.raises(ValueError, match="theme"):
        mechanism_dot(dataset.mechanism_nodes, dataset.mechanism_edges, theme="sepia")


def test_pathway_of_one_risk(dataset):
    lit = on_pathway(dataset.mechanism_edges, ["gastrointestinal"])
    assert dataset.mechanism_edges.loc[lit, "edge_id"].tolist() == ["mn_causes_gi"]
    assert not on_pathway(dataset.mechanism_edges, []).any()
    assert not on_pathway(dataset.mechanism_edges, ["no_such_risk"]).any()


def test_pathway_sources_are_listed_once_in_citation_order(dataset):
    pathway = dataset.mechanism_edges[on_pathway(dataset.mechanism_edges, ["iron_interaction"])]
    ids = pathway_source_ids(pathway)
    assert len(ids) == len(set(ids))
    assert ids[0] == "rossander_hulthen_1991"
    assert {"finley_1999", "iom_2001_dri", "kim_2017_toxrep", "cochrane_2019_iron_rls"} <= set(ids)


# --- DOT --------------------------------------------------------------------------------------------------


def edge_lines(dot: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(r'.* \[id="edge_([a-z0-9_]+)".*', dot)}


def node_lines(dot: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(r'^  "([a-z0-9_]+)" \[label=.*$', dot, re.MULTILINE)}


def test_dot_draws_each_verdict_its_own_way(dataset):
    lines = edge_lines(mechanism_dot(dataset.mechanism_nodes, dataset.mechanism_edges))
    assert 'style="bold"' in lines["mn_cofactor_th"] and "✗ Incorrect" in lines["mn_cofactor_th"]
    assert f'color="{PALETTES["light"].incorrect_edge}"' in lines["mn_cofactor_th"]
    assert 'style="solid"' in lines["iron_cofactor_th"] and "✓ Supported" in lines["iron_cofactor_th"]
    assert 'label="Evidence: is a\\ncofactor of\\n✓ Supported"' in lines["iron_cofactor_th"]  # wrapped: narrower
    assert 'style="dashed"' in lines["excess_mn_disturbs_dopamine"]
    assert (
        'style="dotted"' in lines["mn_raises_dopamine"]
        and 'label="C4: increases\\nUnsupported"' in lines["mn_raises_dopamine"]
    )
    assert 'style="dotted"' in lines["mn_causes_gi"]


def test_narrow_layout_has_short_link_labels_and_shorter_lines(dataset):
    """The phone layout: who says it and the verdict mark only (the table has the relation and verdict in words),
    node names wrapped at 10 characters, same links and nodes as the wide layout."""
    wide = mechanism_dot(dataset.mechanism_nodes, dataset.mechanism_edges)
    narrow = mechanism_dot(dataset.mechanism_nodes, dataset.mechanism_edges, narrow=True)
    lines = edge_lines(narrow)
    assert set(lines) == set(edge_lines(wide)) and set(node_lines(narrow)) == set(node_lines(wide))
    assert 'label="C3 ✗"' in lines["mn_cofactor_th"] and 'style="bold"' in lines["mn_cofactor_th"]
    assert 'label="Evidence ✓"' in lines["iron_cofactor_th"]
    assert 'label="C4"' in lines["mn_raises_dopamine"]
    assert 'label="Manganese\\nsuperoxide\\ndismutase"' in node_lines(narrow)["mnsod"]
    assert 'fontsize="12"' in narrow and 'fontsize="11"' not in narrow


def test_dot_node_shapes_follow_kind(dataset):
    lines = node_lines(mechanism_dot(dataset.mechanism_nodes, dataset.mechanism_edges))
    assert 'shape="ellipse"' in lines["manganese"]
    assert 'shape="box", style="filled,rounded"' in lines["tyrosine_hydroxylase"]
    assert 'shape="note"' in lines["gi_symptoms"]
    assert len(lines) == len(dataset.mechanism_nodes)


def test_dot_view_leaves_out_other_links_and_their_nodes(dataset):
    dot = mechanism_dot(dataset.mechanism_nodes, dataset.mechanism_edges, view="guide")
    assert set(edge_lines(dot)) == set(view_edges(dataset.mechanism_edges, "guide")["edge_id"])
    assert "brain_iron_deficiency" not in node_lines(dot)  # only an evidence link touches it


def test_dot_highlight_fades_what_is_off_the_pathway(dataset):
    dot = mechanism_dot(dataset.mechanism_nodes, dataset.mechanism_edges, risk_ids=["gastrointestinal"])
    lines, nodes = edge_lines(dot), node_lines(dot)
    assert re.search(r'color="#[0-9a-f]{6}"', lines["mn_causes_gi"]) and 'penwidth="3.0"' in lines["mn_causes_gi"]
    assert re.search(r'color="#[0-9a-f]{8}"', lines["mn_cofactor_th"])  # faded: colour with alpha
    assert re.search(r'fillcolor="#[0-9a-f]{6}"', nodes["gi_symptoms"])
    assert re.search(r'fillcolor="#[0-9a-f]{8}"', nodes["dopamine"])
    assert len(lines) == len(dataset.mechanism_edges)  # faded, not removed


def test_dot_pathway_only_draws_just_the_pathway(dataset):
    dot = mechanism_dot(
        dataset.mechanism_nodes, dataset.mechanism_edges, risk_ids=["gastrointestinal"], pathway_only=True
    )
    assert set(edge_lines(dot)) == {"mn_causes_gi"}
    assert set(node_lines(dot)) == {"manganese", "gi_symptoms"}
    assert not re.search(r'color="#[0-9a-f]{8}"', dot)  # nothing faded


def test_dot_dark_theme_paints_its_own_background(dataset):
    dark = mechanism_dot(dataset.mechanism_nodes, dataset.mechanism_edges, theme="dark")
    assert f'bgcolor="{PALETTES["dark"].background}"' in dark
    assert PALETTES["light"].ink not in dark


def test_dot_escapes_text_from_the_data(dataset):
    nodes = pd.DataFrame(
        {
            "node_id": ["a", "b"],
            "label": ['Quote " and \\N backslash', "Line\nbreak } ]; digraph x {"],
            "kind": ["nutrient", "condition"],
            "description": ['"];\n evil -> node', "ok"],
        }
    )
    edges = dataset.mechanism_edges.head(1).assign(source_node="a", target_node="b", note='x"] ; y -> z [')
    dot = mechanism_dot(nodes, edges)
    assert 'label="Quote \\" and \\\\N\\nbackslash"' in dot  # quote and backslash escaped, label wrapped
    assert "\n evil" not in dot  # a raw line break never reaches the DOT
    outside_strings = re.sub(r'"(?:\\.|[^"\\])*"', '""', dot)
    assert outside_strings.count("->") == 1
    assert outside_strings.count("digraph") == 1
    assert outside_strings.count("{") == outside_strings.count("}") == 1


def test_legend_names_every_verdict_and_shape():
    text = " ".join(meaning for _, meaning in legend_lines()).lower()
    for verdict in VERDICT_LABELS.values():
        assert verdict.lower() in text
    assert ("Thick red-orange line", "Incorrect") in legend_lines()
    assert len({look for look, _ in legend_lines()}) == len(VERDICT_LABELS)  # each verdict drawn its own way
    assert legend_shapes(["enzyme", "nutrient"]) == [("Oval", "Nutrient"), ("Rounded box", "Enzyme")]


@pytest.mark.parametrize(
    ("name", "view", "risk_ids", "theme"),
    [
        ("mechanism_default.dot", "both", [], "light"),
        ("mechanism_guide_iron_interaction_dark.dot", "guide", ["iron_interaction"], "dark"),
    ],
)
def test_dot_golden_file(dataset, name, view, risk_ids, theme):
    """The exact DOT the page draws. Regenerate with UPDATE_GOLDEN=1 after a deliberate change, then read the diff."""
    dot = mechanism_dot(dataset.mechanism_nodes, dataset.mechanism_edges, view=view, risk_ids=risk_ids, theme=theme)
    golden = golden_path(name)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(dot, encoding="utf-8")
    assert dot == golden.read_text(encoding="utf-8")


# --- words: select box, table, download ---------------------------------------------------------------


def test_links_read_as_sentences(dataset):
    nodes = dataset.mechanism_nodes
    assert edge_sentence(edge(dataset, "iron", "tyrosine_hydroxylase"), nodes) == (
        "Iron is a cofactor of tyrosine hydroxylase"
    )
    assert edge_choice_label(edge(dataset, "manganese", "tyrosine_hydroxylase"), nodes) == (
        "Manganese is a cofactor of tyrosine hydroxylase (guide C3: incorrect)"
    )
    assert edge_sentence(edge(dataset, "dopamine", "rls"), nodes) == "Dopamine is involved in Restless Legs Syndrome"


def test_table_view_is_the_diagram_in_words(dataset):
    shown = view_edges(dataset.mechanism_edges, "both")
    table = mechanism_edges_view(shown, dataset.mechanism_nodes, dataset.sources)
    assert table.columns.tolist() == [
        "From",
        "Relation",
        "To",
        "Verdict",
        "What the sources back",
        "Who says it",
        "Sources",
    ]
    assert len(table) == len(shown)
    assert table["What the sources back"].tolist() == shown["verdict_summary"].tolist()
    first = table.iloc[0]
    assert (first["From"], first["Relation"], first["To"], first["Verdict"], first["Who says it"]) == (
        "Manganese",
        "is a cofactor of",
        "Tyrosine hydroxylase",
        "Incorrect",
        "The guide (C3)",
    )
    assert first["What the sources back"].startswith("tyrosine hydroxylase holds iron, not manganese")
    assert first["Sources"] == ["IntEnz n.d.", "Fitzpatrick 1989"]


def test_download_is_the_links_shown_with_every_column_and_citations(dataset):
    shown = dataset.mechanism_edges[on_pathway(dataset.mechanism_edges, ["neurotoxicity"])]
    download = mechanism_edges_download(shown, dataset.mechanism_nodes, dataset.sources)
    assert download.columns.tolist() == [
        *dataset.mechanism_edges.columns,
        "source_label",
        "target_label",
        "source_citations",
    ]
    assert download["edge_id"].tolist() == ["excess_mn_manganism", "manganism_overlaps_rls"]
    assert "doi:10.2903/j.efsa.2023.8413" in download.loc[0, "source_citations"]
    back = pd.read_csv(io.BytesIO(to_csv_bytes(download)), dtype=str, keep_default_na=False)
    assert back["target_label"].tolist() == ["Manganese poisoning (manganism)", "Restless Legs Syndrome"]
    # The verdict and what it says, as the page shows them (the no-evidence link's summary names what is missing).
    assert back.loc[1, "verdict"] == "no_evidence_found"
    assert back.loc[1, "verdict_summary"] == (
        "no source consulted describes manganese poisoning causing RLS or sharing its features, "
        "and the guide cites none"
    )


def test_every_view_is_listed():
    assert list(VIEWS) == ["guide", "evidence", "both"]
