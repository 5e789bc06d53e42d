"""Every error chitieu raises crosses a process boundary whole (the upload sandbox and the OCR workers pickle it)."""

from __future__ import annotations

import pickle

import pytest

from chitieu.errors import DataFileError, InputError, LimitError, NotFoundError


@pytest.mark.parametrize(
    "error",
    [
        DataFileError("/goi/data/units.yaml", "units", "thiếu khóa"),
        InputError("bao-cao.pdf", "tệp rỗng"),
        LimitError("bao-cao.pdf", "Tệp 'bao-cao.pdf' có 2.000 trang, vượt giới hạn 50 trang.", "pages"),
        NotFoundError("Không tìm thấy chỉ tiêu 12"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_an_error_comes_back_from_another_process_as_it_left(error: Exception) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert back.__dict__ == error.__dict__
