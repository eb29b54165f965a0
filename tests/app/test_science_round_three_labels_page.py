"""Issue 20, points 5 to 8, as a reader sees them: the sentences the pages render from the relabelled rows."""

from streamlit.testing.v1 import AppTest

from tests.app.conftest import answer_sentences, open_page
from ui.text import escape_markdown

ABSENCE = "not mentioned in the abstract or summary read"
EDGE_KEY = "mechanism.edge"  # the mechanism page's "One link in detail" choice


def page_text(at: AppTest) -> str:
    return "\n".join([*(m.value for m in at.markdown), *(c.value for c in at.caption)])


def headline(at: AppTest) -> str:
    return next(line for line in answer_sentences(at) if line.startswith("**A total"))


# 5. Labels say what was read -------------------------------------------------------------------------------------


def test_a_pregnant_or_lactating_adult_reads_the_iom_ul_without_an_unverified_label():
    for stage, words in (("pregnant", "pregnant women aged 19–50 y"), ("lactating", "lactating women aged 19–50 y")):
        at = open_page("pages/dose.py", {"age": "30", "stage": stage, "supp": "10"})
        first = headline(at)
        assert "Tolerable Upper Intake Level (UL, IOM) of 11 mg/day for " in first, first
        assert words in first, first
        assert "(unverified)" not in first and "(confirmed only in a secondary source) for" not in first


def test_sources_page_shows_the_relabelled_rows_with_what_was_read():
    at = open_page("pages/sources.py")
    at.selectbox(key="cited_source").set_value("mayo_mnb").run()
    text = page_text(at)
    assert "Level of concern, derived here (twice the upper reference limit)" in text
    assert "Derived here, not a Mayo figure" in text
    at.selectbox(key="cited_source").set_value("aasm_2024_rls_guideline").run()
    assert ABSENCE in page_text(at)
    at.selectbox(key="cited_source").set_value("health_canada_2019_mn").run()
    text = page_text(at)
    assert "follows the weaker reading" in text and "Verification: Secondary" in text
    at.selectbox(key="cited_source").set_value("greger_1998_jnutr").run()
    text = page_text(at)
    assert "Oral, in the diet (food only)" in text and "modifying factor of 3" in text
    catalogue = next(d.value for d in at.dataframe if "Kind" in d.value.columns)
    kinds = dict(zip(catalogue["Source"], catalogue["Kind"], strict=True))
    assert kinds["Rossander-Hultén 1991"] == "Controlled human study (not described as randomised)"
    assert kinds["Finley 1999"] == "Controlled human study (not described as randomised)"


def test_evidence_page_shows_c11_supported_with_its_reason():
    at = open_page("pages/evidence.py", {"q": "studied for a possible role"})
    text = page_text(at)
    assert "Supported, against the definitions" in text
    assert "fewer than the risk's card above" not in text  # the risk cards' note stays with the risk cards


def test_mechanism_page_shows_the_rejudged_overlap_link():
    at = open_page("pages/mechanism.py")
    at.selectbox(key=EDGE_KEY).set_value("manganism_overlaps_rls").run()
    text = page_text(at)
    assert (
        "**Verdict: No evidence found** — no source consulted describes manganese poisoning causing RLS or sharing "
        "its features, and the guide cites none.\n\nEvidence: none found" in text
    )
    assert escape_markdown("Verdict, against the definitions: no evidence found, not unsupported.") in text


# 6. The iron work-up as the guidelines state it ------------------------------------------------------------------


def test_dose_page_iron_section_states_the_guidelines_conditions():
    at = open_page("pages/dose.py", {"ferritin": "40"})
    text = page_text(at)
    assert "AAN 2016 says clinicians should consider oral iron at or below 75 ng/mL" in text
    assert "recommends oral iron" not in text
    assert "the ceiling for entering the trials in which IRLSSG 2018 found intravenous ferric carboxymaltose" in text
    assert "under which IRLSSG 2018 found" not in text
    assert "That is why RLS guidelines test iron" not in text
    assert "none of them, in the parts read, asks for a manganese test" in text
    workup = next(m.value for m in at.markdown if m.value.startswith("1. **What is tested**"))
    who = next(line for line in workup.split("\n") if "C-reactive protein" in line)
    assert "World Health Organization 2020" in who and "verification: secondary)" in who
    consensus = next(line for line in workup.split("\n") if "Serum ferritin ≤ 100 ng/mL" in line)
    assert "transferrin saturation is also below 45%" in consensus and "verification: secondary)" in consensus


# 7. Identifiers: counted in the Method section, and visible where a source has none ------------------------------


def test_method_counts_identifiers_and_sources_without_one_say_so():
    at = open_page("pages/sources.py")
    text = page_text(at)
    assert "44 of the 49 sources are identified by a DOI, a PubMed ID or a web address" in text
    assert "Every source is identified" not in text
    at.selectbox(key="cited_source").set_value("finley_1999").run()
    assert escape_markdown("(identifier: none found.)") in page_text(at)


# 8. One count, one meaning ---------------------------------------------------------------------------------------


def test_risk_cards_and_profile_say_what_each_count_counts():
    at = open_page("pages/risks.py")
    labels = [e.label for e in at.expander if e.label.startswith("The guide's claims")]
    assert "The guide's claims (C6) and all 11 sources cited for this risk" in labels
    text = page_text(at)
    assert "Kind of evidence for the claimed effect: none found" in text
    for line in (
        "Neurotoxicity: 5 sources consulted for the guide's claims behind it",
        "Gastrointestinal disturbances: 2 sources consulted for the guide's claims behind it",
    ):
        assert escape_markdown(line) in text, line
    assert "fewer than the risk's card above" in text
