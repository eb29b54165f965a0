"""AppTest on app.py, switched to the claim audit page (/evidence): summary, filters from and to the URL,
tampered links, the download, the sources of each claim, and the footer."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_expanders, open_page
from ui.text import escape_markdown

PAGE = "pages/evidence.py"
ALL = [f"C{i}" for i in range(1, 12)]


def open_evidence(query: dict | None = None) -> AppTest:
    return open_page(PAGE, query)


CARD_HEADING = re.compile(r"^:material/\w+: \*\*(C\d+)\*\* · ")


def shown_claims(at: AppTest) -> list[str]:
    """The claim cards in view, by the id that opens each card."""
    return [match[1] for m in at.main.markdown if (match := CARD_HEADING.match(m.value))]


def card_text(at: AppTest, claim_id: str) -> str:
    """Everything a claim's card shows, its sources list included (open_expanders first)."""
    markdown = [m.value for m in at.main.markdown]
    start = next(i for i, m in enumerate(markdown) if m.startswith(":material/") and f"**{claim_id}** · " in m)
    following = [i for i, m in enumerate(markdown) if i > start and CARD_HEADING.match(m)]
    return " ".join(markdown[start : following[0] if following else start + 4])


def count_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.endswith(" claims**"))


def test_default_view_shows_every_claim_with_summary_chart_and_note(dataset):
    at = open_evidence()
    assert at.title[0].value == "Claim audit"
    assert "Educational, not medical advice" in at.main.markdown[0].value  # normal text, not a caption
    assert shown_claims(at) == ALL
    assert count_line(at) == "**11 of 11 claims**"
    summary = "11 claims\\: 2 supported, 5 partly supported, 2 unsupported, 1 incorrect, 1 no evidence found."
    assert any(m.value == summary for m in at.markdown)
    [verdict_chart] = at.get("plotly_chart")  # the evidence profile's chart is drawn when its expander is opened
    spec = json.loads(verdict_chart.proto.spec)
    assert spec["data"][0]["y"] == ["Supported", "Partly supported", "Unsupported", "Incorrect", "No evidence found"]
    # The note on the guide: an affiliate article, with its own entry in the source list.
    text = " ".join(m.value for m in at.markdown)
    assert "affiliate" in text and "#ad" in text
    assert "(<https://biohacklogic.com/index.php/2026/02/27/" in text
    assert "**What it does not do:**" in text
    download = next(b for b in at.get("download_button") if b.proto.label == "Download CSV")  # then the profile's
    assert download.proto.ignore_rerun
    assert len([e for e in at.expander if e.label.startswith("Sources of C")]) == 11
    # Claim and reason in full, in normal text: no table cell cuts them.
    for claim in dataset.claims.itertuples():
        text = card_text(at, claim.claim_id)
        assert escape_markdown(claim.claim) in text and escape_markdown(claim.assessment) in text
        assert f"— {escape_markdown(claim.verdict_summary)}." in text
    assert not at.dataframe or "Why" not in at.dataframe[0].value.columns


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"verdict": "incorrect"}, ["C3"]),
        ({"verdict": ["unsupported", "no_evidence_found"]}, ["C4", "C9", "C10"]),
        ({"q": "tyrosine"}, ["C3", "C4"]),
        ({"verdict": "partly_supported", "q": "iron"}, ["C7"]),
    ],
)
def test_url_parameters_set_the_view(query, expected):
    at = open_evidence(query)
    assert shown_claims(at) == expected
    assert not at.warning
    if "verdict" in query:
        wanted = query["verdict"] if isinstance(query["verdict"], list) else [query["verdict"]]
        assert at.multiselect(key="evidence.verdict").value == wanted


