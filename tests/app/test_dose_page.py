"""AppTest on the dose page: populations, authorities, URL state, and every invalid input."""

import csv
import io
import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis import to_csv_bytes
from tests.app.conftest import answer_sentences, open_expanders, open_page
from ui.text import escape_markdown


def open_dose(query: dict | None = None) -> AppTest:
    return open_page("pages/dose.py", query)


def sentences(at: AppTest) -> list[str]:
    return answer_sentences(at)


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def test_default_view():
    at = open_dose()
    assert sentences(at) == [
        "**A total of 1.8 mg/day is between the US Adequate Intake (AI, IOM) of 1.8 mg/day and the US Tolerable "
        "Upper Intake Level (UL, IOM) of 11 mg/day "
        "for women aged 19+ y.**"
    ]
    assert not charts(at)  # each drawn only when its expander is opened (issue 22: no chart library at first)
    assert any(m.value.startswith("Your total of 1.80 mg/day is food 1.80 + supplements 0.00") for m in at.markdown)
    assert "Educational, not medical advice" in at.main.markdown[0].value  # normal text, not a caption
    assert not at.error and not at.warning
    # Closed expanders draw nothing (issue 15: a run pays only for what is shown); opened, each has its content.
    assert not at.get("download_button") and not at.dataframe
    open_expanders(at)
    labels = {b.proto.label for b in at.get("download_button")}
    assert labels == {"Download CSV", "BibTeX (.bib)", "RIS (.ris)", "CSL-JSON (.json)"}  # the CSV and references
    assert len(charts(at)) == 5  # risk, life stages, water, air, ferritin
    assert len(at.table) == 5 and not at.dataframe  # one static data table per chart, no data grid (issue 21)


def test_a_chart_data_table_shows_the_cells_of_its_csv_file(dataset):
    """The view is the file: the ferritin chart's table holds, cell by cell, what its Download CSV holds (the
    bytes the download button is given: to_csv_bytes of the data the chart draws)."""
    at = open_expanders(open_dose())
    expander = next(e for e in at.expander if e.label.startswith("Serum ferritin and iron treatment in RLS"))
    [table] = expander.table
    rows = list(csv.reader(io.StringIO(to_csv_bytes(dataset.iron_context).decode("utf-8-sig"), newline="")))
    # st.table reads cells as Markdown: each is shown escaped, so it reads literally.
    assert [list(table.value.columns), *table.value.values.tolist()] == [[escape_markdown(c) for c in r] for r in rows]
    assert "item\\_id" in table.value.columns  # "item_id", escaped
    # Empty cells stay empty (not "nan"): the open lower end of the risk chart's lowest band.
    bands = next(e for e in at.expander if e.label.startswith("Manganese: risk by daily intake")).table[0].value
    assert bands["from\\_mg"].iloc[0] == "" and bands["to\\_mg"].iloc[0] == escape_markdown("1.8")


def test_a_chart_data_list_for_phones_holds_the_same_rows_as_its_table():
    """On a phone the page shows the chart's data as a list of rows (ui.style hides the table there): one item
    per row of the table, each with every column name and cell, in order; an empty cell says so."""
    at = open_expanders(open_dose())
    expander = next(e for e in at.expander if e.label.startswith("Manganese: risk by daily intake"))
    [table] = expander.table
    [listed] = [m.value for m in expander.markdown if m.value.startswith("1. **")]
    items = listed.splitlines()
    assert len(items) == len(table.value) > 0
    for number, (item, (_, row)) in enumerate(zip(items, table.value.iterrows(), strict=True), start=1):
        expected = " · ".join(f"**{column}**: {cell or '(empty)'}" for column, cell in row.items())
        assert item == f"{number}. {expected}"
    assert "**from\\_mg**: (empty)" in items[0]


def test_a_child():
    at = open_dose({"age": "6", "sex": "male", "supp": "2"})
    assert sentences(at)[0].startswith(
        "**A total of 3.5 mg/day is above the US Tolerable Upper Intake Level (UL, IOM) of 3 mg/day for children "
        "aged 4–8 y"
    )


def test_a_pregnant_teenager():
    at = open_dose({"age": "16", "stage": "pregnant", "supp": "1"})
    assert "pregnant girls aged 14–18 y" in sentences(at)[0]
    assert "Adequate Intake (AI, IOM) of 2 mg/day (confirmed only in a secondary source)" in sentences(at)[0]


def test_a_man_over_70():
    at = open_dose({"age": "75", "sex": "male", "supp": "10"})
    assert "above the US Tolerable Upper Intake Level (UL, IOM) of 11 mg/day" in sentences(at)[0]
    assert "men aged 19+ y" in sentences(at)[0]


