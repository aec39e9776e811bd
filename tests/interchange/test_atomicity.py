"""All or nothing: a file whose last line is invalid leaves every table unchanged."""

from __future__ import annotations

import pytest

from speechwatch.interchange.actions import ImportFailed, import_path
from tests.interchange.conftest import WHO
from tests.interchange.records import (
    actor,
    case,
    event,
    incident,
    legislation,
    row_counts,
    write_dir,
)


def test_invalid_last_line_writes_nothing(world, tmp_path):
    directory = write_dir(
        tmp_path,
        actors=[actor(f"actor-{i}") for i in range(1, 30)],
        incidents=[incident(f"inc-{i}") for i in range(1, 50)],
        cases=[case()],
        events=[event()],
        legislation=[
            legislation(),
            legislation("law-2", stages=[{"stage": "signed", "date": "19.06.2024x"}]),
        ],
    )
    before = row_counts()
    with pytest.raises(ImportFailed) as exc:
        import_path(
            directory, who=WHO, batch_size=7
        )  # several batches were written, then rolled back
    assert [p.line for p in exc.value.problems] == [2]
    assert row_counts() == before


def test_failed_reimport_keeps_existing_records(world, tmp_path):
    write_dir(tmp_path / "a", actors=[actor()], incidents=[incident()])
    import_path(tmp_path / "a", who=WHO)
    before = row_counts()
    write_dir(tmp_path / "b", actors=[actor(name="Changed")], incidents=[incident(status="gone")])
    with pytest.raises(ImportFailed):
        import_path(tmp_path / "b", who=WHO)
    assert row_counts() == before
    from speechwatch.actors.models import Actor

    assert Actor.objects.get().name == "Name of actor-1"
