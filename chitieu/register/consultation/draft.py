"""Reading a draft for consultation: the file in any supported format, its sections (a section per heading, with
the text under it) and the paragraphs a comment can be about."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from chitieu.errors import ChitieuError, InputError
from chitieu.intake import BlockKind, Budget, Document, read_document, run_bounded
from chitieu.register.db.consultation import ConsultationSection
from chitieu.register.scratch import scratch_folder


def read_draft(name: str, data: bytes, budget: Budget | None = None) -> Document:
    """Read an uploaded draft of any supported format (under ``budget``, in its own process when isolated)."""
    name = Path(name).name or "du-thao.txt"
    if not data:
        raise InputError(name, "tệp rỗng")
    with scratch_folder("draft") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return run_bounded(read_document, path, path=path, budget=budget)


def paragraphs(document: Document, first: int, last: int) -> list[tuple[int, str]]:
    """The paragraphs (non-empty lines that are not headings) from line ``first`` to ``last``, with their lines."""
    heading_lines = {b.number for b in document.blocks if b.kind is BlockKind.HEADING}
    return [(n, document.line(n).text.strip()) for n in range(max(first, 1), min(last, len(document.lines)) + 1)
            if n not in heading_lines and document.line(n).text.strip()]


def heading_text(marker: str | None, title: str) -> str:
    """A section's heading as the draft writes it: "I. KẾT QUẢ", "a) Về kinh tế" (a marker closed by its own sign
    gets no dot), the title alone when it already starts with its marker ("Phần thứ nhất ...")."""
    if not marker or title.startswith(marker):
        return title
    return f"{marker} {title}" if marker[-1] in ").:" else f"{marker}. {title}"


def _sections(document: Document) -> list[ConsultationSection]:
    """A section per heading, with the text under it; the text before the first heading is section 0."""
    last_line = len(document.lines)
    starts = [h.line for h in document.headings]

    def body(first: int, last: int) -> str:
        return "\n".join(text for _, text in paragraphs(document, first, last))

    out = []
    preamble = body(1, (starts[0] - 1) if starts else last_line)
    if preamble:
        out.append(ConsultationSection(position=0, level=0, marker=None, title="", path="", line=1,
                                       end_line=(starts[0] - 1) if starts else last_line, text=preamble))
    stack: list[tuple[int, str]] = []
    for index, heading in enumerate(document.headings):
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        stack.append((heading.level, heading.title))
        end = starts[index + 1] - 1 if index + 1 < len(starts) else last_line
        out.append(ConsultationSection(position=len(out), level=heading.level, marker=heading.marker,
                                       title=heading.title, path=" > ".join(t for _, t in stack), line=heading.line,
                                       end_line=end, text=body(heading.line + 1, end)))
    return out


def _part(sections: Sequence[ConsultationSection], part: str | None) -> str | None:
    """The path of the section ``part`` names: a heading with that title, or with that marker and title ("a) Về
    kinh tế"), else one starting with it, else the first whose path contains it."""
    if part is None:
        return None
    wanted = " ".join(part.split()).casefold()

    def names(section: ConsultationSection) -> tuple[str, str]:
        return section.title.casefold(), " ".join(heading_text(section.marker, section.title).split()).casefold()

    tests: tuple[Callable[[ConsultationSection], bool], ...] = (
        lambda s: wanted in names(s), lambda s: any(n.startswith(wanted) for n in names(s)),
        lambda s: wanted in s.path.casefold())
    for test in tests:
        for section in sections:
            if section.path and test(section):
                return section.path
    raise ChitieuError(f"Dự thảo không có phần nào có tiêu đề '{part}' (tên phần viết trước dấu '::' trong câu hỏi "
                       "gợi ý); hãy sửa tên phần cho đúng tiêu đề trong dự thảo hoặc bỏ phần '... ::'.")