def test_authority_switch_and_url():
    at = open_dose({"age": "16"})
    at.selectbox(key="dose.authority").set_value("both").run()
    assert not at.exception
    assert len(sentences(at)) == 2
    assert "no confirmed EFSA value for girls aged 15–17 y" in sentences(at)[1]
    assert at.query_params["authority"] == "both"
    at.number_input(key="dose.supp").set_value(8.0).run()
    assert at.query_params["supp"] == "8"


@pytest.mark.parametrize(
    ("query", "ignored_key"),
    [
        ({"age": "abc"}, "age"),
        ({"supp": "nan"}, "supp"),
        ({"water": "inf"}, "water"),
        ({"sex": "<script>alert(1)</script>"}, "sex"),
        ({"authority": "FDA"}, "authority"),
        ({"stage": ""}, "stage"),
    ],
)
def test_tampered_url_falls_back_and_says_so(query, ignored_key):
    at = open_dose(query)
    assert any(ignored_key in w.value for w in at.warning)
    assert sentences(at), "the page still shows a valid state"
    assert all("<script>" not in m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("age", -2.0, "from 0 to 120"),
        ("age", 500.0, "from 0 to 120"),
        ("food", -1.0, "from 0 to 100"),
        ("supp", 5000.0, "from 0 to 1,000"),
        ("water", -5.0, "from 0 to 100,000"),
        ("litres", 50.0, "from 0 to 20"),
        ("ferritin", -3.0, "from 0 to 5,000"),
    ],
)
def test_invalid_numbers_show_message_and_keep_last_valid_charts(key, value, message):
    at = open_dose({"supp": "3"})
    before = sentences(at)
    at.number_input(key=f"dose.{key}").set_value(value).run()
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert any("last valid inputs" in w.value for w in at.warning)
    assert sentences(at) == before


def test_life_stage_that_does_not_fit():
    at = open_dose()
    at.selectbox(key="dose.sex").set_value("male").run()
    at.selectbox(key="dose.stage").set_value("pregnant").run()
    assert not at.exception
    assert any("females aged 14 to 50" in e.value for e in at.error)
    assert "men aged 19+ y" in sentences(at)[0]  # last valid state: a man, not pregnant


def test_out_of_range_url_number_shows_message_next_to_input():
    at = open_dose({"age": "500"})
    assert at.number_input(key="dose.age").value == 500
    assert any("from 0 to 120" in e.value for e in at.error)
    assert "women aged 19+ y" in sentences(at)[0]  # defaults until a valid age is given


@pytest.mark.parametrize(
    ("salt_mg", "shown"),
    [(100.0, "holds **32.51 mg** if it is the monohydrate (MnSO₄·H₂O, 32.5% manganese) or **36.38 mg** if it is "
             "anhydrous"), (-5.0, None), (1e6, None)],
)  # fmt: skip
def test_salt_converter(salt_mg, shown):
    at = open_converter(open_dose())
    at.number_input(key="dose.salt_mg").set_value(salt_mg).run()
    assert not at.exception
    if shown:
        assert any(shown in m.value for m in at.markdown)
        assert any("without saying whether the salt is hydrated" in m.value for m in at.markdown)
    else:
        assert any("between 0 and 10,000 mg" in e.value for e in at.error)


def test_answer_card_says_where_the_total_sits_and_what_it_is_made_of():
    at = open_dose({"age": "45", "sex": "female", "supp": "10"})
    text = "\n".join(m.value for m in at.markdown)
    first = sentences(at)[0]
    assert first == (
        "**A total of 11.8 mg/day is above the US Tolerable Upper Intake Level (UL, IOM) of 11 mg/day for women aged "
        "19+ y.**"  # read in IOM 2001's own UL table (issue 20): no label
    )
    assert "You left Food empty, so the typical median intake in the US (IOM, 1.8 mg/day) is assumed" in text
    assert "Your total of 11.80 mg/day is food 1.80 + supplements 10.00 + drinking water 0.00 mg/day." in text
    # The answer comes before the first chart's heading, right under the inputs, with the supplement part after it.
    headings = [h.value for h in at.subheader]
    assert headings[:2] == ["Supplements on their own", "1. Risk by intake"]
    # Each abbreviation first appears in brackets after what it stands for: the bodies in the intro, AI and UL in
    # the answer or the first chart's text, RLS in the iron section (the intro stays short).
    text = "\n".join(m.value for m in at.main.markdown)
    for words, abbreviation in (
        ("Institute of Medicine", "IOM"), ("European Food Safety Authority", "EFSA"),
        ("Restless Legs Syndrome", "RLS"), ("Adequate Intake", "AI"), ("Tolerable Upper Intake Level", "UL"),
    ):  # fmt: skip
        first = re.search(rf"\b{abbreviation}\b", text).start()
        assert text[: first - 2].endswith(words), abbreviation


