"""Intake: every format becomes the same ``Document`` of lines, blocks, headings and tables."""

from chitieu.intake.document import Block, BlockKind, Document, Heading, Line, Table
from chitieu.intake.readers import read_document, read_text_file, supported_suffixes

__all__ = ["Block", "BlockKind", "Document", "Heading", "Line", "Table", "read_document", "read_text_file",
           "supported_suffixes"]
