"""The colour language (analysis/colours.py): complete, one colour per meaning, and WCAG 2.1 AA contrast for
the chart and diagram colours that axe-core cannot judge (text and marks drawn in SVG)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from analysis import colours
from analysis.colours import (
    AUTHORITY_COLOURS,
    FAMILIES,
    FOCUS_RING,
    NEUTRALS,
    NODE_KIND_FILLS,
    PATTERN_OPACITY,
    RISK_LEVEL_COLOURS,
    RISK_LEVEL_PATTERNS,
    SAME_MEANING,
    THEMES,
    VERDICT_COLOUR_NAMES,
    VERDICT_COLOURS,
    blend,
    contrast_ratio,
    marker_symbol,
    pattern_colour,
)
from analysis.dose_charts import (
    TICK_FONT_SIZE,
    ferritin_figure,
    ferritin_table,
    life_stage_figure,
    life_stage_table,
    risk_bands_table,
    risk_by_intake_figure,
    route_figure,
    route_table,
)
from analysis.evidence import verdict_bar_figure, verdict_counts
from analysis.intake import classify_intake
from analysis.vocab import DESIGN_LABELS, NODE_KIND_LABELS, RISK_LEVEL_LABELS, VERDICT_LABELS

TEXT, MARK = 4.5, 3.0  # WCAG 2.1 AA: 1.4.3 text, 1.4.11 graphical objects


# The contrast function itself, on known values --------------------------------------------------------


def test_contrast_ratio_matches_known_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert contrast_ratio("#828180", "#FFFFFF") == pytest.approx(3.89, abs=0.01)  # Streamlit's old caption grey
    assert contrast_ratio("#FFFFFF", "#56B4E9") == pytest.approx(2.31, abs=0.01)  # the old dark-theme chips
    assert blend("#000000", "#FFFFFF", 0.5) == "#808080"


# Completeness --------------------------------------------------------------------------------------------


def test_every_vocabulary_code_has_a_colour_in_both_themes():
    assert set(VERDICT_COLOURS) == set(VERDICT_LABELS)
    assert set(RISK_LEVEL_COLOURS) == set(RISK_LEVEL_LABELS) | {"not_studied"}
    assert set(RISK_LEVEL_PATTERNS) == set(RISK_LEVEL_COLOURS)
    assert set(VERDICT_COLOUR_NAMES) == set(VERDICT_LABELS)
    assert set(NODE_KIND_FILLS) == set(NODE_KIND_LABELS)
    assert {"IOM", "EFSA"} <= set(AUTHORITY_COLOURS)
    for family in [*FAMILIES.values(), NODE_KIND_FILLS]:
        for code, pair in family.items():
            assert set(pair) == set(THEMES), code


def test_every_risk_level_has_its_own_pattern():
    assert len(set(RISK_LEVEL_PATTERNS.values())) == len(RISK_LEVEL_PATTERNS)


# One colour, one meaning ---------------------------------------------------------------------------------


def _meanings(theme: str) -> dict[str, set[tuple[str, str]]]:
    """colour -> the (family, code) pairs it stands for, counting codes declared to mean the same as one."""
    by_colour: dict[str, set[tuple[str, str]]] = {}
    for family, entries in FAMILIES.items():
        for code, pair in entries.items():
            meaning = SAME_MEANING.get((family, code), (family, code))
            by_colour.setdefault(pair[theme].fill.upper(), set()).add(meaning)
    for kind, pair in NODE_KIND_FILLS.items():
        by_colour.setdefault(pair[theme].upper(), set()).add(("node kind", kind))
    neutral = NEUTRALS[theme]
    for name in ("background", "text", "muted_text", "line", "grid"):
        by_colour.setdefault(getattr(neutral, name).upper(), set()).add(("neutral", name))
    return by_colour


@pytest.mark.parametrize("theme", THEMES)
def test_no_colour_means_two_things(theme):
    shared = {colour: meanings for colour, meanings in _meanings(theme).items() if len(meanings) > 1}
    assert not shared, f"one colour, several meanings in the {theme} theme: {shared}"


def test_same_meaning_is_declared_and_really_shared():
    for (family, code), (other_family, other_code) in SAME_MEANING.items():
        assert FAMILIES[family][code] == FAMILIES[other_family][other_code]


def test_the_old_clashes_are_gone():
    """Before: pink meant 'claim incorrect' on the dose page and 'no evidence found' in the claim audit;
    orange meant 'possible' on one and 'unsupported' on the other."""
    for theme in THEMES:
        verdict = {code: pair[theme].fill for code, pair in VERDICT_COLOURS.items()}
        level = {code: pair[theme].fill for code, pair in RISK_LEVEL_COLOURS.items()}
        assert level["claim_incorrect"] == verdict["incorrect"]
        assert level["no_evidence_found"] == verdict["no_evidence_found"]
        assert level["possible"] not in verdict.values()
        assert verdict["unsupported"] not in level.values()


# Contrast against the backgrounds the figures use --------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_neutral_text_and_lines_meet_wcag_aa(theme):
    neutral = NEUTRALS[theme]
    assert contrast_ratio(neutral.text, neutral.background) >= TEXT
    assert contrast_ratio(neutral.muted_text, neutral.background) >= TEXT
    assert contrast_ratio(neutral.line, neutral.background) >= MARK


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("family", list(FAMILIES))
def test_marks_hold_3_to_1_and_text_on_them_4_5_to_1(theme, family):
    background = NEUTRALS[theme].background
    for code, pair in FAMILIES[family].items():
        swatch = pair[theme]
        assert contrast_ratio(swatch.fill, background) >= MARK, (family, code, swatch.fill)
        assert contrast_ratio(swatch.ink, swatch.fill) >= TEXT, (family, code, swatch)


@pytest.mark.parametrize("theme", THEMES)
def test_band_labels_stay_readable_over_their_hatch_patterns(theme):
    """A band's label sits on the fill and on the pattern's stripes: both at 4.5:1 or more, and the stripes
    still visible on the fill."""
    for code, pair in RISK_LEVEL_COLOURS.items():
        swatch = pair[theme]
        stripe = blend(pattern_colour(theme), swatch.fill, PATTERN_OPACITY[theme])
        assert contrast_ratio(swatch.ink, stripe) >= TEXT, (code, stripe)
        if RISK_LEVEL_PATTERNS[code]:
            assert contrast_ratio(stripe, swatch.fill) >= 1.25, (code, "pattern invisible")


@pytest.mark.parametrize("theme", THEMES)
def test_diagram_node_text_is_readable_on_every_fill(theme):
    for kind, pair in NODE_KIND_FILLS.items():
        assert contrast_ratio(NEUTRALS[theme].text, pair[theme]) >= TEXT, kind


def test_verification_is_a_marker_fill_never_a_colour():
    assert marker_symbol("square", "primary") == "square"
    assert marker_symbol("square", "secondary") == "square-open"
    assert marker_symbol("square", "unverified") == "square-open-dot"
    assert not hasattr(colours, "VERIFICATION_COLOURS")


def test_unknown_theme_is_refused():
    with pytest.raises(ValueError, match="unknown theme"):
        colours.verdict_colour("supported", "sepia")


# The figures really use these colours, and their text is large and readable -------------------------------


def _figures(dataset, theme: str) -> dict[str, go.Figure]:
    values = dataset.reference_values
    result = classify_intake(11.8, age_years=45, sex="female", reference_values=values)
    bands = risk_bands_table(result, dataset.risk_by_intake, dataset.risks, dataset.sources)
    water = route_table(values, "drinking_water")
    air = route_table(values, "inhalation")
    return {
        "risk": risk_by_intake_figure(result, bands, theme),
        "stages": life_stage_figure(life_stage_table(values, ["IOM", "EFSA"]), 45, theme),
        "water": route_figure(
            water, value_column="value_ug_per_l", unit="µg/L", marker_value=150, marker_label="your water", theme=theme
        ),
        "air": route_figure(air, value_column="value", unit="mg/m³", theme=theme),
        "ferritin": ferritin_figure(ferritin_table(dataset.iron_context), 40, theme),
        "verdicts": verdict_bar_figure(verdict_counts(dataset.claims), theme),
    }


def _text_colours(figure: go.Figure) -> list[tuple[str, str, float | None]]:
    """(where, colour, size) of every text the figure sets: fonts, axis ticks and titles, annotations, bar text."""
    layout = figure.layout
    found = [("font", layout.font.color, layout.font.size)]
    for name in ("xaxis", "yaxis"):
        axis = layout[name]
        if axis.visible is False or axis.showticklabels is False:
            continue
        found.append((f"{name} ticks", axis.tickfont.color, axis.tickfont.size))
        if axis.title.text:
            found.append((f"{name} title", axis.title.font.color, axis.title.font.size))
    if layout.showlegend is not False:
        found.append(("legend", layout.legend.font.color, layout.legend.font.size))
    found += [(f"annotation {a.text[:20]}", a.font.color, a.font.size) for a in layout.annotations]
    return found


@pytest.mark.parametrize("theme", THEMES)
def test_figure_text_is_the_themes_ink_at_a_readable_size(dataset, theme):
    background = NEUTRALS[theme].background
    for name, figure in _figures(dataset, theme).items():
        for where, colour, size in _text_colours(figure):
            assert colour is not None, (name, where, "no colour set: the theme's grey would be used")
            assert contrast_ratio(colour, background) >= TEXT, (name, where, colour)
            assert size is None or size >= TICK_FONT_SIZE, (name, where, size)


@pytest.mark.parametrize("theme", THEMES)
def test_risk_bands_use_the_level_colours_and_text_on_them(dataset, theme):
    figure = _figures(dataset, theme)["risk"]
    bars = [trace for trace in figure.data if trace.type == "bar"]
    by_name = {
        "No known risk": "no_known_risk",
        "Possible": "possible",
        "Claim incorrect": "claim_incorrect",
        "No evidence": "no_evidence_found",
    }
    assert {bar.name for bar in bars} >= set(by_name)
    for bar in bars:
        if bar.name in by_name:
            swatch = RISK_LEVEL_COLOURS[by_name[bar.name]][theme]
            assert bar.marker.color == swatch.fill and bar.textfont.color == swatch.ink
            assert bar.marker.pattern.shape == RISK_LEVEL_PATTERNS[by_name[bar.name]]
        assert bar.textangle == 0  # never sideways
        assert bar.textfont.size >= TICK_FONT_SIZE


@pytest.mark.parametrize("theme", THEMES)
def test_no_figure_uses_a_colour_outside_the_colour_module(dataset, theme):
    allowed = {c.upper() for c in _meanings(theme)} | {"#FFFFFF", "#000000"}
    for name, figure in _figures(dataset, theme).items():
        used = set()
        for trace in figure.data:
            marker = getattr(trace, "marker", None)
            if marker is not None and marker.color is not None:
                used |= {marker.color} if isinstance(marker.color, str) else set(marker.color)
            if marker is not None and marker.line is not None and marker.line.color:
                used.add(marker.line.color)
            line = getattr(trace, "line", None)
            if line is not None and line.color:
                used.add(line.color)
        used |= {shape.line.color for shape in figure.layout.shapes if shape.line.color}
        used |= {shape.fillcolor for shape in figure.layout.shapes if shape.fillcolor}
        assert used, name
        stray = {c for c in used if c.upper() not in allowed and not c.startswith("rgba(")}
        assert not stray, (name, stray)


def test_each_theme_has_its_own_variant():
    for family in FAMILIES.values():
        for code, pair in family.items():
            assert pair["light"].fill != pair["dark"].fill, code
    assert NEUTRALS["light"].background != NEUTRALS["dark"].background


@pytest.mark.parametrize("theme", THEMES)
def test_study_design_shades_come_from_the_colour_module_and_mean_nothing_else(dataset, theme):
    from analysis import claim_rows, profile_counts, profile_figure
    from analysis.colours import design_colours

    shades = design_colours()
    assert set(shades) == set(DESIGN_LABELS)
    fills = [pair[theme].fill.upper() for pair in shades.values()]
    assert len(set(fills)) == len(fills)
    assert not set(fills) & set(_meanings(theme)), "a design shade would repeat a colour that means something else"
    for pair in shades.values():
        assert contrast_ratio(pair[theme].fill, pair[theme].ink) >= 4.5  # the count written on the segment
    figure = profile_figure(profile_counts(claim_rows(dataset.claim_sources, dataset.claims["claim_id"])), theme=theme)
    for trace in figure.data:
        assert trace.marker.color.upper() in fills
        assert trace.marker.line.color == NEUTRALS[theme].line  # the outline keeps the 3:1 the fill cannot
    assert contrast_ratio(NEUTRALS[theme].line, NEUTRALS[theme].background) >= 3


@pytest.mark.parametrize("theme", THEMES)
def test_focus_ring_holds_3_to_1_against_the_page(theme):
    assert contrast_ratio(FOCUS_RING, NEUTRALS[theme].background) >= 3.0
