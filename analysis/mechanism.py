"""The mechanism diagram: the Graphviz DOT source, the table of links and its download, all built from
mechanism_nodes.csv and mechanism_edges.csv. Pure functions: the page only lays them out.

Three views of the same links:
- "guide": the guide's causal story, every link the guide claims, with the verdict on each;
- "evidence": what the sources back: the established links the guide leaves out, plus the guide's links
  that hold fully or in part;
- "both": everything overlaid.

Meaning is never carried by colour alone: the line style says the verdict, the label says it in words
(with ✓ or ✗), and the label starts with the guide's claim id or with "Evidence".
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .citations import citations_text, cited_sources, short_label
from .colours import NEUTRALS, NODE_KIND_FILLS, THEMES, VERDICT_COLOUR_NAMES, VERDICT_COLOURS
from .schemas import split_ids
from .vocab import NODE_KIND_LABELS, RELATION_LABELS, VERDICT_LABELS, label

VIEWS = {
    "guide": "The guide's story",
    "evidence": "The established evidence",
    "both": "Both overlaid",
}
DEFAULT_VIEW = "both"
# The guide's links that the "evidence" view keeps: the sources back them, fully or in part.
BACKED_VERDICTS = ("supported", "partly_supported")
NODE_LABEL_WIDTH = 16  # characters per line of a node label


@dataclass(frozen=True)
class Layout:
    node_pt: int  # font sizes in points (1 pt = 4/3 CSS px at natural size)
    edge_pt: int
    label_width: int  # characters per line of a node label
    nodesep: float
    ranksep: float
    pad: float
    node_margin: str


# Sizes chosen so that the whole diagram fits its column with no text under 12 CSS px (measured in Chromium by
# tests/e2e/test_mechanism_page.py): the wide layout, about 900 px wide, is drawn at natural size (13 and 12 pt,
# 17 and 16 px) in the 980 px column of a 1440 px screen; the narrow one, about 470 px wide at 12 pt, is scaled
# to the 358 px column of a 390 px phone (text about 12 px). The page picks one by the column's width.
WIDE_LAYOUT = Layout(13, 12, NODE_LABEL_WIDTH, 0.2, 0.4, 0.1, "0.1,0.05")
NARROW_LAYOUT = Layout(12, 12, 10, 0.02, 0.3, 0.02, "0.04,0.03")
RELATION_LABEL_WIDTH = 14  # characters per line of a link label's "who: relation" part


@dataclass(frozen=True)
class LineStyle:
    dot_style: str  # Graphviz edge style
    line: str  # how the legend names the line style
    mark: str  # prefix of the verdict in the edge label


# Verdict -> how its arrows are drawn: a line style per verdict, and the verdict's colour from
# analysis.colours (the same colour as its bar in the claim audit).
VERDICT_LINES = {
    "supported": LineStyle("solid", "Solid", "✓ "),
    "partly_supported": LineStyle("dashed", "Dashed", ""),
    "unsupported": LineStyle("dotted", "Dotted", ""),
    "no_evidence_found": LineStyle("dotted", "Dotted", ""),
    "incorrect": LineStyle("bold", "Thick", "✗ "),
}

# Node kind -> (Graphviz shape, extra style, how the legend names the shape).
NODE_SHAPES = {
    "nutrient": ("ellipse", "", "Oval"),
    "exposure": ("hexagon", "", "Hexagon"),
    "transporter": ("cylinder", "", "Cylinder"),
    "enzyme": ("box", "rounded", "Rounded box"),
    "metabolite": ("octagon", "", "Octagon"),
    "neurotransmitter": ("parallelogram", "", "Slanted box"),
    "brain_region": ("tab", "", "Tabbed box"),
    "condition": ("box", "", "Square box"),
    "symptom": ("note", "", "Box with a folded corner"),
}


@dataclass(frozen=True)
class Palette:
    background: str
    ink: str  # text, node borders
    edges: dict[str, str]  # verdict -> arrow colour
    node_fills: dict[str, str]

    @property
    def incorrect_edge(self) -> str:
        return self.edges["incorrect"]


# Each palette paints its own background (the app's own light or dark one), so the diagram stays readable
# even when the viewer switches the app's theme after it was drawn. All colours come from analysis.colours:
# text sits on that background or on a node fill at a contrast of at least 4.5:1, arrows at least 3:1.
PALETTES = {
    theme: Palette(
        background=NEUTRALS[theme].background.lower(),
        ink=NEUTRALS[theme].text.lower(),
        edges={verdict: pair[theme].fill.lower() for verdict, pair in VERDICT_COLOURS.items()},
        node_fills={kind: pair[theme].lower() for kind, pair in NODE_KIND_FILLS.items()},
    )
    for theme in THEMES
}
FADED_ALPHA = "55"  # appended to #RRGGBB: what is not on the chosen risks' pathway recedes


def view_edges(edges: pd.DataFrame, view: str = DEFAULT_VIEW) -> pd.DataFrame:
    """The links a view shows, in file order."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {list(VIEWS)}")
    if view == "guide":
        keep = edges["origin"] == "guide_claim"
    elif view == "evidence":
        keep = (edges["origin"] == "established_evidence") | edges["verdict"].isin(BACKED_VERDICTS)
    else:
        keep = pd.Series(True, index=edges.index)
    return edges[keep].reset_index(drop=True)


