"""A filled template whose XML is broken, a billion laughs or an external entity is refused with one Vietnamese
line (4xx), never a 500, and no file of the server is read."""

from __future__ import annotations

import io
import zipfile

import pytest

from chitieu.errors import InputError
from chitieu.report.template import read_template, template_xlsx
from tests.web.conftest import csrf_of

from .conftest import SecuredSite

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i + 1} "{("&lol" + str(i) + ";") * 10 if i else "&lol;" * 10}">' for i in range(9))
          + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
          '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
XXE = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
       '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="6">'
       '<c r="E6" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>')
BROKEN = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData'
CASES = {"broken": BROKEN, "billion laughs": LAUGHS, "external entity": XXE}


def _with_sheet(data: bytes, sheet_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = sheet_xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize("sheet", list(CASES.values()), ids=list(CASES))
def test_a_hostile_template_is_refused_in_one_line(secured: SecuredSite, sheet: str) -> None:
    data = _with_sheet(template_xlsx(secured.site.register, "Lạng Sơn", year=2024), sheet)
    with pytest.raises(InputError) as caught:
        read_template(data, name="bieu.xlsx")
    assert "root:" not in str(caught.value) and "\n" not in str(caught.value)
    client = secured.site.client("admin")
    response = client.post("/actuals/template", data={"csrf_token": csrf_of(client.get("/").text)},
                           files={"file": ("bieu.xlsx", data, "application/octet-stream")})
    assert 400 <= response.status_code < 500, response.text[:300]
    assert "root:" not in response.text
