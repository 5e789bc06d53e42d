"""Register speed: import rate (targets/s, bulk insert) and query latency p50/p95, on SQLite and PostgreSQL.

    .venv/bin/python bench/register.py --size 1000000                     # SQLite file in a temp folder
    .venv/bin/python bench/register.py --size 100000 --postgres URL       # also PostgreSQL (a throwaway database)

Rows are synthetic: 63 provinces' worth of documents, targets spread over the catalogue and periods, a figure for
a fifth of them (so statuses differ). After the bulk load ``Register.refresh_status`` fills the status table (its
rate is printed). Queries are the web's: one page of ``Register.query_targets`` (province with lineage, term,
field; with a status and a search), ``Register.status_counts`` for a province's term and for everything, and a
lookup by id.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

from chitieu.register import open_register
from chitieu.register.db import Actual, Document, Target
from chitieu.register.db.models import Province
from chitieu.register.db.session import transaction
from chitieu.register.documents.linking import indicator_ids
from chitieu.register.documents.provinces import seed_provinces

BATCH = 10_000
PERIODS = [("2020-2025", 2020, 2025), ("2025", 2025, 2025), ("2024", 2024, 2024), ("2015-2020", 2015, 2020)]


def fill(register, size: int) -> float:
    """Insert ``size`` synthetic targets; returns targets per second."""
    with transaction(register.factory) as session:
        seed_provinces(session)
        ids = list(indicator_ids(session).values())
        provinces = [p.id for p in session.scalars(select(Province))]
        docs = [Document(content_hash=uuid.uuid4().hex, name=f"bench-{n}.txt", source_bytes=b"",
                         province_id=provinces[n % len(provinces)], metadata_json={}) for n in range(200)]
        session.add_all(docs)
        session.flush()
        doc_rows = [(d.id, d.province_id) for d in docs]
    rng = random.Random(7)
    words = ["Tỷ lệ hộ nghèo", "Tỷ lệ che phủ rừng", "Thu ngân sách", "Số xã đạt chuẩn nông thôn mới"]
    started = time.perf_counter()
    with register.engine.begin() as connection:
        for offset in range(0, size, BATCH):
            rows, figures = [], []
            for number in range(offset, min(offset + BATCH, size)):
                doc_id, province_id = rng.choice(doc_rows)
                period, start, end = rng.choice(PERIODS)
                value, indicator = rng.uniform(1, 100), rng.choice(ids)
                rows.append({"id": number + 1, "document_id": doc_id, "province_id": province_id,
                             "indicator_id": indicator, "indicator_text": rng.choice(words), "value": value,
                             "bound": "min", "direction": "up", "unit": "%", "period": period, "period_start": start,
                             "period_end": end, "main": True, "version": 1})
                if rng.random() < 0.2:
                    figures.append({"target_id": number + 1, "province_id": province_id, "indicator_id": indicator,
                                    "indicator_text": "Chỉ tiêu thử", "value": value * rng.uniform(0.9, 1.1),
                                    "bound": "exact", "period": period, "vintage": "final", "source_kind": "document",
                                    "version": 1})
            connection.execute(insert(Target), rows)
            if figures:
                connection.execute(insert(Actual), figures)
    return size / (time.perf_counter() - started)


def latencies(register, rounds: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(11)
    names = ["Thái Nguyên", "Bắc Kạn", "Hà Nội", "Cà Mau", "Lâm Đồng"]
    with register.factory() as session:
        top = session.scalar(select(Target.id).order_by(Target.id.desc()).limit(1))
    cases = {
        "by id": lambda: register.assess(rng.randint(1, top)),
        "page: province+term+field": lambda: register.query_targets(rng.choice(names), "2020-2025", "moi_truong"),
        "page: +status, sorted by status": lambda: register.query_targets(
            rng.choice(names), "2020-2025", "kinh_te", "not_met", sort="status", descending=True),
        "page: province+search": lambda: register.query_targets(rng.choice(names), search="ho ngheo"),
        "page: everything, page 100": lambda: register.query_targets(offset=5000),
        "status_counts: province+term": lambda: register.status_counts(rng.choice(names), "2020-2025"),
        "status_counts: everything": lambda: register.status_counts(),
    }
    out = {}
    for name, call in cases.items():
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
    return out


def run(label: str, url: str, size: int, rounds: int) -> None:
    register = open_register(url=url)
    rate = fill(register, size)
    print(f"{label}: {size:,} targets, import {rate:,.0f} targets/s")
    started = time.perf_counter()
    register.refresh_status()
    print(f"{label}: refresh_status {size / (time.perf_counter() - started):,.0f} targets/s")
    # a settled database: statistics gathered (and PostgreSQL's visibility map set, as autovacuum would)
    with register.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if register.engine.dialect.name == "postgresql" else "ANALYZE"))
    register.engine.dispose()
    started = time.perf_counter()
    register = open_register(url=url)  # what every CLI command pays: migrations and the stale-status check
    print(f"{label}: open_register {(time.perf_counter() - started) * 1000:.0f} ms")
    for name, (p50, p95) in latencies(register, rounds).items():
        print(f"{label}: {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    register.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--postgres", help="server URL; a throwaway database is created and dropped")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite'}", args.size, args.rounds)
    if args.postgres:
        name = f"chitieu_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            run("PostgreSQL", f"{args.postgres.rsplit('/', 1)[0]}/{name}", args.size, args.rounds)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
