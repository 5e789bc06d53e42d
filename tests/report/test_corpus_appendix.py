"""The Bắc Kạn political report's appendix, rebuilt from the register after importing the document, against the
document's own table: indicator, unit, target, result, comparison and next term's target of every row."""

from __future__ import annotations

import pytest

from chitieu.register import open_register
from chitieu.report import build_appendix

from ..conftest import CORPUS
from .tables import differences, match, original_rows

REPORT = CORPUS / "000_5f2f628c74a0e697.txt"


@pytest.mark.corpus
def test_bac_kan_appendix_is_reproduced(tmp_path):
    if not REPORT.is_file():
        pytest.skip("../shared/corpus is not here")
    register = open_register(url=f"sqlite:///{tmp_path / 'register.sqlite'}")
    [outcome] = register.import_documents([REPORT])
    assert outcome.status == "imported"
    appendix = build_appendix(register, "Bắc Kạn", "2015-2020")
    text = REPORT.read_text(encoding="utf-8")
    first = next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith("TT\t"))
    originals = original_rows(text, first)
    assert len(originals) == 62
    found = {}
    for original, ours in match(originals, appendix.rows):
        assert ours is not None, f"line {original.line}: no row for {original.indicator!r}"
        wrong = differences(original, ours)
        if wrong:
            found[original.line] = {w.split(" ")[0] for w in wrong}
    assert found == {}
    assert len([r for r in appendix.rows if not r.heading]) == len(originals)
    assert [g.roman for g in appendix.groups] == ["I", "II", "III", "IV", "V", "VI"]
