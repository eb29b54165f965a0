"""The dashboard's one colour language: every colour, fill pattern, line style and marker shape that carries
a meaning, for the light and the dark theme. Plain Python; the figure builders and the diagram take their
colours from here, and tests/unit/test_colours.py checks that every code has an entry, that no colour means
two things, and that text and marks keep their WCAG 2.1 AA contrast against the backgrounds the figures use.

Hues follow Okabe & Ito's colour-blind-safe palette (plus an indigo, a wine and a brown from Paul Tol's
schemes where Okabe-Ito runs out), each darkened for the light theme and lightened for the dark theme so a
mark keeps at least 3:1 against the page. Colour is never the only carrier: every coloured mark also has a
text label, a fill pattern, a line style or a marker shape.

One meaning, one colour:
- verdicts (the claim audit's bar chart, the mechanism diagram's arrows);
- risk levels on the dose page (two of them, "no evidence found" and "the guide's mechanism is incorrect",
  say the same as the verdicts "no evidence found" and "incorrect", and share those verdicts' colours);
- authorities whose values are drawn as coloured lines (IOM, EFSA);
- verification (primary, secondary, unverified): never a colour, always a marker fill or a line style.
Everything else (axes, reference lines, the reader's own value) is drawn in the theme's neutral ink.
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES = ("light", "dark")


@dataclass(frozen=True)
class Theme:
    """Neutral colours of one theme: the figures' background and the ink for text, axes and lines."""

    background: str  # the app's own background; plotly figures are transparent over it
    text: str  # titles, tick labels, annotations, legend text
    muted_text: str  # secondary text that still carries meaning (>= 4.5:1)
    line: str  # reference lines (AI, UL), the reader's own value, outlines (>= 3:1)
    grid: str  # grid lines: decoration only, no contrast requirement


# The backgrounds are Streamlit 1.67's own (light #FFFFFF, dark #171614): .streamlit/config.toml leaves them.
NEUTRALS = {
    "light": Theme(background="#FFFFFF", text="#1F2328", muted_text="#4D5562", line="#31333F", grid="#E3E5EA"),
    "dark": Theme(background="#171614", text="#EDEBE8", muted_text="#C3C0BB", line="#D6D3CE", grid="#3A3835"),
}


# The keyboard focus ring on every control (ui/style.py), the same in both themes: a mid blue that keeps at least
# 3:1 against both backgrounds (WCAG 1.4.11), where Streamlit's own ring is a pale tint (2.2:1 on white).
FOCUS_RING = "#1F7BB8"


@dataclass(frozen=True)
class Swatch:
    """One meaning's colour in one theme: `fill` for bars, lines and markers; `ink` for text drawn on the fill."""

    fill: str
    ink: str


def _pair(light_fill: str, light_ink: str, dark_fill: str, dark_ink: str) -> dict[str, Swatch]:
    return {"light": Swatch(light_fill, light_ink), "dark": Swatch(dark_fill, dark_ink)}


BLACK, WHITE = "#000000", "#FFFFFF"

# Verdicts, ordered from "the sources back it" to "the sources contradict it".
VERDICT_COLOURS = {
    "supported": _pair("#007A5A", WHITE, "#2BBF98", BLACK),  # bluish green
    "partly_supported": _pair("#766C00", WHITE, "#E3D642", BLACK),  # yellow (olive in light)
    "unsupported": _pair("#B25F00", WHITE, "#F0A530", BLACK),  # orange
    "incorrect": _pair("#C24400", WHITE, "#FF8A4C", BLACK),  # vermillion
    "no_evidence_found": _pair("#6E6E6E", WHITE, "#A8A8A8", BLACK),  # grey: absence of evidence
}

# How the legends name the verdict colours ("Solid green line").
VERDICT_COLOUR_NAMES = {
    "supported": "green",
    "partly_supported": "yellow",
    "unsupported": "orange",
    "incorrect": "red-orange",
    "no_evidence_found": "grey",
}

