"""A register in memory and a small draft of our own for consultation tests."""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text

from chitieu.register import Register, open_register

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
    return open_register(url="sqlite://")


@pytest.fixture
def postgres_register():
    """A register in a new PostgreSQL database, dropped afterwards (CHITIEU_TEST_POSTGRES_URL)."""
    url = os.environ.get("CHITIEU_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("CHITIEU_TEST_POSTGRES_URL is not set")
    name = f"chitieu_consult_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    register = open_register(url=f"{url.rsplit('/', 1)[0]}/{name}")
    yield register
    register.engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}"'))
    admin.dispose()
