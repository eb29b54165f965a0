"""The few style rules the theme options cannot express (.streamlit/config.toml holds the rest), drawn once per run.

- The mechanism diagram: the wide or the narrow layout, by the measured width of its column (a CSS container
  query), never wider than the column nor taller than the screen (full screen too).
- Touch targets of at least 24 x 24 CSS px (WCAG 2.2, 2.5.8): help icons and chart toolbar buttons.
- A focus indicator of at least 3:1 against the page in both themes (WCAG 1.4.11): FOCUS_RING from
  analysis.colours, 4.6:1 on the light page and 4.1:1 on the dark one.
- On a narrow screen, the page menu closes once a page is chosen (CLOSE_NAV_ON_CHOICE), and an expander holding a
  chart keeps a thin inner margin, so the chart gets the width it is laid out for (its title and credit lines),
  and a chart's data shows as a list of rows instead of a table that would scroll sideways.
"""

from __future__ import annotations

import streamlit as st

from analysis.colours import FOCUS_RING

NARROW_MAX_PX = 640  # Streamlit's "sm" breakpoint: a phone held upright
# Key prefixes of the two forms of a chart's data (ui.charts): a table on a wide screen, a list of rows on a phone.
DATA_TABLE_KEY, DATA_LIST_KEY = "chart_data_table_", "chart_data_rows_"
DIAGRAM_WIDE_MIN_PX = 860  # narrower columns get the narrow layout (the wide one is about 900 px at natural size)


def _wrapper_of_keys(prefix: str) -> str:
    """The wrapper Streamlit puts around each container whose key starts with `prefix`: hidden whole, it leaves
    no gap of its own in the column."""
    return f'[data-testid="stLayoutWrapper"]:has(> [class*="st-key-{prefix}"])'


STYLE = f"""<style>
.st-key-mechanism_diagram {{ container-type: inline-size; }}
.st-key-mechanism_diagram svg {{ max-width: 100%; height: auto; max-height: calc(100vh - 2rem); }}
@container (max-width: {DIAGRAM_WIDE_MIN_PX - 1}px) {{ .st-key-mechanism_diagram_wide {{ display: none; }} }}
@container (min-width: {DIAGRAM_WIDE_MIN_PX}px) {{ .st-key-mechanism_diagram_narrow {{ display: none; }} }}
[data-testid="stTooltipHoverTarget"] > button {{ min-width: 24px; min-height: 24px; display: inline-flex;
  align-items: center; justify-content: center; padding: 0; }}
.modebar-btn {{ min-width: 24px; min-height: 24px; display: inline-flex; align-items: center;
  justify-content: center; }}
:is(button, a, input, summary, [role="button"], [role="tab"], [role="switch"], [tabindex]):focus-visible {{
  outline: 2px solid {FOCUS_RING} !important; outline-offset: 2px; }}
[data-testid="stTable"] :is(td, th) p {{ word-break: normal; overflow-wrap: normal; }}
@media (max-width: {NARROW_MAX_PX}px) {{ [data-testid="stExpanderDetails"]:has([data-testid="stPlotlyChart"]) {{
  padding-left: 0.25rem; padding-right: 0.25rem; }}
  {_wrapper_of_keys(DATA_TABLE_KEY)} {{ display: none; }} }}
@media (min-width: {NARROW_MAX_PX + 1}px) {{ {_wrapper_of_keys(DATA_LIST_KEY)} {{ display: none; }} }}
</style>"""


# On a screen where the sidebar covers the page (Streamlit's "md" breakpoint, 768 px), choosing a page in it closes
# it, so the page chosen is what shows. Streamlit does this itself only for browsers that say they are phones; a
# narrow window or a tablet kept the menu open over the new page. One listener per browser tab (the flag).
CLOSE_NAV_ON_CHOICE = """<script>
if (!window.mnrlsCloseNavOnChoice) {
  window.mnrlsCloseNavOnChoice = true;
  document.addEventListener("click", (event) => {
    if (!event.target.closest('[data-testid="stSidebarNav"] a') || window.innerWidth > 768) return;
    setTimeout(() => {
      const collapse = document.querySelector('[data-testid="stSidebar"] button[aria-label="Collapse sidebar"]');
      if (collapse && collapse.getAttribute("aria-expanded") === "true") collapse.click();
    }, 0);
  }, true);
}
</script>"""


def apply_style() -> None:
    # In the sidebar: the rules apply to the whole page wherever they sit, and in the main column each element
    # would add a gap above the title (16 px, pushing the intro out of the phone's top third).
    with st.sidebar:
        st.html(STYLE)
        st.html(CLOSE_NAV_ON_CHOICE, unsafe_allow_javascript=True)
