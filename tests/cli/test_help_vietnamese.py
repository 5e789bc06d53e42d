"""The command line speaks Vietnamese: every help screen (Typer's panels through gettext, Click's help option and
usage line through the catalogue) and every usage error, run as a user runs ``chitieu``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from chitieu.cli.vietnamese import CATALOGUE, LOCALE
from tests.giveaways import english_in

# every help screen of the command tree, from one process (a process per screen would take a minute)
HELP_SCREENS = """
import contextlib, io, json, sys
import typer
from chitieu.cli.app import app, main

def paths(command, prefix):
    yield prefix
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from paths(sub, [*prefix, name])

screens = {}
for path in paths(typer.main.get_command(app), []):
    sys.argv = ["chitieu", *path, "--help"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main()
    screens[" ".join(path) or "chitieu"] = out.getvalue()
print(json.dumps(screens, ensure_ascii=False))
"""


def _run(*args: str, script: str = "from chitieu.cli.app import main; main()") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "LANG": "C.UTF-8"}, check=False)


@pytest.mark.slow  # every command's help in one process: about 20 s
def test_every_help_screen_is_vietnamese() -> None:
    result = _run(script=HELP_SCREENS)
    assert result.returncode == 0, result.stderr[-2000:]
    screens = json.loads(result.stdout)
    assert {"chitieu", "actual set", "report", "consult", "user"} <= set(screens) or len(screens) > 15
    for name, text in screens.items():
        assert "Cách dùng: chitieu" in text, name
        assert "Hiện hướng dẫn này rồi thoát." in text, name
        assert english_in(text) == [], f"{name}: {english_in(text)}"
    assert "[bắt buộc]" in screens["actual set"] and "[mặc định: final]" in screens["actual set"]
    assert "╭─ Lệnh " in screens["chitieu"] and "╭─ Tùy chọn " in screens["chitieu"]


WRONG = {
    "missing-argument": (["actual", "set", "1"], "Lỗi: Thiếu 'value'."),
    "bad-value": (["actual", "set", "x", "1", "--period", "2024", "--by", "A"],
                  "Lỗi: Giá trị của 'target_id' không hợp lệ."),
    "unknown-option": (["--nope"], "Lỗi: Không có tùy chọn --nope."),
    "unknown-command": (["khong-co"], "Lỗi: Không có lệnh 'khong-co'."),
    "extra-argument": (["actual", "set", "1", "2", "3", "--period", "2024", "--by", "A"],
                       "Lỗi: Lệnh viết chưa đúng; xem 'chitieu actual set --help'."),
}

# every wrong command from one process, each as ``chitieu`` runs it: its exit code and what it wrote to stderr
WRONG_RUNS = """
import contextlib, io, json, sys
from chitieu.cli.app import main

out = {}
for name, args in json.loads(sys.argv[1]).items():
    sys.argv = ["chitieu", *args]
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
    out[name] = [code, err.getvalue()]
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def wrong_runs() -> dict[str, list]:
    result = _run(json.dumps({name: args for name, (args, _) in WRONG.items()}), script=WRONG_RUNS)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", list(WRONG))
def test_a_command_written_wrong_is_one_vietnamese_line(name: str, wrong_runs: dict[str, list]) -> None:
    code, stderr = wrong_runs[name]
    assert code == 2
    assert stderr.strip() == WRONG[name][1]
    assert english_in(stderr) == []


def test_the_compiled_catalogue_holds_every_line_of_its_source() -> None:
    source = (Path(LOCALE) / "vi" / "LC_MESSAGES" / "chitieu.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', source, re.M)
    assert len(pairs) > 15
    for english, vietnamese in pairs:
        assert CATALOGUE.gettext(english) == vietnamese, f"chitieu.mo is older than chitieu.po: {english!r}"
