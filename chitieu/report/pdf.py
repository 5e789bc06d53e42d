"""Office files to PDF through LibreOffice headless (``soffice --headless --convert-to pdf``).

Each conversion runs with its own throw-away LibreOffice profile, so conversions never share state.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from chitieu.errors import ChitieuError
from chitieu.register import scratch_folder

TIMEOUT_SECONDS = 180


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(data: bytes, suffix: str) -> bytes:
    """The PDF of an office file's bytes (``suffix`` ".docx" or ".xlsx")."""
    program = soffice()
    if program is None:
        raise ChitieuError("Không tìm thấy LibreOffice (soffice) để xuất PDF; hãy cài LibreOffice hoặc xuất .docx.")
    with scratch_folder("pdf") as folder:
        work = Path(folder)
        source = work / f"bao-cao{suffix}"
        source.write_bytes(data)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(work), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ChitieuError(f"LibreOffice không chuyển được tệp sang PDF: {exc}.") from exc
        result = work / "bao-cao.pdf"
        if not result.is_file():
            raise ChitieuError("LibreOffice không chuyển được tệp sang PDF; hãy thử xuất .docx.")
        return result.read_bytes()
