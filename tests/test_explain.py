"""The sentence under a status: every method and every status it can give, missing-data cases included, read as a
finished Vietnamese sentence with its figures (no "None", no empty figure, no unit standing alone)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import chitieu
from chitieu.explain import explain
from chitieu.judge import growth, progress, verdict
from chitieu.labels import EXPLAIN, GROUP_OF, GROUPS, STATUS, state_label
from chitieu.register.figures.assess import Figure, Judged, assess
from chitieu.report.wording import status_label


def _target(value: float | None, unit: str | None, period: str | None, start: int | None, end: int | None,
            figures: dict[str, float], *, value_max: float | None = None, bound: str = "exact",
            direction: str | None = "up", baseline: tuple[int, float] | None = None) -> dict[str, Any]:
    judged = Judged(
        1, 1, 1, "Lạng Sơn", "Lạng Sơn", "Chỉ tiêu thử", None, None, "kinh_te", value, value_max, bound, direction,
        unit, period, start, end, baseline[1] if baseline else None, baseline[0] if baseline else None, 2020, 1,
        [Figure(period_, value_, "final", date(2025, 1, 1)) for period_, value_ in figures.items()])
    return assess(judged, lambda _: [])


def _verdict(actual: float, **kwargs: Any) -> dict[str, Any]:
    return _target(kwargs.pop("value", 7.0), "%", "2024", 2024, 2024, {"2024": actual}, **kwargs)


def _growth(rates: list[float] | dict[int, float]) -> dict[str, Any]:
    by_year = rates if isinstance(rates, dict) else dict(zip(range(2021, 2026), rates, strict=False))
    return _target(6.5, "%/năm", "2020-2025", 2020, 2025, {str(y): r for y, r in by_year.items()}, value_max=7.0,
                   bound="range")


def _progress(latest: float, target: float = 50.0, base: float = 40.0) -> dict[str, Any]:
    return _target(target, "%", "2025", 2025, 2025, {"2022": latest}, bound="min", baseline=(2020, base))


CASES: dict[str, tuple[dict[str, Any], str, str | None]] = {  # id -> (assessment, status, method)
    "verdict-exceeded": (_verdict(8.0), verdict.EXCEEDED, "verdict"),
    "verdict-met": (_verdict(7.0), verdict.MET, "verdict"),
    "verdict-not-met": (_verdict(6.5), verdict.NOT_MET, "verdict"),
    "verdict-qualitative": (_verdict(5.0, value=None, bound="qualitative"), verdict.NOT_AVAILABLE, "verdict"),
    "verdict-no-direction": (_verdict(6.0, direction=None), verdict.NOT_AVAILABLE, "verdict"),
    "growth-on-track": (_growth([6.8, 6.7]), growth.ON_TRACK, "growth"),
    "growth-above-range": (_growth([8.0, 8.0]), growth.ABOVE_RANGE, "growth"),
    "growth-below-range": (_growth([6.0, 6.2]), growth.BELOW_RANGE, "growth"),
    "growth-out-of-reach": (_growth([2.0, 2.0, 2.0, 2.0]), growth.OUT_OF_REACH, "growth"),
    "growth-final-exceeded": (_growth([8.0] * 5), verdict.EXCEEDED, "growth"),
    "growth-final-met": (_growth([6.8, 6.7, 6.6, 6.9, 7.0]), verdict.MET, "growth"),
    "growth-final-not-met": (_growth([5.0] * 5), verdict.NOT_MET, "growth"),
    "growth-no-rate-in-term": (_growth({2019: 5.0}), growth.NOT_AVAILABLE, "growth"),
    "progress-achieved": (_progress(51.0), progress.TARGET_ACHIEVED, "progress"),
    "progress-on-track": (_progress(45.0), progress.ON_TRACK, "progress"),
    "progress-acceleration": (_progress(42.85), progress.ACCELERATION_NEEDED, "progress"),
    "progress-limited": (_progress(41.0), progress.LIMITED_PROGRESS, "progress"),
    "progress-deterioration": (_progress(38.0), progress.DETERIORATION, "progress"),
    "progress-zero-baseline": (_progress(38.0, base=0.0), progress.NOT_AVAILABLE, "progress"),
    "progress-no-growth-required": (_progress(38.0, target=40.0), progress.NOT_AVAILABLE, "progress"),
    "missing-year": (_target(7.0, "%", "2024", 2024, 2024, {}), "not_available", None),
    "missing-no-period": (_target(7.0, "%", None, None, None, {}), "not_available", None),
    "missing-term-no-baseline": (_target(50.0, "%", "2025", 2025, 2025, {"2023": 45.0}), "not_available", None),
    "missing-qualitative": (_target(None, None, "2024", 2024, 2024, {}, bound="qualitative"), "not_available", None),
}

BROKEN = [
    ("None", re.compile(r"\bNone\b")),
    ("a placeholder left", re.compile(r"[{}]")),
    ("an empty figure", re.compile(r"\blà\s*[,.:;/%]|\(\s*\)|\s[,.:;]|\s{2}")),
    ("a unit without its number", re.compile(r"(?<![\d])%|(?<![\d%)\w])/năm")),
]


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_every_status_and_method_reads_as_a_finished_sentence(case: str):
    row, status, method = CASES[case]
    assert (row["status"], row["method"]) == (status, method), "the case gives the status it names"
    sentence = explain(row)
    assert sentence[0].isupper() and sentence.endswith("."), sentence
    for name, pattern in BROKEN:
        assert not pattern.search(sentence), f"{name}: {sentence}"
    if row["actual"] is not None and method == "verdict":
        assert re.search(r"\d", sentence), sentence


def test_every_status_of_every_method_has_a_case():
    covered = {(method, status) for _, status, method in CASES.values()}
    verdicts = {verdict.EXCEEDED, verdict.MET, verdict.NOT_MET, verdict.NOT_AVAILABLE}
    final = verdicts - {verdict.NOT_AVAILABLE}  # a growth target with every year in
    wanted = ({("verdict", s) for s in verdicts}
              | {("growth", s) for s in (growth.ON_TRACK, growth.ABOVE_RANGE, growth.BELOW_RANGE,
                                         growth.OUT_OF_REACH, growth.NOT_AVAILABLE, *final)}
              | {("progress", s) for s in (progress.TARGET_ACHIEVED, progress.ON_TRACK, progress.ACCELERATION_NEEDED,
                                           progress.LIMITED_PROGRESS, progress.DETERIORATION, progress.NOT_AVAILABLE)}
              | {(None, "not_available")})
    assert covered == wanted


@pytest.mark.parametrize(("case", "figures"), [
    ("verdict-not-met", ["6,5%", "7%", "năm 2024", "chưa đạt"]),
    ("growth-on-track", ["2 năm", "2021 - 2022", "6,75%/năm", "6,5 - 7%/năm", "đúng tiến độ"]),
    ("growth-below-range", ["6,1%/năm", "6,5 - 7%/năm", "cần tăng bình quân"]),
    ("growth-final-met", ["cả 5 năm", "2021 - 2025", "đạt mục tiêu"]),
    ("progress-acceleration", ["năm 2020 (40%)", "năm 2022 (42,85%)", "tăng 3,5%", "4,56%/năm", "cần đẩy nhanh"]),
    ("progress-deterioration", ["giảm 2,53%", "đang đi xuống"]),
    ("missing-year", ["năm 2024", "hãy nhập số liệu"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_sentences_carry_their_figures(case: str, figures: list[str]):
    sentence = explain(CASES[case][0])
    for figure in figures:
        assert figure in sentence, (figure, sentence)


def test_sentences_live_in_the_labels_file():
    for method, status in (("verdict", "met"), ("growth", "on_track"), ("progress", "deterioration")):
        assert f"{method}_{status}" in EXPLAIN
    assert explain(CASES["missing-no-period"][0]) == EXPLAIN["missing_no_period"]


def test_one_vocabulary_of_states():
    """Every status shows as its group's label, the overview's word; no page, export or report words a status by
    the finer table (that is for the explanation only)."""
    for code in STATUS:
        assert state_label(code) == GROUPS[GROUP_OF.get(code, "not_available")]
    assert state_label("acceleration_needed") == state_label("below_range") == GROUPS["at_risk"] == "Có nguy cơ"
    assert status_label("acceleration_needed") == "Có nguy cơ"  # the reports' word
    package = Path(chitieu.__file__).parent
    for path in [*package.glob("web/**/*.py"), *package.glob("report/**/*.py"), *package.glob("cli/**/*.py"),
                 *package.glob("web/templates/**/*.html")]:
        assert not re.search(r"\bSTATUS\b(?!_)", path.read_text(encoding="utf-8")), path
