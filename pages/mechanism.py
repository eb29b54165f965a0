"""Mechanism (served at /mechanism): the guide's causal story drawn next to the established biology,
one arrow per link, each with its verdict and sources. The DOT source is built in analysis.mechanism."""

import streamlit as st

from analysis import (
    edge_choice_label,
    edge_sentence,
    legend_lines,
    legend_shapes,
    mechanism_dot,
    mechanism_edges_download,
    mechanism_edges_view,
    on_pathway,
    pathway_source_ids,
    split_ids,
    to_csv_bytes,
    view_edges,
)
from analysis.mechanism import DEFAULT_VIEW, PALETTES, VIEWS
from analysis.vocab import EVIDENCE_TYPE_LABELS, label
from ui.chrome import page_header, render_claims, render_source_list, verdict_line
from ui.data import dataset_or_stop
from ui.query import choice_from_url, report_ignored, state_key, url_multiselect, write_to_url
from ui.text import escape_markdown, links_markdown

DOWNLOAD_NAME = "manganese_rls_mechanism_links.csv"
VIEW_HELP = {
    "guide": "every link the guide claims, with the verdict on each",
    "evidence": "what the sources back: the guide's links that hold, fully or in part, and the links it leaves out",
    "both": "everything at once",
}

dataset = dataset_or_stop()
nodes, edges = dataset.mechanism_nodes, dataset.mechanism_edges
risk_ids = dataset.risks["risk_id"].tolist()
risk_names = dict(zip(dataset.risks["risk_id"], dataset.risks["risk_type"], strict=True))


PAGE = "mechanism"  # session keys of this page start with "mechanism."
EDGE_KEY = state_key(PAGE, "edge")


def _forget_chosen_edge() -> None:
    st.session_state.pop(EDGE_KEY, None)  # show the first link of the new pathway


page_header(
    "The guide's mechanism",
    "Each arrow is one link in the guide's chain from manganese to Restless Legs Syndrome (RLS).",
)

controls = st.columns([3, 4])
selected = url_multiselect(
    controls[0], "Risk type", risk_ids, page=PAGE, param="risk", default=[], format_func=risk_names.get,
    placeholder="Highlight the pathway of a risk", on_change=_forget_chosen_edge,
    help="The links behind the risks you choose stay bright; the rest fade.",
)  # fmt: skip
ignored_view = choice_from_url(PAGE, "view", list(VIEWS), DEFAULT_VIEW)
only_pathway = controls[0].toggle(
    "Only the chosen pathway",
    key=state_key(PAGE, "only_pathway"),
    disabled=not selected,
    help="Leave out the faded links: a smaller diagram that stays readable on a phone.",
)
view = controls[1].radio(
    "Show",
    list(VIEWS),
    format_func=VIEWS.get,
    key=state_key(PAGE, "view"),
    on_change=write_to_url,
    args=(PAGE, "view", DEFAULT_VIEW),
    horizontal=True,
    help="; ".join(f"{VIEWS[v]}: {text}" for v, text in VIEW_HELP.items()) + ".",
)
report_ignored("view", ignored_view)

shown = view_edges(edges, view)
lit = on_pathway(shown, selected)
pathway = shown[lit].reset_index(drop=True)
theme = st.context.theme.type if st.context.theme.type in PALETTES else "light"

if selected and only_pathway:
    summary = f"**{len(pathway)} of {len(shown)} links** drawn ({VIEWS[view].lower()}): only the chosen pathway"
elif selected:
    summary = f"**{len(shown)} links** shown ({VIEWS[view].lower()}), **{len(pathway)}** of them on the chosen pathway"
else:
    summary = f"**{len(shown)} links** shown ({VIEWS[view].lower()})"
st.markdown(summary + ".")
if selected and pathway.empty:
    st.info(
        "None of the links in this view belongs to the chosen risk types. Try *Both overlaid*, or another risk.",
        icon=":material/filter_alt_off:",
    )

alt = (
    f"Diagram of {len(shown)} causal links between nutrients, enzymes, messengers and conditions; "
    "the same links, with verdicts and sources, are listed in words below it."
)
# Two layouts of the same diagram; the page's style (ui/style.py) shows the one that fits the column's measured
# width, scaled down to it if need be, so it is never wider than the screen.
with st.container(key="mechanism_diagram"):
    for layout in ("wide", "narrow"):
        with st.container(key=f"mechanism_diagram_{layout}"):
            dot = mechanism_dot(
                nodes, edges, view=view, risk_ids=selected, theme=theme, pathway_only=only_pathway,
                narrow=layout == "narrow",
            )  # fmt: skip
            st.graphviz_chart(dot, width="content", alt=alt)

