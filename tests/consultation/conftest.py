"""A register in memory and a small draft of our own for consultation tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from chitieu.register import Register, open_register
from tests.conftest import memory_register, postgres_database

VN = timezone(timedelta(hours=7))
DEADLINE = datetime(2026, 4, 15, 17, 0, tzinfo=VN)
OPENED = datetime(2026, 4, 1, 8, 0, tzinfo=VN)

DRAFT = """HUYỆN ỦY SÔNG XANH

DỰ THẢO BÁO CÁO CHÍNH TRỊ
trình Đại hội đại biểu Đảng bộ huyện Sông Xanh, nhiệm kỳ 2025-2030

Phần thứ nhất
KẾT QUẢ NHIỆM KỲ TRƯỚC

I. KẾT QUẢ NỔI BẬT
Trong nhiệm kỳ qua, kinh tế của huyện giữ được đà tăng; đời sống người dân nhiều vùng được cải thiện.
Công tác xây dựng Đảng có chuyển biến, nhưng một số chi bộ sinh hoạt còn hình thức.

Phần thứ hai
MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ 2025-2030

I. CHỈ TIÊU CHỦ YẾU
1. Tốc độ tăng trưởng giá trị sản xuất bình quân đạt 9%/năm.
2. Thu ngân sách nhà nước trên địa bàn năm 2030 đạt 1.100 tỷ đồng.
3. Tỷ lệ che phủ rừng đạt 62%.
4. Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm.

II. NHIỆM VỤ, GIẢI PHÁP
Tập trung làm đường liên xã, mở rộng vùng chè sạch và dạy nghề cho thanh niên.
"""


@pytest.fixture
def register() -> Register:
    return memory_register()


@pytest.fixture
def postgres_register() -> Iterator[Register]:
    """A register in a new PostgreSQL database, dropped afterwards."""
    with postgres_database("chitieu_consult") as url:
        register = open_register(url=url)
        yield register
        register.engine.dispose()
