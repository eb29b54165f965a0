"""AppTest: the risk page answers the reader's question first, in the sentences of bottom_line.csv, each with a link
to the claim it rests on, and links on to the dose page and the claim audit."""

import pandas as pd

from analysis import bottom_line_view, load_dataset
from analysis.dataset import DataError
from tests.app.conftest import open_page
from tests.conftest import DATA_DIR, edit_csv
from ui.text import escape_markdown


def test_the_short_answer_comes_from_bottom_line_csv_in_order_before_the_filters(dataset):
    at = open_page()
    markdown = [m.value for m in at.main.markdown]
    answer = next(m for m in markdown if m.startswith("**In short:**"))
    rows = pd.read_csv(DATA_DIR / "bottom_line.csv").sort_values("line")
    expected = " ".join(
        f"{escape_markdown(s.rstrip('.'))} ({c})." for s, c in zip(rows["statement"], rows["claim_id"], strict=True)
    )
    assert answer == f"**In short:** {expected}"
    # Answer first: straight after the intro, above the risk filters and the count.
    assert markdown.index(answer) == 1
    assert markdown.index(answer) < next(i for i, m in enumerate(markdown) if m.endswith(" risks</strong></p></div>"))
    for words in ("No trial has tested manganese", "ferritin and transferrin saturation", "tyrosine hydroxylase"):
        assert words in answer


def test_each_sentence_links_its_claim_and_the_page_links_dose_and_claim_audit(dataset):
    at = open_page()
    links = [(link.proto.label, link.proto.page, link.proto.query_string) for link in at.get("page_link")]
    claims = bottom_line_view(dataset.bottom_line, dataset.claims)["claim_id"].tolist()
    assert claims == ["C11", "C10", "C3"]
    assert links[: len(claims) + 2] == [(f"Claim {c}", "evidence", f"q={c}") for c in claims] + [
        ("Dose and risk: where a daily intake sits", "dose", ""),
        ("Claim audit: all 11 claims checked", "evidence", ""),
    ]


def test_each_sentence_traces_to_a_claim_with_its_verdict_and_sources(dataset):
    view = bottom_line_view(dataset.bottom_line, dataset.claims)
    claims = dataset.claims.set_index("claim_id")
    assert list(view["verdict"]) == [claims.loc[c, "verdict"] for c in view["claim_id"]]
    assert view.loc[2, "verdict"] == "incorrect" and "intenz_ec_1_14_16_2" in view.loc[2, "source_ids"]
    assert all(view["source_ids"].map(len) > 0)


def test_a_sentence_citing_an_unknown_claim_is_reported(data_copy):
    copy = data_copy
    edit_csv(copy, "bottom_line.csv", lambda f: f.assign(claim_id=f["claim_id"].where(f["line"] != "2", "C99")))
    try:
        load_dataset(copy)
    except DataError as error:
        assert "bottom_line.csv, column 'claim_id': unknown claim id 'C99' (line 3)." in error.problems
    else:
        raise AssertionError("the dangling claim id was not reported")