st.caption(
    "On a narrow screen each arrow is labelled only with its claim number (or *Evidence*) and ✓ or ✗; the "
    "list below gives every link in words. For a bigger view, open the diagram full screen (button at its top "
    "right), or choose a risk type and switch on *Only the chosen pathway*."
)
claim_numbers = sorted({c for c in edges["claim_id"] if c}, key=lambda c: int(c[1:]))
claim_range = f"{claim_numbers[0]} to {claim_numbers[-1]}" if claim_numbers else "none"
legend = st.columns(2)
legend[0].markdown(
    "**Arrows** (the label says the verdict too)\n"
    + "\n".join(f"- {line}: {meaning}" for line, meaning in legend_lines())
    + f"\n- A label starting with a claim number ({claim_range}) is the guide's link; *Evidence* marks a link "
    "the guide leaves out"
)
kinds_shown = nodes[nodes["node_id"].isin(set(shown["source_node"]) | set(shown["target_node"]))]["kind"]
legend[1].markdown(
    "**Boxes**  \n" + " · ".join(f"{shape}: {kind.lower()}" for shape, kind in legend_shapes(kinds_shown))
)

st.subheader("The links in words", anchor=False)
table_edges = pathway if selected else shown
st.caption(
    "The diagram as a list: one line per arrow"
    + (" on the chosen pathway; clear *Risk type* to list every link of the view." if selected else ".")
)
if not table_edges.empty:
    st.markdown(links_markdown(mechanism_edges_view(table_edges, nodes, dataset.sources)))
    st.download_button(
        "Download CSV",
        data=lambda: to_csv_bytes(mechanism_edges_download(table_edges, nodes, dataset.sources)),
        file_name=DOWNLOAD_NAME,
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help="The rows shown, every column of mechanism_edges.csv, node names and the full citation of each source.",
    )

st.subheader("One link in detail", anchor=False)
if shown.empty:
    st.info("This view has no links.", icon=":material/info:")
else:
    # The chosen risks' links first, so the first one is shown as soon as a risk is picked.
    options = pathway["edge_id"].tolist() + shown.loc[~lit, "edge_id"].tolist()
    if st.session_state.get(EDGE_KEY) not in options:
        st.session_state.pop(EDGE_KEY, None)
    chosen_id = st.selectbox(
        "Link",
        options,
        index=0,
        format_func=lambda edge_id: edge_choice_label(shown.set_index("edge_id").loc[edge_id], nodes),
        key=EDGE_KEY,
        help="Every arrow of the diagram; the links of the chosen risk types come first.",
    )
    edge = shown.set_index("edge_id").loc[chosen_id]
    evidence_types = ", ".join(label(EVIDENCE_TYPE_LABELS, c).lower() for c in split_ids(edge["evidence_type"]))
    on_risks = [risk_names[r] for r in split_ids(edge["risk_ids"]) if r in risk_names]
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(edge_sentence(edge, nodes))}**")
        st.markdown(
            f"{verdict_line(edge['verdict'], edge['verdict_summary'])}\n\nEvidence: {escape_markdown(evidence_types)}"
            + (f" · Risk pathway: {escape_markdown(', '.join(on_risks))}" if on_risks else "")
        )
        st.markdown(f"**What the evidence says**  \n{escape_markdown(edge['note'])}")
        if edge["origin"] == "guide_claim":
            st.markdown("**The guide's claim** (its verdict covers the whole claim, not only this link)")
            render_claims(edge["claim_id"], dataset.claims)
        else:
            st.caption("Not a claim of the guide: a link the sources establish that the guide leaves out.")
        st.markdown("**Sources**")
        render_source_list(edge["source_ids"], dataset.sources)

if selected and not pathway.empty:
    chosen_names = ", ".join(risk_names[r] for r in selected)
    st.subheader("Sources on the highlighted pathway", anchor=False)
    st.caption(f"Every source cited by the {len(pathway)} links behind: {escape_markdown(chosen_names)}.")
    render_source_list(pathway_source_ids(pathway), dataset.sources)
