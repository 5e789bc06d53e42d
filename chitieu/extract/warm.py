"""Imported by the upload sandbox's fork server (``chitieu.web.uploads`` names it to ``sandbox.preload``): reads and
extracts one bundled sample there, once, so the word lists are loaded and the patterns compiled before any
conversion is forked. Each conversion's child is a copy of the fork server; without this, every child would load
and compile them again (about a quarter of a second of CPU per uploaded file). Importing it anywhere else only costs
that one extraction."""

from __future__ import annotations

from chitieu.extract.metadata import extract_metadata
from chitieu.extract.pipeline import extract
from chitieu.intake import read_document
from chitieu.samples import SAMPLES

SAMPLE = SAMPLES / "lang-son-bao-cao-chinh-tri-2020.md"  # headings, a list of targets, results and a table


def warm() -> None:
    document = read_document(SAMPLE)
    extract(document, extract_metadata(document))


warm()