# Risk levels on the dose page. Two share a verdict's colour because they mean the same thing.
RISK_LEVEL_COLOURS = {
    "no_known_risk": _pair("#0068A8", WHITE, "#5AB0F0", BLACK),  # blue
    "possible": _pair("#A8527F", WHITE, "#E393C0", BLACK),  # reddish purple
    "likely": _pair("#7A1E4C", WHITE, "#C66A98", BLACK),  # wine
    "not_studied": _pair("#7B6447", WHITE, "#B39C7E", BLACK),  # brown
    "no_evidence_found": VERDICT_COLOURS["no_evidence_found"],
    "claim_incorrect": VERDICT_COLOURS["incorrect"],
    "not_characterised": _pair("#4F5D75", WHITE, "#9FB0CC", BLACK),  # slate
}
# Fill patterns (plotly bar pattern shapes), so a band's level never rests on its colour.
RISK_LEVEL_PATTERNS = {
    "no_known_risk": "",
    "possible": "/",
    "likely": "x",
    "not_studied": "+",
    "no_evidence_found": ".",
    "claim_incorrect": "-",
    "not_characterised": "\\",
}
# The pattern lines are a translucent tint that moves the fill away from its text ink: dark stripes on a
# dark fill under white text (light theme), light stripes on a light fill under black text (dark theme).
PATTERN_OPACITY = {"light": 0.35, "dark": 0.5}

# A band with no rated level (no upper value set): drawn as an outline only, in the theme's ink.
NO_LEVEL = "no_level"

# Authorities whose reference values are drawn as coloured lines (the life-stage chart). Every other
# authority is named on its own axis row and drawn in neutral ink.
AUTHORITY_COLOURS = {
    "IOM": _pair("#4B3FA8", WHITE, "#A99CFF", BLACK),  # indigo
    "EFSA": _pair("#00798C", WHITE, "#3CC8DD", BLACK),  # teal-cyan
}

# Verification: a marker fill (suffix of a plotly symbol) and a line style, never a colour.
VERIFICATION_MARKERS = {"primary": "", "secondary": "-open", "unverified": "-open-dot"}
VERIFICATION_DASH = {"primary": "solid", "secondary": "dash", "unverified": "dot"}

# Marker shapes per population group (the life-stage chart).
GROUP_SYMBOLS = {
    "any": "circle",
    "female": "square",
    "male": "triangle-up",
    "pregnant": "diamond",
    "lactating": "star",
}
YOUR_VALUE_SYMBOL = "diamond-wide"  # the reader's own total, water or ferritin: theme ink, never a meaning colour

# Line dash per kind of reference value (the life-stage and risk-by-intake charts).
VALUE_KIND_DASH = {"AI": "solid", "upper": "dash"}


def marker_symbol(shape: str, verification: str) -> str:
    """The plotly marker symbol for a shape and a verification: filled (primary), open (secondary), open
    with a dot in the middle (unverified)."""
    return shape + VERIFICATION_MARKERS.get(verification, VERIFICATION_MARKERS["unverified"])


# Node fills of the mechanism diagram, by node kind: pale tints (light) or deep shades (dark) that hold the
# theme's text at 4.5:1 or more. The node's shape says its kind too (analysis.mechanism.NODE_SHAPES).
NODE_KIND_FILLS = {
    "nutrient": {"light": "#FEF3C7", "dark": "#4D3B0C"},
    "exposure": {"light": "#FFEDD5", "dark": "#55300F"},
    "transporter": {"light": "#E0E7FF", "dark": "#2B356B"},
    "enzyme": {"light": "#DBEAFE", "dark": "#173A63"},
    "metabolite": {"light": "#EDE9FE", "dark": "#3A2C66"},
    "neurotransmitter": {"light": "#DCFCE7", "dark": "#18472F"},
    "brain_region": {"light": "#F3E8FF", "dark": "#4A2A5E"},
    "condition": {"light": "#F1F5F9", "dark": "#2B3440"},
    "symptom": {"light": "#FCE7F3", "dark": "#5A2240"},
}