def on_pathway(edges: pd.DataFrame, risk_ids: Iterable[str]) -> pd.Series:
    """True for each link on the pathway of any of `risk_ids` (all False when none is chosen)."""
    chosen = set(risk_ids)
    return edges["risk_ids"].map(lambda cell: bool(chosen & set(split_ids(cell)))).astype(bool)


def pathway_edges(edges: pd.DataFrame, risk_ids: Iterable[str]) -> pd.DataFrame:
    return edges[on_pathway(edges, risk_ids)].reset_index(drop=True)


def pathway_source_ids(edges: pd.DataFrame) -> list[str]:
    """Every source cited by `edges`, in order of first citation, without repeats."""
    return list(dict.fromkeys(ref for cell in edges["source_ids"] for ref in split_ids(cell)))


def mechanism_dot(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    view: str = DEFAULT_VIEW,
    risk_ids: Iterable[str] = (),
    theme: str = "light",
    pathway_only: bool = False,
    narrow: bool = False,
) -> str:
    """Graphviz DOT source of the diagram: the links of `view`, the chosen risks' pathways highlighted
    and the rest faded, or, with `pathway_only`, left out (a smaller diagram for narrow screens).

    `narrow` draws the phone layout: node names wrapped shorter, each link labelled only with who says it and
    its verdict mark ("C3 ✗"), tighter spacing; the relation and the verdict in words are in the table.
    Only nodes that a drawn link touches are drawn. Every text from the data is escaped for DOT.
    """
    if theme not in PALETTES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {list(PALETTES)}")
    palette = PALETTES[theme]
    shown = view_edges(edges, view)
    risk_ids = list(risk_ids)
    if pathway_only and risk_ids:
        shown = pathway_edges(shown, risk_ids)
    highlighting = bool(risk_ids) and not pathway_only
    lit = on_pathway(shown, risk_ids)
    lit_nodes = set(shown.loc[lit, "source_node"]) | set(shown.loc[lit, "target_node"])
    used = set(shown["source_node"]) | set(shown["target_node"])

    layout = NARROW_LAYOUT if narrow else WIDE_LAYOUT
    lines = [
        "digraph mechanism {",
        f'  graph [rankdir="TB", bgcolor="{palette.background}", pad="{layout.pad}", nodesep="{layout.nodesep}", '
        f'ranksep="{layout.ranksep}", fontname="Helvetica,Arial,sans-serif"];',
        f'  node [fontname="Helvetica,Arial,sans-serif", fontsize="{layout.node_pt}", penwidth="1.2", '
        f'margin="{layout.node_margin}"];',
        f'  edge [fontname="Helvetica,Arial,sans-serif", fontsize="{layout.edge_pt}", arrowsize="0.8"];',
    ]
    for _, node in nodes[nodes["node_id"].isin(used)].iterrows():
        faded = highlighting and node["node_id"] not in lit_nodes
        shape, extra_style, _ = NODE_SHAPES[node["kind"]]
        attributes = {
            "label": _wrap(node["label"], layout.label_width),
            "shape": shape,
            "style": ",".join(filter(None, ["filled", extra_style])),
            "fillcolor": _fade(palette.node_fills[node["kind"]], faded),
            "color": _fade(palette.ink, faded),
            "fontcolor": _fade(palette.ink, faded),
            "tooltip": f"{label(NODE_KIND_LABELS, node['kind'])}: {node['description']}",
        }
        lines.append(f"  {_quote(node['node_id'])} [{_attributes(attributes)}];")
    for position, edge in shown.iterrows():
        faded = highlighting and not lit[position]
        line = VERDICT_LINES[edge["verdict"]]
        colour = palette.edges[edge["verdict"]]
        width = 2.6 if edge["verdict"] == "incorrect" else 1.6
        if highlighting and not faded:
            width += 1.4
        attributes = {
            "id": f"edge_{edge['edge_id']}",
            "label": edge_short_label(edge) if narrow else edge_diagram_label(edge),
            "style": line.dot_style,
            "color": _fade(colour, faded),
            "fontcolor": _fade(palette.ink, faded),
            "penwidth": f"{width:.1f}",
            "tooltip": edge_sentence(edge, nodes) + ". " + edge["note"],
        }
        lines.append(f"  {_quote(edge['source_node'])} -> {_quote(edge['target_node'])} [{_attributes(attributes)}];")
    if "rls" in used:
        lines.append('  { rank="sink"; "rls"; }')
    lines.append("}")
    return "\n".join(lines) + "\n"