@pytest.mark.parametrize(
    ("query", "expected_count"),
    [
        ({"verdict": "bogus"}, 11),
        ({"verdict": ["<script>alert(1)</script>", "incorrect"]}, 1),
        ({"verdict": ["", "bogus"]}, 11),  # the empty value is "nothing chosen"; bogus is reported
        ({"verdict": ["x" * 5000]}, 11),
        ({"verdict": "Incorrect"}, 11),  # labels are not ids
    ],
)
def test_tampered_verdict_parameter_is_ignored_and_reported(query, expected_count):
    at = open_evidence(query)
    assert len(shown_claims(at)) == expected_count
    assert len(at.warning) == 1 and "ignored" in at.warning[0].value and "'verdict'" in at.warning[0].value
    assert "<script>" not in at.warning[0].value  # the value is shown only as code text
    assert all("<script>" not in m.value for m in at.markdown)


def test_empty_verdict_parameter_is_the_default_without_a_warning():
    at = open_evidence({"verdict": ""})
    assert len(shown_claims(at)) == 11
    assert not at.warning


def test_long_search_text_is_cut_and_reported():
    at = open_evidence({"q": "iron" + "z" * 300})
    assert len(at.text_input(key="evidence.q").value) == 100
    assert len(at.warning) == 1


def test_choosing_verdicts_writes_the_url_and_the_default_clears_it():
    at = open_evidence()
    at.multiselect(key="evidence.verdict").set_value(["incorrect", "unsupported"]).run()
    assert not at.exception
    assert shown_claims(at) == ["C3", "C4", "C10"]
    assert sorted(at.query_params["verdict"]) == ["incorrect", "unsupported"]
    at.multiselect(key="evidence.verdict").set_value([]).run()
    assert "verdict" not in at.query_params
    assert shown_claims(at) == ALL


def test_no_match_shows_a_message_instead_of_the_table():
    at = open_evidence({"verdict": "incorrect", "q": "nausea"})
    assert shown_claims(at) == [] and not at.dataframe
    assert not [b for b in at.get("download_button") if b.proto.label == "Download CSV"]
    assert "No claim matches these filters" in at.info[0].value
    assert count_line(at) == "**0 of 11 claims**"
    assert at.get("plotly_chart")  # the summary still shows the whole audit


def test_every_shown_claim_links_its_sources():
    at = open_expanders(open_evidence({"verdict": "incorrect"}))
    assert not at.dataframe
    [listed] = [m.value for m in at.markdown if m.value.startswith("**Sources cited by these claims** (2)")]
    items = listed.split("\n\n", 1)[1].splitlines()  # the list of the claims' sources, under the cards
    assert items[0].startswith(
        "- [IntEnz n.d.](<https://www.ebi.ac.uk/intenz/query?cmd=SearchEC&ec=1.14.16.2>) · cited for C3: IntEnz"
    )
    # Fitzpatrick 1989: no DOI, PMID or canonical page was confirmed, so its name is not a link.
    assert items[1].startswith("- Fitzpatrick 1989 · cited for C3: Fitzpatrick PF.")
    assert len(items) == 2 and all(item.endswith("Verification: secondary.") for item in items)
    text = card_text(at, "C3")
    assert "**Verdict: Incorrect** — tyrosine hydroxylase is an iron enzyme, not a manganese one." in text
    assert "[IntEnz n.d.](<https://www.ebi.ac.uk/intenz/query?cmd=SearchEC&ec=1.14.16.2>)" in text
    assert "Fitzpatrick PF. The metal requirement of rat tyrosine hydroxylase." in text


def test_claim_details_link_doi_and_pubmed():
    at = open_expanders(open_evidence({"q": "C7"}))
    text = card_text(at, "C7")
    assert "[Rossander-Hultén 1991](<https://doi.org/10.1093/ajcn/54.1.152>)" in text
    assert "[PubMed](<https://pubmed.ncbi.nlm.nih.gov/2058577/>)" in text


def test_footer_shows_version_build_date_and_the_way_to_sources():
    at = open_evidence()
    assert any(c.value.startswith("**Dataset version 1\\.0.0**, built 2026-11-26.") for c in at.caption)
    assert any(link.proto.page == "sources" for link in at.get("page_link"))