def test_answer_card_gives_one_sentence_per_authority_when_both_are_chosen():
    at = open_dose({"age": "45", "sex": "female", "supp": "10", "authority": "both"})
    assert len(sentences(at)) == 2
    assert "the EU safe level of intake (EFSA; not a UL) of 8 mg/day" in sentences(at)[1]
    assert "above" in sentences(at)[1]


def open_converter(at):
    """Open the salt converter's expander, as a reader's click does (it is drawn only while open)."""
    at.session_state["dose.salt_open"] = True
    return at.run()


def test_salt_converter_is_drawn_only_when_opened_and_keeps_its_values():
    at = open_dose()
    assert not [s for s in at.selectbox if s.label == "Salt"]  # closed: no input drawn (issue 22)
    at = open_converter(at)
    at.number_input(key="dose.salt_mg").set_value(100.0).run()
    at.session_state["dose.salt_open"] = False
    at.run()
    assert not [n for n in at.number_input if n.label == "Salt per day (mg)"]
    at = open_converter(at)
    assert at.number_input(key="dose.salt_mg").value == 100.0  # given back when opened again
    assert any("holds **32.51 mg**" in m.value for m in at.markdown)


def test_salt_converter_with_a_named_form_gives_one_result():
    at = open_converter(open_dose())
    salt = next(s for s in at.selectbox if s.label == "Salt")
    salt.set_value("manganese_sulfate_monohydrate").run()
    at.number_input(key="dose.salt_mg").set_value(100.0).run()
    assert any("100 mg of MnSO₄·H₂O holds **32.51 mg** of manganese" in m.value for m in at.markdown)


def test_an_infant_is_told_the_ul_is_not_determinable():
    at = open_dose({"age": "0.4", "food": "0", "supp": "2"})
    sentence = sentences(at)[0]
    assert "about 667 times the AI" in sentence and "not determinable" in sentence
    assert "food and formula only" in sentence
    assert not any("Without a reference value" in c.value for c in at.caption)


def test_an_infant_of_0_3_years_reads_the_not_determinable_ul_from_its_row_with_its_source():
    """Issue 23, point 5: the words come from row iom_ul_infant_0_6m of reference_values.csv, which names where it
    was read, and the chart's sources list that row's source (IOM 2001, doi 10.17226/10026)."""
    at = open_dose({"age": "0.3", "food": "0", "supp": "2"})
    sentence = sentences(at)[0]
    assert "infants aged 0–6 months" in sentence and "IOM judged a UL for infants not determinable" in sentence
    assert "food and formula only" in sentence
    assert "footnote to IOM 2001's summary table of Tolerable Upper Intake Levels for elements" in sentence
    assert "judged its UL not determinable for infants aged 0–6 months" in " ".join(m.value for m in at.markdown)
    open_expanders(at)
    cited = [m.value for m in at.markdown if "Dietary Reference Intakes for Vitamin A" in m.value]
    assert any("10.17226/10026" in text for text in cited)
    assert not at.exception and not at.error


def test_an_infant_under_efsa_is_told_a_safe_level_is_not_confirmed():
    at = open_dose({"age": "0.7", "food": "0", "supp": "2", "authority": "EFSA"})
    assert "Whether EFSA set a safe level for infants could not be confirmed" in sentences(at)[0]


def test_an_infant_under_efsa_sees_the_adequate_intake_range():
    at = open_dose({"age": "0.7", "food": "0", "supp": "2", "authority": "EFSA"})
    assert "range, 0.02 to 0.5 mg/day (confirmed only in a secondary source)" in sentences(at)[0]


@pytest.mark.parametrize(
    ("ferritin", "words"),
    [("40", "at or below 75 ng/mL"), ("90", "intravenous-only band from 75 to 100 ng/mL (unverified)"),
     ("150", "below 300 ng/mL")],
)  # fmt: skip
def test_ferritin_sentence_on_the_page(ferritin, words):
    at = open_dose({"ferritin": ferritin})
    text = " ".join(m.value for m in at.markdown)
    assert words in text and "transferrin saturation below 20%" in text
    assert "Many people with RLS have low iron stores" not in text


# Issue 20: the risk levels follow the evidence (what the manganese is, the authority, children and infants) -------


