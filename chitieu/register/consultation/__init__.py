"""Consultation (góp ý) on a draft: creating it and inviting organisations, responses (``service``), the response
form (``form``), what changed between versions (``diff``) and the consolidation of responses (``summary``). Its
tables are in ``db/consultation.py``."""

from chitieu.register.consultation.diff import CHANGE_KINDS, TargetRef, VersionDiff, diff_versions
from chitieu.register.consultation.form import response_form
from chitieu.register.consultation.service import (
    VIETNAM,
    CommentInput,
    InviteeRef,
    JudgementInput,
    QuestionSpec,
    add_version,
    check_consultation_staff,
    create_consultation,
    invitations_for,
    invitee_for_token,
    invitee_for_user,
    naive_utc,
    read_draft,
    save_draft,
    shown_time,
    submit_response,
    vietnam_time,
)
from chitieu.register.consultation.summary import (
    Consolidation,
    RawRow,
    TargetSummary,
    consolidate,
    list_consultations,
    raw_responses,
)

__all__ = ["CHANGE_KINDS", "VIETNAM", "CommentInput", "Consolidation", "InviteeRef", "JudgementInput",
           "QuestionSpec", "RawRow", "TargetRef", "TargetSummary", "VersionDiff", "add_version",
           "check_consultation_staff", "consolidate", "create_consultation", "diff_versions", "invitations_for",
           "invitee_for_token", "invitee_for_user", "list_consultations", "naive_utc", "raw_responses", "read_draft",
           "response_form", "save_draft", "shown_time", "submit_response", "vietnam_time"]
