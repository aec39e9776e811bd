"""The month/region index of reports/migrations/0004 with the incident id as its last column.

SQLite keeps the row id in every index, so there it changes nothing; PostgreSQL does not, and
without the id the per-month query (monthcounts.py: the incidents of a run of months, each
looked up in the link tables by id) had to read every incident's table row. With it the
incidents of the range come from the index alone (index-only scan after VACUUM).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_month_aggregate_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS reports_incident_month_region_id "
            "ON incidents_incident (status, recorded_on, region_id, id)",
            reverse_sql="DROP INDEX IF EXISTS reports_incident_month_region_id",
        ),
        migrations.RunSQL(
            "DROP INDEX IF EXISTS reports_incident_month_region",
            reverse_sql="CREATE INDEX IF NOT EXISTS reports_incident_month_region "
            "ON incidents_incident (status, recorded_on, region_id)",
        ),
    ]
