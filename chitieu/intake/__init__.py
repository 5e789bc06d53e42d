"""Intake: every format becomes the same ``Document`` of lines, blocks, headings and tables."""

from chitieu.intake.archive import check_package, check_sheets
from chitieu.intake.budget import Budget
from chitieu.intake.document import Block, BlockKind, Document, Heading, Line, Table
from chitieu.intake.readers import check_upload, read_document, read_text_file, supported_suffixes
from chitieu.intake.sandbox import run as run_bounded

__all__ = ["Block", "BlockKind", "Budget", "Document", "Heading", "Line", "Table", "check_package", "check_sheets",
           "check_upload", "read_document", "read_text_file", "run_bounded", "supported_suffixes"]
