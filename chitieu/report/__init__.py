"""Reports in the offices' form: the appendix table (xlsx, docx), the yearly progress report (docx, pdf), the
comparison workbook, and the Excel template for entering actual values.

Every function reads the register and returns the file's bytes; none writes to the register.
"""

from chitieu.report.appendix import Appendix, AppendixGroup, AppendixRow, build_appendix
from chitieu.report.compare import compare_xlsx
from chitieu.report.docx import appendix_docx
from chitieu.report.pdf import to_pdf
from chitieu.report.periods import appendix_periods
from chitieu.report.progress import ProgressReport, RiskItem, build_progress, charts_png, progress_docx
from chitieu.report.template import ActualEntry, CellProblem, TemplateError, read_template, template_xlsx
from chitieu.report.xlsx import appendix_xlsx

__all__ = [
    "ActualEntry",
    "Appendix",
    "AppendixGroup",
    "AppendixRow",
    "CellProblem",
    "ProgressReport",
    "RiskItem",
    "TemplateError",
    "appendix_docx",
    "appendix_periods",
    "appendix_xlsx",
    "build_appendix",
    "build_progress",
    "charts_png",
    "compare_xlsx",
    "progress_docx",
    "read_template",
    "template_xlsx",
    "to_pdf",
]
