"""The endings cut from name skeletons (data/stories/skeleton.yaml) before reports are
compared: the shipped list is sound, it does its job, and a bad file is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from speechwatch.triage.storyfeat import (
    DATA,
    load_skeleton_endings,
    names_in,
    parse_skeleton_endings,
    skeleton_endings,
)

RAW = yaml.safe_load(DATA.read_text(encoding="utf-8"))


def test_shipped_list_is_kept_in_file_order():
    ends = skeleton_endings()
    assert ends is skeleton_endings()  # read once per process
    assert list(ends) == RAW["skeleton_endings"]
    assert len(set(ends)) == len(ends)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Say Nurlanovtyng", {"nrlnv"}),  # tng cut
        ("Say Nurlanovdyng", {"nrlnv"}),  # dng before ng: the longer ending is cut
        ("Say Nurlanov", {"nrlnv"}),
        ("Say Tang", {"tng"}),  # fewer than three letters would be left: kept
        ("Say Нурланов", {"nrlnv"}),
    ],
)
def test_endings_join_the_forms_of_one_name(text, expected):
    assert names_in(text) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"skeleton_endings": []}, "must be a non-empty list"),
        ({"endings": ["ng"]}, "expected one key, skeleton_endings"),
        ({"skeleton_endings": ["ng", "NG"]}, "'NG' is not lower-case Latin"),
        ({"skeleton_endings": ["ng", "ң"]}, "'ң' is not lower-case Latin"),
        ({"skeleton_endings": ["ng", "dng", "ng"]}, "lists ng twice"),
        ({"skeleton_endings": ["ng", "dng"]}, "'dng' must precede 'ng'"),
        ("ng", "expected one key"),
    ],
)
def test_bad_data_is_refused_naming_the_file(raw, message):
    with pytest.raises(ValueError, match=r"^bad\.yaml: ") as err:
        parse_skeleton_endings(raw, "bad.yaml")
    assert message in str(err.value)


def test_unreadable_file_is_named(tmp_path: Path):
    path = tmp_path / "skeleton.yaml"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(ValueError, match=r"skeleton\.yaml: cannot be read"):
        load_skeleton_endings(path)
