"""PostgreSQL: `search_vector` becomes the words of `search_text` as they are (array_to_tsvector)
instead of `to_tsvector('simple', …)`, which parsed them again (incidents/search.py). A generated
column's expression cannot be altered on PostgreSQL 15, so the column (and its GIN index) is
dropped and added again, which rewrites the table. Words over MAX_WORD characters, which
array_to_tsvector refuses, are first taken out of the stored text, as `words()` now does.
SQLite: nothing changes."""

from django.db import migrations

OLD_VECTOR = "to_tsvector('simple'::regconfig, search_text)"


def _rebuild(schema_editor, expression: str) -> None:
    from speechwatch.incidents.search import MAX_WORD, TABLE

    if schema_editor.connection.vendor != "postgresql":
        return
    long_word = rf"\S{{{MAX_WORD}}}\S+"  # repetition counts stop at 255 in PostgreSQL's regexes
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET search_text = btrim(regexp_replace("
            "regexp_replace(search_text, %s, '', 'g'), ' {2,}', ' ', 'g')) "
            "WHERE search_text ~ %s",
            [long_word, long_word],
        )
        cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        cursor.execute(f"CREATE INDEX {TABLE}_search_gin ON {TABLE} USING gin (search_vector)")


def forwards(apps, schema_editor):
    from speechwatch.incidents.search import POSTGRES_VECTOR

    _rebuild(schema_editor, POSTGRES_VECTOR)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, OLD_VECTOR)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0011_incident_region_list_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
