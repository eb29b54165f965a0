"""Only regular files inside the data directory are read (issue 23, point 6): no FIFO, device or link leading
outside, checked before opening; datapackage.json parsed within size, depth and number limits; a refusal names
the file and never quotes the content of a file it refused."""

import os
import threading

import pytest

from analysis import DataError, build_dataset_zip, load_dataset
from analysis.limits import MAX_JSON_DEPTH, MAX_PACKAGE_BYTES

SECRET = "secret-first-line-of-another-file"


def _problems(data_dir) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(data_dir)
    return caught.value.problems


def _replace_with_link(data_copy, name: str, target) -> None:
    (data_copy / name).unlink()
    (data_copy / name).symlink_to(target)


def test_link_to_dev_zero_is_refused_without_reading(data_copy):
    _replace_with_link(data_copy, "claims.csv", "/dev/zero")
    problems = _problems(data_copy)
    assert any(p.startswith("claims.csv:") and "outside the data directory" in p for p in problems), problems


def test_fifo_is_refused_without_blocking(data_copy):
    (data_copy / "risks.csv").unlink()
    os.mkfifo(data_copy / "risks.csv")
    outcome = []

    def load():
        try:
            load_dataset(data_copy)
        except DataError as exc:
            outcome.extend(exc.problems)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(data_copy / "risks.csv", "wb"):
            pass
    assert not worker.is_alive(), "load_dataset blocked on a FIFO"
    assert any(p.startswith("risks.csv:") and "not a regular file" in p for p in outcome), outcome


def test_link_leading_outside_is_refused_and_its_content_never_shown(tmp_path, data_copy):
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(f"{SECRET},b\n1,2\n", encoding="utf-8")
    _replace_with_link(data_copy, "sources.csv", outside)
    problems = _problems(data_copy)
    assert any(p.startswith("sources.csv:") and "outside the data directory" in p for p in problems), problems
    assert SECRET not in "\n".join(problems)


def test_link_inside_the_data_directory_is_read(data_copy):
    (data_copy / "claims.csv").rename(data_copy / "claims_edition_2.csv")
    (data_copy / "claims.csv").symlink_to("claims_edition_2.csv")
    assert len(load_dataset(data_copy).claims) >= 10


def test_dangling_link_is_refused(data_copy):
    _replace_with_link(data_copy, "claims.csv", data_copy / "nowhere.csv")
    assert any(p.startswith("claims.csv:") and "leads nowhere" in p for p in _problems(data_copy))


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"[" * 100_000 + b"]" * 100_000, f"nested deeper than {MAX_JSON_DEPTH} levels"),
        (b'{"version": ' + b"9" * 5000 + b"}", "number longer than"),
        (b'{"a": ' + b"[" * 40 + b"]" * 40 + b"}", "nested deeper"),
        (b" " * (MAX_PACKAGE_BYTES + 1), "larger than the limit"),
    ],
)
def test_hostile_datapackage_is_refused_naming_the_file(data_copy, content, words):
    (data_copy / "datapackage.json").write_bytes(content)
    problems = _problems(data_copy)
    assert any(p.startswith("datapackage.json:") and words in p for p in problems), problems


def test_brackets_inside_json_strings_do_not_count_as_nesting(data_copy):
    path = data_copy / "datapackage.json"
    path.write_bytes(path.read_bytes().replace(b'"title": "', b'"title": "' + b"[{" * 50, 1))
    assert load_dataset(data_copy).title.startswith("[{[{")


def test_zip_of_a_link_to_dev_zero_is_refused_not_read(data_copy):
    _replace_with_link(data_copy, "datapackage.json", "/dev/zero")
    with pytest.raises(DataError, match=r"datapackage\.json: .*outside the data directory"):
        build_dataset_zip(data_copy)
