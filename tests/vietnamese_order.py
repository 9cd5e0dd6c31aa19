"""Names typed out of order, and the order Vietnamese lists give them (`lichtruc.text.sort_key`: letter by
letter in the Vietnamese alphabet, Đ after all of D): one copy for the memory-store and the PostgreSQL tests."""

from __future__ import annotations

PEOPLE = [
    "Võ Văn Tám",
    "Đặng Thị Hoa",
    "Dương Văn Lợi",
    "Đỗ Minh Khôi",
    "Nguyễn Văn An",
    "Ngô Thị Bé",
    "Trần Văn Ba",
    "Trương Công Danh",
    "Bùi Văn Phước",
]
PEOPLE_IN_ORDER = [
    "Bùi Văn Phước",
    "Dương Văn Lợi",
    "Đặng Thị Hoa",
    "Đỗ Minh Khôi",
    "Ngô Thị Bé",
    "Nguyễn Văn An",
    "Trần Văn Ba",
    "Trương Công Danh",
    "Võ Văn Tám",
]
ENTERPRISES = [
    "VNPT Long An",
    "Viettel Long An",
    "Đài Phát thanh và Truyền hình Long An",
    "Bưu điện tỉnh Long An",
    "MobiFone Long An",
]
ENTERPRISES_IN_ORDER = [
    "Bưu điện tỉnh Long An",
    "Đài Phát thanh và Truyền hình Long An",
    "MobiFone Long An",
    "Viettel Long An",
    "VNPT Long An",
]
SITES = ["Trạm Vĩnh Hưng", "Trạm Đức Hòa", "Trạm Bến Lức", "Trạm Dương Xuân Hội"]
SITES_IN_ORDER = ["Trạm Bến Lức", "Trạm Dương Xuân Hội", "Trạm Đức Hòa", "Trạm Vĩnh Hưng"]
TRANSACTION_POINTS = [  # (enterprise, point, district)
    ("VNPT Long An", "Điểm giao dịch Vĩnh Hưng", "Vĩnh Hưng"),
    ("VNPT Long An", "Điểm giao dịch lưu động", None),
    ("VNPT Long An", "Điểm giao dịch Hậu Nghĩa", "Đức Hòa"),
    ("VNPT Long An", "Điểm giao dịch Đức Hòa", "Đức Hòa"),
    ("Viettel Long An", "Cửa hàng Viettel Đức Hòa", "Đức Hòa"),
    ("VNPT Long An", "Điểm giao dịch Tân An", "Tân An"),
    ("VNPT Long An", "Điểm giao dịch Bến Lức", "Bến Lức"),
]
TRANSACTION_POINTS_IN_ORDER = [  # (district, enterprise, point): by district (none last), enterprise, point
    ("Bến Lức", "VNPT Long An", "Điểm giao dịch Bến Lức"),
    ("Đức Hòa", "Viettel Long An", "Cửa hàng Viettel Đức Hòa"),
    ("Đức Hòa", "VNPT Long An", "Điểm giao dịch Đức Hòa"),
    ("Đức Hòa", "VNPT Long An", "Điểm giao dịch Hậu Nghĩa"),
    ("Tân An", "VNPT Long An", "Điểm giao dịch Tân An"),
    ("Vĩnh Hưng", "VNPT Long An", "Điểm giao dịch Vĩnh Hưng"),
    (None, "VNPT Long An", "Điểm giao dịch lưu động"),
]