def page_text(at: AppTest) -> str:
    """Every Markdown block of the page as read (escape backslashes removed)."""
    return "\n".join(m.value.replace("\\", "") for m in at.markdown)


def level_sentences(at: AppTest) -> list[str]:
    return [m.value.replace("\\", "") for m in at.markdown if "the evidence rates the guide's risks" in m.value]


def test_a_woman_taking_a_supplement_reads_vkm_not_no_known_risk():
    at = open_dose({"age": "40", "food": "2", "supp": "5"})
    [levels] = level_sentences(at)
    assert "with manganese from a supplement" in levels and "Neurotoxicity: possible" in levels
    assert "Neurotoxicity: no known risk" not in levels and "VKM 2018" in levels
    food_only = level_sentences(open_dose({"age": "40", "food": "2"}))[0]
    assert "all of it from food" in food_only and "Neurotoxicity: no known risk" in food_only
    risk_chart = charts(open_expanders(at))[0]
    assert risk_chart.proto.spec and "with a supplement" in risk_chart.proto.spec


def test_manganese_rich_water_names_greger():
    at = open_dose({"age": "40", "food": "2", "water": "1000", "litres": "2"})
    [levels] = level_sentences(at)
    assert "with manganese from drinking water" in levels and "Greger 1998" in levels
    assert "Neurotoxicity: possible" in levels
    # The reader's own water (1000 µg/L × 2 L/day = 2 mg/day) stands next to Greger's figure.
    assert levels.index("4.2 mg/day") < levels.index("Your drinking water gives 2 mg/day.")


def test_a_supplement_and_tap_water_read_the_most_cautious_level():
    """A boy of 10: 2.5 mg/day food, 0.5 mg/day supplement, 1 mg/day from water (IOM)."""
    at = open_dose({"age": "10", "sex": "male", "food": "2.5", "supp": "0.5", "water": "1000", "litres": "1"})
    [levels] = level_sentences(at)
    assert "with manganese from a supplement and from drinking water" in levels
    assert "Neurotoxicity: possible" in levels and "Your drinking water gives 1 mg/day." in levels


def test_above_efsas_safe_level_is_not_characterised_and_the_difference_is_explained():
    at = open_dose({"age": "30", "stage": "pregnant", "food": "9", "authority": "both"})
    us, eu = level_sentences(at)
    assert "Neurotoxicity: no known risk" in us and "Iron interaction: not studied" in us
    assert "Neurotoxicity: not characterised" in eu and "possible" not in eu
    text = page_text(at)
    assert (
        "The two columns differ on 2 risks: Neurotoxicity: no known risk (IOM) against not characterised (EFSA)" in text
    )
    assert "not a threshold of harm" in text


def test_the_page_says_the_levels_are_for_the_general_population():
    at = open_dose()
    intro = at.main.markdown[0].value  # the intro stays short; the levels' scope opens their own section
    levels_text = next(m.value for m in at.main.markdown if m.value.startswith("The levels are for the general"))
    assert "no study links a manganese intake to Restless Legs Syndrome (RLS)" in levels_text
    assert "for people with Restless Legs Syndrome (RLS) at that intake" not in intro
    iron = level_sentences(open_dose({"age": "40", "food": "14"}))[0]  # above the UL: no "possible" from one meal
    assert "Iron interaction: not studied" in iron


def test_a_ten_year_old_is_not_placed_within_efsas_child_span():
    at = open_dose({"age": "10", "sex": "male", "food": "6", "authority": "EFSA"})
    sentence = sentences(at)[0].replace("\\", "")
    assert "within" not in sentence and "lowest child value is 2 mg/day" in sentence
    assert "which age gets which value could not be confirmed" in sentence and "cannot be said" in sentence


def test_an_efsa_infant_gets_a_chart_from_the_adequate_intake_range():
    at = open_dose({"age": "0.7", "food": "0.3", "authority": "EFSA"})
    assert "0.3 mg/day is within that range" in sentences(at)[0]
    assert len(charts(open_expanders(at))) == 5  # the risk chart is drawn: the range is usable
    assert not any("No chart: there is no reference value" in i.value for i in at.info)


def test_an_infant_with_a_supplement_is_told_food_and_formula_only():
    at = open_dose({"age": "0.7", "food": "0.3", "supp": "2"})
    text = page_text(at)
    assert "The supplement amount entered, 2 mg/day, is therefore not compared" in text
    assert "food and formula only" in level_sentences(at)[0]
    assert "smallest of these doses" not in text and "assessed doses (" not in text
