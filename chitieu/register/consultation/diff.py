"""What changed in the targets between two versions of a draft, and which comments asked for each change.

Targets are matched within the same section: a section of the new version is the old section with the same
heading path, or else the old one whose path is most alike (``SECTION_SCORE``). Inside a section every pair whose
wording (indicator and breakdown) is alike enough (``TARGET_SCORE``, rapidfuzz ``token_sort_ratio`` on lower-case
words) is a candidate; the best-scoring pairs are taken first, a pair with equal values before one without, then
the nearer in the text. A matched pair with another value, range end, bound or unit is ``changed``; an old target
left over is ``removed``, a new one ``added``. A change is linked to the submitted judgements (other than a plain
"feasible" without a value) and comments on the old target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process, utils
from sqlalchemy.orm import Session

from chitieu.register.consultation.summary import Attributed, Proposal, load, submitted_responses, version_of
from chitieu.register.db.consultation import DraftVersion

if TYPE_CHECKING:
    from chitieu.register.api import Register

SECTION_SCORE = 85.0
TARGET_SCORE = 80.0
CHANGE_KINDS = ("added", "removed", "changed")


@dataclass(frozen=True, slots=True)
class TargetRef:
    id: int
    section_path: str
    indicator: str
    breakdown: str | None
    value: float | None
    value_max: float | None
    unit: str | None
    bound: str
    line: int

    @property
    def label(self) -> str:
        return f"{self.indicator}: {self.breakdown}" if self.breakdown else self.indicator

    @property
    def wording(self) -> str:
        return f"{self.indicator} {self.breakdown or ''}"

    def same_value(self, other: TargetRef) -> bool:
        return (self.value, self.value_max, self.bound, self.unit) == (other.value, other.value_max, other.bound,
                                                                        other.unit)


@dataclass(slots=True)
class TargetChange:
    kind: str  # CHANGE_KINDS
    old: TargetRef | None
    new: TargetRef | None
    score: float | None = None
    proposals: list[Proposal] = field(default_factory=list)
    comments: list[Attributed] = field(default_factory=list)

    @property
    def section_path(self) -> str:
        ref = self.new or self.old
        return ref.section_path if ref else ""

    @property
    def as_proposed(self) -> list[str]:
        """The organisations whose proposed value the new version took."""
        if self.new is None or self.new.value is None:
            return []
        return [p.organisation for p in self.proposals if p.value is not None and p.value == self.new.value]


@dataclass(slots=True)
class VersionDiff:
    consultation_id: int
    old_number: int
    new_number: int
    changes: list[TargetChange]
    unchanged: int


def _refs(version: DraftVersion) -> list[TargetRef]:
    paths = {s.id: s.path for s in version.sections}
    return [TargetRef(t.id, paths.get(t.section_id or -1, ""), t.indicator, t.breakdown, t.value, t.value_max, t.unit,
                      t.bound, t.line) for t in version.targets]


def _section_map(old_paths: set[str], new_paths: set[str]) -> dict[str, str]:
    """New section path -> the old section it continues."""
    out = {}
    for path in new_paths:
        if path in old_paths:
            out[path] = path
            continue
        found = process.extractOne(path, sorted(old_paths - new_paths), scorer=fuzz.token_sort_ratio,
                                   processor=utils.default_process, score_cutoff=SECTION_SCORE)
        if found is not None:
            out[path] = found[0]
    return out


def _line(change: TargetChange) -> int:
    ref = change.new or change.old
    return ref.line if ref else 0


def match_targets(old: Sequence[TargetRef], new: Sequence[TargetRef]) -> VersionDiff:
    """Pair the old and new targets by section and wording (see the module's docstring); ids 0 for the versions."""
    sections = _section_map({t.section_path for t in old}, {t.section_path for t in new})
    candidates = []
    for a in old:
        for b in new:
            if sections.get(b.section_path) != a.section_path:
                continue
            score = fuzz.token_sort_ratio(a.wording, b.wording, processor=utils.default_process)
            if score >= TARGET_SCORE:
                candidates.append((-score, not a.same_value(b), abs(a.line - b.line), a.id, b.id, a, b, score))
    candidates.sort(key=lambda c: c[:5])
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    changes = []
    unchanged = 0
    for *_, a, b, score in candidates:
        if a.id in taken_old or b.id in taken_new:
            continue
        taken_old.add(a.id)
        taken_new.add(b.id)
        if a.same_value(b):
            unchanged += 1
        else:
            changes.append(TargetChange("changed", a, b, score))
    changes += [TargetChange("removed", a, None) for a in old if a.id not in taken_old]
    changes += [TargetChange("added", None, b) for b in new if b.id not in taken_new]
    changes.sort(key=_line)
    return VersionDiff(0, 0, 0, changes, unchanged)


def _requests(session: Session, version: DraftVersion) -> tuple[dict[int, list[Proposal]], dict[int, list[Attributed]]]:
    proposals: dict[int, list[Proposal]] = {}
    comments: dict[int, list[Attributed]] = {}
    for response in submitted_responses(session, version.id):
        name = response.invitee.name
        for judgement in response.judgements:
            if judgement.code != "feasible" or judgement.proposed_value is not None:
                proposals.setdefault(judgement.target_id, []).append(
                    Proposal(name, judgement.code, judgement.proposed_value, judgement.reason))
        for comment in response.comments:
            if comment.target_id is not None:
                comments.setdefault(comment.target_id, []).append(Attributed(name, comment.text, comment.line))
    return proposals, comments


def diff_versions(register: Register, consultation_id: int, old: int | None = None, new: int | None = None
                  ) -> VersionDiff:
    """The changed targets from version ``old`` (the one before ``new``) to ``new`` (the latest), with the
    comments and proposals on each old target."""
    with register.factory() as session:
        consultation = load(session, consultation_id)
        after = version_of(session, consultation, new)
        before = version_of(session, consultation, old if old is not None else after.number - 1)
        diff = match_targets(_refs(before), _refs(after))
        proposals, comments = _requests(session, before)
        for change in diff.changes:
            if change.old is not None:
                change.proposals = proposals.get(change.old.id, [])
                change.comments = comments.get(change.old.id, [])
        diff.consultation_id, diff.old_number, diff.new_number = consultation.id, before.number, after.number
        return diff

