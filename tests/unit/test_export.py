"""to_csv_bytes: exact bytes for hostile, multi-line, negative and non-ASCII cells; a clean round trip."""

import csv
import io
import json

import pandas as pd
import pytest

from analysis import neutralise_text, to_csv_bytes

HOSTILE = pd.DataFrame(
    {
        "text": [
            '=HYPERLINK("http://example.invalid","x")',
            "@SUM(1,2)",
            "+1+1",
            "-2+3",
            "\tx",
            "\r=x",
            "ok\n=HYPERLINK(1)",
            "  =indented",
            "\u00a0+nbsp",
            "Café µg/L, “quoted”",
            "plain",
            None,
        ],
        "number": [-1, 2, -3.5, 0, 1, 2, 3, 4, 5, 6, 7, 8],
    }
)

EXPECTED = (
    b"\xef\xbb\xbftext,number\r\n"
    b'"\'=HYPERLINK(""http://example.invalid"",""x"")",-1.0\r\n'
    b'"\'@SUM(1,2)",2.0\r\n'
    b"'+1+1,-3.5\r\n"
    b"'-2+3,0.0\r\n"
    b"'\tx,1.0\r\n"
    b"' =x,2.0\r\n"
    b"ok =HYPERLINK(1),3.0\r\n"
    b"'  =indented,4.0\r\n"
    b"'\xc2\xa0+nbsp,5.0\r\n"
    b'"Caf\xc3\xa9 \xc2\xb5g/L, \xe2\x80\x9cquoted\xe2\x80\x9d",6.0\r\n'
    b"plain,7.0\r\n"
    b",8.0\r\n"
)


def test_golden_bytes():
    assert to_csv_bytes(HOSTILE) == EXPECTED


def test_round_trip_keeps_numbers_and_neutralised_text():
    back = pd.read_csv(io.BytesIO(to_csv_bytes(HOSTILE)), keep_default_na=False)
    assert back["number"].tolist() == HOSTILE["number"].tolist()
    assert back["text"].tolist()[:3] == ["'" + HOSTILE["text"][0], "'@SUM(1,2)", "'+1+1"]
    assert len(back) == len(HOSTILE)
    for cell in back["text"]:
        assert "\n" not in cell and "\r" not in cell
        assert not cell.lstrip(" \u00a0").startswith(("=", "+", "-", "@", "\t"))


def test_integer_and_negative_numbers_are_not_escaped():
    frame = pd.DataFrame({"n": [-2, 3], "label": ["-2", "3"]})
    assert to_csv_bytes(frame) == b"\xef\xbb\xbfn,label\r\n-2,'-2\r\n3,3\r\n"


def test_header_cells_are_neutralised_too():
    assert to_csv_bytes(pd.DataFrame({"=cmd": ["x"]})).startswith(b"\xef\xbb\xbf'=cmd\r\n")


@pytest.mark.parametrize(("cell", "expected"), [("a\r\nb", "a b"), ("\r\nx", "' x"), ("x\n", "x ")])
def test_line_breaks_become_spaces(cell, expected):
    assert neutralise_text(cell) == expected


# Downloads are UTF-8 with a byte-order mark: a spreadsheet opened by double-click (Excel) then reads µ, ³,
# en dashes and accented names as UTF-8 instead of guessing Windows-1252 ("Âµg/L", "0â€“6").
UNITS_AND_NAMES = pd.DataFrame({"unit": ["µg/L", "mg/m³"], "age": ["0–6 months", "Café"]})


def test_download_starts_with_a_utf8_byte_order_mark_once():
    content = to_csv_bytes(UNITS_AND_NAMES)
    assert content.startswith(b"\xef\xbb\xbfunit,age\r\n")
    assert content.count(b"\xef\xbb\xbf") == 1
    assert content.decode("utf-8-sig") == "unit,age\r\nµg/L,0–6 months\r\nmg/m³,Café\r\n"


def test_download_with_byte_order_mark_round_trips_in_pandas_and_csv():
    content = to_csv_bytes(UNITS_AND_NAMES)
    assert pd.read_csv(io.BytesIO(content)).equals(UNITS_AND_NAMES)  # pandas skips the mark by itself
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows == UNITS_AND_NAMES.to_dict("records")


def test_data_package_files_have_no_byte_order_mark():
    """The ZIP's CSVs are the data package's files, declared "encoding": "utf-8": no mark there."""
    assert to_csv_bytes(UNITS_AND_NAMES, byte_order_mark=False).startswith(b"unit,age\r\n")


def test_data_package_documents_the_download_encoding():
    from tests.conftest import DATA_DIR

    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert "utf-8-sig" in package["dashboard_download_encoding"]
    assert {resource["encoding"] for resource in package["resources"]} == {"utf-8"}
