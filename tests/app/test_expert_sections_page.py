"""The issue 16 sections on their pages: the evidence profile on the claim audit and risk pages, supplements on
their own and the iron work-up on the dose page. What is drawn comes from the data, and follows the filters."""

import json
from pathlib import Path

from tests.app.conftest import open_expanders, open_page


def _profile_spec(at, claims_or_risks: int):
    charts = open_expanders(at).get("plotly_chart")  # the profile's chart is drawn once its expander is opened
    profile = json.loads(charts[-1].proto.spec)
    assert profile["layout"]["barmode"] == "stack"
    assert all(len(trace["y"]) == claims_or_risks for trace in profile["data"])
    return profile


def test_claim_audit_shows_the_evidence_profile_of_the_claims_shown():
    at = open_page("pages/evidence.py")
    assert "Evidence profile of these claims" in [h.value for h in at.subheader]
    spec = _profile_spec(at, 11)
    assert spec["data"][0]["y"][:2] == ["C1", "C2"]
    text = " ".join(m.value for m in at.markdown)
    assert "C1\\: 4 sources (1 clinical guideline, 1 systematic review" in text  # ":" escaped for Markdown
    assert "no GRADE rating is given" in text
    details = next(t.value for t in open_expanders(at).table if "Finding" in t.value.columns)  # a static table
    assert len(details) == 32 and set(details["Last checked"]) == {"2026-11-30"}


def test_claim_profile_follows_the_verdict_filter():
    at = open_page("pages/evidence.py", {"verdict": "incorrect"})
    spec = _profile_spec(at, 1)
    assert {trace["name"] for trace in spec["data"]} == {
        "Reference work or database entry",
        "Animal or laboratory study",
    }


def test_risk_page_shows_each_risks_profile_as_the_union_of_its_claims_sources():
    at = open_page("pages/risks.py", {"risk": "altered_dopamine_metabolism"})
    assert "Evidence profile of these risks" in [h.value for h in at.subheader]
    assert not at.get("plotly_chart")  # below the first screen: drawn only when opened
    assert any(m.value.startswith("- ") and "6 sources" in m.value for m in at.markdown), "the summary is shown"
    spec = _profile_spec(open_expanders(at), 1)
    assert sum(sum(trace["x"]) for trace in spec["data"]) == 6
    # The profile's data: a static table of the CSV's own cells (issue 21), so its numbers are text as written.
    table = next(t.value for t in open_expanders(at).table if "Risk" in t.value.columns)  # cells as Markdown
    assert table.iloc[0]["Sources"] == "6" and table.iloc[0]["On animal data"] == "3"


def test_dose_page_shows_supplements_on_their_own_next_to_the_total():
    at = open_page("pages/dose.py", {"age": "45", "sex": "female", "supp": "6"})
    headings = [h.value for h in at.subheader]
    assert headings.index("Supplements on their own") == 0
    text = " ".join(m.value for m in at.markdown)
    assert "The supplement amount entered, 6 mg/day, is at or above 2 of the 3 assessed doses" in text
    statements = next(m.value for m in at.markdown if m.value.startswith("- **Norwegian Scientific Committee"))
    lines = statements.split("\n")
    rows = (Path(__file__).resolve().parents[2] / "data" / "supplement_statements.csv").read_text().count("\n") - 1
    assert len(lines) == rows  # one line per row of supplement_statements.csv (no row has a line break)
    assert [line.split(": ")[0].split(" · ")[2] for line in lines[:3]] == ["1 mg/day", "5 mg/day", "10 mg/day"]
    assert "more readily than manganese in food. Verification: secondary." in statements
    opened = " ".join(m.value for m in open_expanders(at).markdown)
    assert "https://www.vkm.no/" in opened  # the source list links VKM's own page


def test_dose_page_shows_the_iron_workup_as_the_guidelines_state_it():
    at = open_page("pages/dose.py")
    assert [h.value for h in at.subheader][-1] == "The iron work-up, as the guidelines state it"
    workup = next(m.value for m in at.markdown if m.value.startswith("1. **What is tested**"))
    lines = workup.split("\n")
    assert len(lines) == 10  # one line per row of iron_workup.csv, in step order
    assert lines[1].startswith("2. **When the sample is taken**") and "morning" in lines[1]
    assert lines[3].startswith("4. **Iron thresholds · By mouth or into a vein · Serum ferritin ≤ 75 ng/mL**")
    assert "verification: unverified)" in lines[5] and "up to 100 ng/mL" in lines[5]
    assert "it is not advice" in " ".join(m.value for m in at.markdown)
    assert not at.exception
