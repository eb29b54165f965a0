"""Manganese & RLS Evidence Explorer: the data core. Plain Python (no Streamlit), usable from a notebook:

from analysis import load_dataset, classify_intake
ds = load_dataset()
classify_intake(10, age_years=16, sex="female", reference_values=ds.reference_values)
"""

from .citations import cited_sources, format_citation, short_label, source_link
from .dataset import DATA_DIR_ENV, DataError, Dataset, data_fingerprint, load_dataset, resolve_data_dir
from .export import neutralise_text, to_csv_bytes
from .intake import IntakeAssessment, classify_intake
from .mechanism import (
    edge_choice_label,
    edge_sentence,
    legend_lines,
    legend_shapes,
    mechanism_dot,
    mechanism_edges_download,
    mechanism_edges_view,
    on_pathway,
    pathway_edges,
    pathway_source_ids,
    view_edges,
)
from .risk_table import filter_risks, risk_sources_view, risk_table_download, risk_table_view
from .schemas import split_ids

__all__ = [
    "DATA_DIR_ENV",
    "DataError",
    "Dataset",
    "IntakeAssessment",
    "cited_sources",
    "classify_intake",
    "data_fingerprint",
    "edge_choice_label",
    "edge_sentence",
    "filter_risks",
    "format_citation",
    "legend_lines",
    "legend_shapes",
    "load_dataset",
    "mechanism_dot",
    "mechanism_edges_download",
    "mechanism_edges_view",
    "neutralise_text",
    "on_pathway",
    "pathway_edges",
    "pathway_source_ids",
    "resolve_data_dir",
    "risk_sources_view",
    "risk_table_download",
    "risk_table_view",
    "short_label",
    "source_link",
    "split_ids",
    "to_csv_bytes",
    "view_edges",
]
