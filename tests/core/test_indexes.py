"""No index repeats the leading columns of another index of the same table.

The wider index answers every look-up the narrower one does, so the narrower one only costs each
write and each bulk load (speechwatch/lib/dropindex.py drops such indexes without copying the
table). Checked on the migrated test database, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.db import connection

# Kept on purpose, with the reason.
KEPT = {
    # (status, recorded_on): in SQLite the row id follows, so "newest of a status" (ORDER BY
    # recorded_on, id) is read in order; the wider reports index puts region_id before id.
    "incidents_i_status_385bfd_idx",
    # Partial: only published reports linked to a case (cases/ongoing.py).
    "incident_case_linked",
}


def _indexes(cursor: object, table: str) -> dict[str, list[str]]:
    found = connection.introspection.get_constraints(cursor, table)
    return {
        name: c["columns"]
        for name, c in found.items()
        if c["index"]
        and not c["unique"]
        and not c["primary_key"]
        and c.get("type") in ("btree", "idx")
        # PostgreSQL's pattern-ops companion of a CharField index: another operator class.
        and not name.endswith("_like")
    }


@pytest.mark.django_db
def test_no_index_is_a_leading_part_of_another() -> None:
    repeated = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            indexes = _indexes(cursor, table)
            for name, columns in indexes.items():
                if name in KEPT:
                    continue
                for other, wider in indexes.items():
                    if other != name and wider[: len(columns)] == columns:
                        repeated.append(f"{table}: {name} {columns} leads {other} {wider}")
    assert repeated == []
