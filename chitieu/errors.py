"""Errors that chitieu raises on purpose.

Every message is one Vietnamese sentence a user can act on. Bugs stay ``TypeError``/``ValueError``.

    ChitieuError
    ├── InputError          a file that cannot be read (names the file)
    │   └── LimitError      a file over one of an upload's limits (names the file and the limit)
    ├── DataFileError       a broken language-data file (names the file and key)
    ├── NotFoundError       something asked for is not in the register
    ├── ConflictError       someone else saved first
    ├── AccessDeniedError   the user may not do this
    └── InvalidValueError   a value sent that chitieu cannot keep (a number not finite or too large, a wrong type)
"""

from __future__ import annotations

from pathlib import Path


class ChitieuError(Exception):
    """Base of every error chitieu raises on purpose."""

    def __reduce__(self) -> tuple[object, ...]:
        """Rebuilt with its fields, whatever its ``__init__`` takes: an error crosses a process boundary whole (the
        upload sandbox, the OCR workers)."""
        return (_rebuild, (type(self), self.__dict__, self.args))


class InputError(ChitieuError):
    """A document that cannot be read; the message names the file."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"Không đọc được tệp {Path(self.path).name}: {reason}")


class LimitError(InputError):
    """A file over one of the limits of an upload (``chitieu.intake.budget``): ``limit`` names which one, the message
    says it in one line ("Tệp 'x.pdf' có 2.000 trang cần nhận dạng chữ (OCR), vượt giới hạn 50 trang.")."""

    def __init__(self, path: str | Path, line: str, limit: str) -> None:
        self.path = str(path)
        self.reason = line
        self.limit = limit
        ChitieuError.__init__(self, line)


def _rebuild(kind: type[ChitieuError], state: dict[str, object], args: tuple[object, ...]) -> ChitieuError:
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class DataFileError(ChitieuError):
    """A language-data file that is missing a key or has a wrong value."""

    def __init__(self, path: str | Path, key: str, reason: str) -> None:
        self.path = str(path)
        self.key = key
        self.reason = reason
        super().__init__(f"Tệp dữ liệu {Path(self.path).name} sai ở khóa '{key}': {reason}")


class NotFoundError(ChitieuError):
    """Something asked for does not exist."""


class ConflictError(ChitieuError):
    """Someone else saved the same record first."""


class AccessDeniedError(ChitieuError):
    """The current user may not do this."""


class InvalidValueError(ChitieuError):
    """A value someone sent that cannot be stored: NaN, infinity, an absurdly large number, text where a number
    belongs or the reverse (HTTP 422)."""
