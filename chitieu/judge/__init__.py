"""Judgement on plain values, no database: verdicts, progress, growth-rate targets, vintages, plan checks and the
feasibility of proposed targets."""

from chitieu.judge.checks import Finding, LevelTrack, PlanFigures, TermSeries, run_checks
from chitieu.judge.feasibility import Baseline, Feasibility, Peers, Proposal, assess_feasibility, not_read
from chitieu.judge.growth import GrowthAssessment, assess_growth, average_rate, required_average
from chitieu.judge.progress import Progress, assess_progress, cagr
from chitieu.judge.verdict import Decision, judge
from chitieu.judge.vintage import VintageChoice, choose_vintage

__all__ = [
    "Baseline",
    "Decision",
    "Feasibility",
    "Finding",
    "GrowthAssessment",
    "LevelTrack",
    "Peers",
    "PlanFigures",
    "Progress",
    "Proposal",
    "TermSeries",
    "VintageChoice",
    "assess_feasibility",
    "assess_growth",
    "assess_progress",
    "average_rate",
    "cagr",
    "choose_vintage",
    "judge",
    "not_read",
    "required_average",
    "run_checks",
]
