"""Extraction: targets, results and metadata from a ``Document``."""

from chitieu.extract.item import Bound, Direction, Extraction, Item, Kind, Metadata, TableSource, Verdict
from chitieu.extract.metadata import extract_metadata
from chitieu.extract.pipeline import extract, why_empty

__all__ = [
    "Bound",
    "Direction",
    "Extraction",
    "Item",
    "Kind",
    "Metadata",
    "TableSource",
    "Verdict",
    "extract",
    "extract_metadata",
    "why_empty",
]
