"""Consultation (góp ý) on a draft, the whole feature: creating it, inviting organisations and their responses
(``service``), reading a draft (``draft``), its guiding questions (``questions``), the response form (``form``),
what changed between versions (``diff``) and the consolidation of responses (``summary``). Its tables are in
``db/consultation.py``; finding the questions a draft carries is extraction (``chitieu.extract.questions``); its
.docx and .xlsx are written by ``chitieu.report.consultation`` (``consolidation_file``); ``chitieu consult`` and
``web/routes/consultation.py`` are thin adapters over these."""

from chitieu.extract.questions import QuestionSpec
from chitieu.register.consultation.diff import CHANGE_KINDS, TargetRef, VersionDiff, diff_versions
from chitieu.register.consultation.draft import heading_text, read_draft
from chitieu.register.consultation.form import response_form
from chitieu.register.consultation.questions import guiding_questions, parse_question
from chitieu.register.consultation.service import (
    CommentInput,
    InviteeRef,
    JudgementInput,
    add_version,
    check_consultation_staff,
    create_consultation,
    invitations_for,
    invitee_for_token,
    invitee_for_user,
    naive_utc,
    save_draft,
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

__all__ = ["CHANGE_KINDS", "CommentInput", "Consolidation", "InviteeRef", "JudgementInput", "QuestionSpec",
           "RawRow", "TargetRef", "TargetSummary", "VersionDiff", "add_version", "check_consultation_staff",
           "consolidate", "create_consultation", "diff_versions", "guiding_questions", "heading_text",
           "invitations_for", "invitee_for_token", "invitee_for_user", "list_consultations", "naive_utc",
           "parse_question", "raw_responses", "read_draft", "response_form", "save_draft", "submit_response",
           "vietnam_time"]