def edge_diagram_label(edge: dict | pd.Series) -> str:
    """Who says it and the relation (wrapped, so the diagram stays narrow); then the verdict in words, with ✓
    or ✗."""
    who = edge["claim_id"] if edge["origin"] == "guide_claim" else "Evidence"
    verdict = VERDICT_LINES[edge["verdict"]].mark + label(VERDICT_LABELS, edge["verdict"])
    return _wrap(f"{who}: {label(RELATION_LABELS, edge['relation'])}", RELATION_LABEL_WIDTH) + f"\n{verdict}"


def edge_short_label(edge: dict | pd.Series) -> str:
    """The phone layout's link label: who says it and the verdict mark ("C3 ✗", "Evidence ✓"); the line style
    and colour say the verdict too, and the table under the diagram says it in words."""
    who = edge["claim_id"] if edge["origin"] == "guide_claim" else "Evidence"
    return (who + " " + VERDICT_LINES[edge["verdict"]].mark).strip()


def edge_sentence(edge: dict | pd.Series, nodes: pd.DataFrame) -> str:
    """'Iron is a cofactor of Tyrosine hydroxylase'."""
    names = _node_names(nodes)
    return (
        f"{names.get(edge['source_node'], edge['source_node'])} {label(RELATION_LABELS, edge['relation'])} "
        f"{_lower_first(names.get(edge['target_node'], edge['target_node']))}"
    )


def edge_choice_label(edge: dict | pd.Series, nodes: pd.DataFrame) -> str:
    """How a link is named in the page's select box: the sentence, who says it and the verdict."""
    who = f"guide {edge['claim_id']}" if edge["origin"] == "guide_claim" else "evidence"
    return f"{edge_sentence(edge, nodes)} ({who}: {label(VERDICT_LABELS, edge['verdict']).lower()})"


def mechanism_edges_view(edges: pd.DataFrame, nodes: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The text alternative to the diagram: one row per link, readable labels, the verdict and what it says in a
    few words (verdict_summary), short source labels."""
    names = _node_names(nodes)
    return pd.DataFrame(
        {
            "From": edges["source_node"].map(names),
            "Relation": edges["relation"].map(lambda r: label(RELATION_LABELS, r)),
            "To": edges["target_node"].map(names),
            "Verdict": edges["verdict"].map(lambda v: label(VERDICT_LABELS, v)),
            "What the sources back": edges["verdict_summary"],
            "Who says it": edges.apply(
                lambda e: f"The guide ({e['claim_id']})" if e["origin"] == "guide_claim" else "Evidence", axis=1
            ),
            "Sources": edges["source_ids"].map(
                lambda ids: [short_label(s) for _, s in cited_sources(ids, sources).iterrows()]
            ),
        },
        columns=["From", "Relation", "To", "Verdict", "What the sources back", "Who says it", "Sources"],
    )


def mechanism_edges_download(edges: pd.DataFrame, nodes: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """What 'Download CSV' writes: the links shown, every column of mechanism_edges.csv, the node names,
    and the full citation of each source."""
    names = _node_names(nodes)
    out = edges.reset_index(drop=True).copy()
    out["source_label"] = out["source_node"].map(names)
    out["target_label"] = out["target_node"].map(names)
    out["source_citations"] = out["source_ids"].map(lambda ids: citations_text(ids, sources))
    return out


def legend_lines() -> list[tuple[str, str]]:
    """(how the arrow looks, verdict) for each verdict, in the diagram's own words: "Solid green line"."""
    return [
        (f"{style.line} {VERDICT_COLOUR_NAMES[verdict]} line", label(VERDICT_LABELS, verdict))
        for verdict, style in VERDICT_LINES.items()
    ]


def legend_shapes(kinds: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(shape, node kind) for the kinds given (default: every kind), in vocabulary order."""
    wanted = set(NODE_KIND_LABELS if kinds is None else kinds)
    return [(NODE_SHAPES[k][2], NODE_KIND_LABELS[k]) for k in NODE_KIND_LABELS if k in wanted]


def _node_names(nodes: pd.DataFrame) -> dict[str, str]:
    return dict(zip(nodes["node_id"], nodes["label"], strict=True))


def _lower_first(name: str) -> str:
    """'Tyrosine hydroxylase' -> 'tyrosine hydroxylase' inside a sentence; names like 'Restless Legs
    Syndrome' or 'L-DOPA' (a second capital) keep their case."""
    return name[:1].lower() + name[1:] if name[1:2].islower() and not any(c.isupper() for c in name[1:]) else name


def _wrap(text: str, width: int = NODE_LABEL_WIDTH) -> str:
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def _fade(colour: str, faded: bool) -> str:
    return colour + FADED_ALPHA if faded else colour


def _quote(text: str) -> str:
    """A DOT double-quoted string. Backslashes and quotes are escaped, so data cannot end the string or
    use Graphviz escapes (\\N, \\G, \\l); a line break in `text` becomes a centred line break."""
    cleaned = "".join(ch if ch == "\n" or ch >= " " else " " for ch in str(text))
    escaped = cleaned.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'


def _attributes(attributes: dict[str, str]) -> str:
    return ", ".join(f"{key}={_quote(value)}" for key, value in attributes.items())
