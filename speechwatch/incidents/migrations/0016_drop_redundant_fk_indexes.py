"""Drop the single-column indexes of Incident.region, IncidentActor.actor and
LegalReference.incident: each is the first column of a wider index (incident_region_recorded,
incident_actor_shared, reports_legalref_incident_article) that answers the same look-ups. The
narrow copies only cost writes and, at a million incidents, about 6 s of a bulk load on SQLite.
"""

import django.db.models.deletion
from django.db import migrations, models

from speechwatch.lib.dropindex import Dropped, drop_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0001_initial"),
        ("incidents", "0015_ongoing_tally_rows"),
        ("reference", "0001_initial"),
    ]

    operations = [
        drop_indexes(
            [
                migrations.AlterField(
                    model_name="incident",
                    name="region",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="reference.region",
                    ),
                ),
                migrations.AlterField(
                    model_name="incidentactor",
                    name="actor",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="incident_links",
                        to="actors.actor",
                    ),
                ),
                migrations.AlterField(
                    model_name="legalreference",
                    name="incident",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="legal_refs",
                        to="incidents.incident",
                    ),
                ),
            ],
            [
                Dropped(
                    "incidents_incident_region_id_a3d9a2e6", "incidents_incident", "region_id"
                ),
                Dropped(
                    "incidents_incidentactor_actor_id_edbe8c23",
                    "incidents_incidentactor",
                    "actor_id",
                ),
                Dropped(
                    "incidents_legalreference_incident_id_93acff43",
                    "incidents_legalreference",
                    "incident_id",
                ),
            ],
        ),
    ]
