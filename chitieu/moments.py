"""Times as people in Vietnam read them: the register stores UTC (without a zone); every page, export and message
shows Vietnam's time (Asia/Ho_Chi_Minh, UTC+7 all year) through ``shown_time`` and ``local``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")  # Asia/Ho_Chi_Minh: no daylight saving since 1975


def _aware(moment: datetime | str) -> datetime:
    """A stored moment as an aware one: a naive value (or ISO text without a zone) is UTC."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def shown_time(moment: datetime | str | None, pattern: str = "%H:%M ngày %d/%m/%Y") -> str:
    """A stored time in Vietnam's time: "17:00 ngày 15/04/2026"; "" for None."""
    if moment is None or moment == "":
        return ""
    return _aware(moment).astimezone(VIETNAM).strftime(pattern)


def local(moment: datetime | str | None) -> datetime | None:
    """A stored time as a naive Vietnam time, for a spreadsheet cell (which holds no zone)."""
    if moment is None or moment == "":
        return None
    return _aware(moment).astimezone(VIETNAM).replace(tzinfo=None)
