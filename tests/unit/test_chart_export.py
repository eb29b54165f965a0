"""Saved chart images carry title, sources and licence (the figure itself does); chart data hold only data."""

import pandas as pd

from analysis import classify_intake, to_csv_bytes
from analysis.chart_export import chart_credit, labelled_for_export, risk_bands_data
from analysis.dose_charts import intake_axis_range, risk_bands_table, risk_by_intake_figure


def test_credit_names_sources_dataset_version_and_licence_in_lines_that_fit_a_phone():
    credit = chart_credit(["IOM 2001", "Allen 2020", "EFSA 2023"], dataset_title="Explorer", version="1.0.0",
                          licence="CC BY 4.0")  # fmt: skip
    assert (
        credit.replace("<br>", " ")
        == "Sources: IOM 2001, Allen 2020 and 1 more. Explorer 1.0.0, data licence CC BY 4.0."
    )
    assert all(len(line) <= 50 for line in credit.split("<br>"))
    assert (
        chart_credit([], dataset_title="E", version="1", licence="L")
        == "Source: the dataset's tables. E 1, data licence L."
    )


def test_labelled_figure_has_title_and_credit_and_the_cached_figure_is_unchanged(dataset):
    result = classify_intake(10, age_years=45, sex="female", reference_values=dataset.reference_values)
    bands = risk_bands_table(result, dataset.risk_by_intake, dataset.risks, dataset.sources)
    figure = risk_by_intake_figure(result, bands, "light")
    before = figure.to_json()
    labelled = labelled_for_export(figure, title="Risk by intake", credit="Sources: A.<br>E 1, data licence L.")
    assert figure.to_json() == before
    assert labelled.layout.title.text.startswith("Risk by intake<br>")  # its own line: each fits a phone
    assert labelled.layout.title.subtitle.text == "Sources: A.<br>E 1, data licence L."
    assert labelled.layout.title.subtitle.font.size >= 12
    assert labelled.layout.margin.t > (figure.layout.margin.t or 0)


def test_risk_bands_data_leaves_the_open_ends_empty_so_no_axis_position_is_written(dataset):
    result = classify_intake(10, age_years=45, sex="female", reference_values=dataset.reference_values)
    low, high = intake_axis_range(result)
    bands = risk_bands_table(result, dataset.risk_by_intake, dataset.risks, dataset.sources)
    assert low in set(bands["from_mg"]) and high in set(bands["to_mg"])  # what the figure draws
    data = risk_bands_data(bands)
    values = set(data["from_mg"].dropna()) | set(data["to_mg"].dropna())
    assert values == {result.ai_mg, result.upper_mg}
    assert pd.isna(data.loc[data["intake_category"] == "below_ai", "from_mg"]).all()
    assert pd.isna(data.loc[data["intake_category"] == "above_upper", "to_mg"]).all()
    csv = to_csv_bytes(data).decode("utf-8-sig")
    assert f"{low}" not in csv and f"{high}" not in csv