# Study designs in the evidence profiles: one blue-grey hue, darkest for the designs listed first in
# vocab.DESIGN_LABELS, so no design borrows a verdict's colour. A sequential scale cannot keep 3:1 between every
# shade and the page, so every segment has an outline in the theme's line ink (>= 3:1), its count written on it,
# and its design named in the legend and the table under the chart.
_DESIGN_SCALE = {
    "light": ["#08306B", "#08519C", "#2171B5", "#4292C6", "#6BAED6", "#9ECAE1", "#BDD7E7", "#C6DBEF", "#DEEBF7",
              "#EFF3FF", "#F7FBFF"],
    "dark": ["#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2B7BBA", "#1F63A0", "#17508A",
             "#0E3F73", "#0A2F5C"],
}  # fmt: skip


def _readable_ink(fill: str) -> str:
    return WHITE if contrast_ratio(fill, WHITE) >= contrast_ratio(fill, BLACK) else BLACK


def design_colours() -> dict[str, dict[str, Swatch]]:
    """Study design code -> {theme: Swatch}; the ink is white or black, whichever reads better on the fill."""
    from .vocab import DESIGN_LABELS

    return {
        code: {theme: Swatch(_DESIGN_SCALE[theme][i], _readable_ink(_DESIGN_SCALE[theme][i])) for theme in THEMES}
        for i, code in enumerate(DESIGN_LABELS)
    }


FAMILIES = {
    "verdict": VERDICT_COLOURS,
    "risk level": RISK_LEVEL_COLOURS,
    "authority": AUTHORITY_COLOURS,
}
# Codes of different families that mean the same thing, and so share one colour on purpose.
SAME_MEANING = {
    ("risk level", "no_evidence_found"): ("verdict", "no_evidence_found"),
    ("risk level", "claim_incorrect"): ("verdict", "incorrect"),
}


def check_theme(theme: str) -> str:
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {list(THEMES)}")
    return theme


def verdict_colour(code: str, theme: str = "light") -> Swatch:
    return VERDICT_COLOURS[code][check_theme(theme)]


def risk_level_colour(code: str, theme: str = "light") -> Swatch:
    return RISK_LEVEL_COLOURS[code][check_theme(theme)]


def authority_colour(code: str, theme: str = "light") -> Swatch:
    """An authority's line colour; authorities without one are drawn in the theme's line ink."""
    if code in AUTHORITY_COLOURS:
        return AUTHORITY_COLOURS[code][check_theme(theme)]
    neutral = NEUTRALS[check_theme(theme)]
    return Swatch(neutral.line, neutral.background)


def neutrals(theme: str = "light") -> Theme:
    return NEUTRALS[check_theme(theme)]


def pattern_colour(theme: str = "light") -> str:
    """Stripe colour of a band's fill pattern: away from the band label's ink, so the label keeps its contrast."""
    return BLACK if check_theme(theme) == "light" else WHITE


# WCAG 2.1 contrast ---------------------------------------------------------------------------------


def _channels(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    if len(value) not in (6, 8):
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #RRGGBB colour."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _channels(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two opaque colours, from 1 to 21."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(top: str, bottom: str, opacity: float) -> str:
    """`top` drawn at `opacity` over `bottom`, as the opaque colour the eye sees."""
    mixed = [t * opacity + b * (1 - opacity) for t, b in zip(_channels(top), _channels(bottom), strict=True)]
    return "#" + "".join(f"{round(c * 255):02X}" for c in mixed)


def rgba(colour: str, opacity: float) -> str:
    red, green, blue = (round(c * 255) for c in _channels(colour))
    return f"rgba({red}, {green}, {blue}, {opacity})"
