"""Full-text search (incidents/search.py): search_text becomes folded words joined by spaces,
then SQLite gets an FTS5 table with triggers and PostgreSQL a generated tsvector + GIN index."""

from django.db import migrations

LANGS = ("en", "ru", "kk")


def rewrite_search_text(apps, schema_editor):
    from speechwatch.incidents.search import search_text

    Incident = apps.get_model("incidents", "Incident")
    fields = [f"{name}_{lang}" for name in ("title", "summary") for lang in LANGS]
    batch = []
    for row in Incident.objects.only("id", "settlement", *fields).iterator(chunk_size=2000):
        row.search_text = search_text([*(getattr(row, f) for f in fields), row.settlement])
        batch.append(row)
        if len(batch) == 2000:
            Incident.objects.bulk_update(batch, ["search_text"])
            batch = []
    Incident.objects.bulk_update(batch, ["search_text"])


def install(apps, schema_editor):
    from speechwatch.incidents.search import install_index

    install_index(schema_editor)


def uninstall(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS incidents_incident_fts_{suffix}")
            cursor.execute("DROP TABLE IF EXISTS incidents_incident_fts")
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE incidents_incident DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0005_incident_version"),
    ]

    operations = [
        migrations.RunPython(rewrite_search_text, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
