"""The framework floor: what a trivial Streamlit app costs on this machine with our server settings.

Each page has the same widget types, labels and navigation titles as the app's page of the same URL,
one tiny table and no data work; the dose floor draws five plotly charts with the same trace counts as
the real ones (13, 31, 2, 2 and 4), built once per process, so only Streamlit's own work (widgets,
marshalling, the per-run GC) and the browser's rendering remain. `make bench` serves this file with
the same flags and .streamlit/config.toml as app.py and reports app / floor.

Pages that exist only here (mechanism, evidence) are floors for pages being built on other branches;
the benchmark skips a scenario when the app answers its URL with "page not found"."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

RISKS = ["Neurotoxicity", "Iron interaction", "Altered dopamine metabolism", "Gastrointestinal disturbances"]
VERDICTS = ["Supported", "Partly supported", "Unsupported", "Incorrect", "No evidence found"]
TRACES_PER_CHART = (13, 31, 2, 2, 4)  # the dose page's charts, counted on its default view


@st.cache_resource
def figures() -> list[go.Figure]:
    """Figures of the same shape as the dose page's, made once: the floor does no per-run figure work."""
    built = []
    for count in TRACES_PER_CHART:
        fig = go.Figure()
        for i in range(count):
            fig.add_trace(go.Scatter(x=[0, 1, 2], y=[i, i + 1, i], mode="lines+markers", name=f"trace {i}"))
        fig.add_vline(x=1)
        fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 40, "b": 10})
        built.append(fig)
    return built


def tiny_table(column: str, values: list[str]) -> None:
    st.dataframe(pd.DataFrame({column: values, "n": range(len(values))}), hide_index=True)


def risk_floor() -> None:
    st.title("Risks (floor)", anchor=False)
    columns = st.columns([2, 1, 1])
    selected = columns[0].multiselect("Risk type", RISKS, default=RISKS, key="risk")
    columns[1].multiselect("Verdict", VERDICTS, key="verdict")
    columns[2].text_input("Search", key="q")
    st.markdown(f"**{len(selected)} of {len(RISKS)} risks**")
    tiny_table("Risk type", selected)
    st.download_button("Download CSV", data=lambda: "a\n1\n", file_name="floor.csv", on_click="ignore")


def dose_floor() -> None:
    st.title("Dose (floor)", anchor=False)
    who = st.columns(4)
    age = who[0].number_input("Age (years)", value=30.0, step=1.0, key="age")
    who[1].selectbox("Sex", ["Female", "Male"], key="sex")
    who[2].selectbox("Life stage", ["Not pregnant or lactating", "Pregnant", "Lactating"], key="stage")
    who[3].selectbox("Reference values", ["US (IOM)", "EU (EFSA)", "Both, side by side"], key="authority")
    intake = st.columns(4)
    food = intake[0].number_input("Food (mg/day)", value=None, step=0.1, key="food")
    supp = intake[1].number_input("Supplements (mg/day)", value=0.0, step=0.5, key="supp")
    intake[2].number_input("Tap water (µg/L of manganese)", value=0.0, step=10.0, key="water")
    intake[3].number_input("Water drunk (L/day)", value=0.0, step=0.25, key="litres")
    st.columns(4)[0].number_input("Serum ferritin, optional (ng/mL)", value=None, step=5.0, key="ferritin")
    st.markdown(f"**Total: {(food or 0) + supp:.2f} mg/day at age {age:g}**")
    tiny_table("Item", ["Food", "Supplements", "Water"])
    for number, fig in enumerate(figures()):
        st.plotly_chart(fig, key=f"floor_chart_{number}")


def sources_floor() -> None:
    st.title("Sources (floor)", anchor=False)
    tiny_table("Source", ["A", "B", "C"])


def mechanism_floor() -> None:
    st.title("Mechanism (floor)", anchor=False)
    st.graphviz_chart("digraph { a -> b; b -> c; a -> c }")
    tiny_table("Step", ["a", "b", "c"])


def evidence_floor() -> None:
    st.title("Evidence (floor)", anchor=False)
    st.multiselect("Verdict", VERDICTS, key="verdict")
    tiny_table("Claim", ["C1", "C2", "C3"])


st.set_page_config(page_title="Floor", layout="wide")
navigation = st.navigation(
    [
        st.Page(risk_floor, title="Risk table", default=True),
        st.Page(dose_floor, title="Dose and risk", url_path="dose"),
        st.Page(sources_floor, title="Sources and method", url_path="sources"),
        st.Page(mechanism_floor, title="Mechanism", url_path="mechanism"),
        st.Page(evidence_floor, title="Claim audit", url_path="evidence"),
    ]
)
with st.sidebar:
    st.markdown("**Floor**")
navigation.run()
