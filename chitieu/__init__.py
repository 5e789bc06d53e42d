"""chitieu: Vietnamese plan documents to a living register of their targets (chỉ tiêu).

Public API: ``read_document``, ``extract``, and the errors.
"""

from chitieu.errors import AccessDeniedError, ChitieuError, ConflictError, DataFileError, InputError, NotFoundError
from chitieu.extract import extract
from chitieu.intake import read_document

__all__ = [
    "AccessDeniedError",
    "ChitieuError",
    "ConflictError",
    "DataFileError",
    "InputError",
    "NotFoundError",
    "extract",
    "read_document",
]
__version__ = "0.1.0"
