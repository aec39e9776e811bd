"""Covering indexes for the per-month aggregate queries of reports/monthcounts.py.

They live on the incidents tables but serve only the reports, so the reports app owns them
(RunSQL: the incidents models' state is untouched). With them a run of months is counted from
the indexes alone: incident (status, recorded_on, region_id) -> month, region; legal reference
(incident, code, article) -> the article breakdown; incident (recorded_on, updated_at, id) -> the
cache's month fingerprint. Valid SQL on SQLite and PostgreSQL.
"""

from django.db import migrations

INDEXES = [
    ("reports_incident_month_region", "incidents_incident", "status, recorded_on, region_id"),
    ("reports_legalref_incident_article", "incidents_legalreference", "incident_id, code, article"),
    # the month fingerprint of the figures cache (COUNT, SUM(id), MAX(updated_at)): index-only
    ("reports_incident_month_stamp", "incidents_incident", "recorded_on, updated_at, id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_reportmonth_version"),
        ("incidents", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns in INDEXES
    ]
