"""Judgement on plain values, no database: verdicts, progress, growth-rate targets, vintages and plan checks."""

from chitieu.judge.checks import Finding, LevelTrack, PlanFigures, TermSeries, run_checks
from chitieu.judge.growth import GrowthAssessment, assess_growth, average_rate, required_average
from chitieu.judge.progress import Progress, assess_progress, cagr
from chitieu.judge.verdict import Decision, judge
from chitieu.judge.vintage import VintageChoice, choose_vintage

__all__ = [
    "Decision",
    "Finding",
    "GrowthAssessment",
    "LevelTrack",
    "PlanFigures",
    "Progress",
    "TermSeries",
    "VintageChoice",
    "assess_growth",
    "assess_progress",
    "average_rate",
    "cagr",
    "choose_vintage",
    "judge",
    "required_average",
    "run_checks",
]
