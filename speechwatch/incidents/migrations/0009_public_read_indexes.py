"""Indexes for two public reads at a million incidents (docs/portal.md, "Speed"):

- an incident page's related incidents walk (actor, role, incident) from the newest link of a
  shared victim instead of sorting a much-reported outlet's thousands of links;
- the incident Atom feed (newest publication first) walks (status, status_changed_at DESC
  NULLS LAST, recorded_on DESC, id DESC) instead of sorting every published incident.

SQLite cannot declare NULLS LAST in an index, and needs none: its NULLs sort first, so a
descending column puts them last, as the feed asks. PostgreSQL's descending column puts them
first unless told, so the feed index is created per database here (the ORM's Index cannot).
"""

from django.db import migrations, models

FEED_INDEX = "incident_published_feed"


def create_feed_index(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {FEED_INDEX} ON incidents_incident "
        f"(status, status_changed_at DESC{nulls}, recorded_on DESC, id DESC)"
    )


def drop_feed_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {FEED_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0008_queue_kept_lists"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="incidentactor",
            index=models.Index(fields=["actor", "role", "incident"], name="incident_actor_shared"),
        ),
        migrations.RunPython(create_feed_index, drop_feed_index, elidable=False),
    ]
