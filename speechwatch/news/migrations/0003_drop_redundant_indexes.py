"""Drop the indexes of FetchRun.source, NewsItem.source and NewsItem.triage_state alone (with
PostgreSQL's pattern-ops companion of the last): the models' compound indexes lead with them, and
every stored news item paid for them."""

import django.db.models.deletion
from django.db import migrations, models

from speechwatch.lib.dropindex import Dropped, drop_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_item_triage"),
    ]

    operations = [
        drop_indexes(
            [
                migrations.AlterField(
                    model_name="fetchrun",
                    name="source",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="runs",
                        to="news.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="newsitem",
                    name="source",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="news.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="newsitem",
                    name="triage_state",
                    field=models.CharField(
                        choices=[
                            ("new", "New"),
                            ("incident", "Incident created"),
                            ("attached", "Attached to an incident"),
                            ("dismissed", "Dismissed"),
                        ],
                        default="new",
                        max_length=16,
                    ),
                ),
            ],
            [
                Dropped("news_fetchrun_source_id_ae602e98", "news_fetchrun", "source_id"),
                Dropped("news_newsitem_source_id_b48536aa", "news_newsitem", "source_id"),
                Dropped("news_newsitem_triage_state_c33099f1", "news_newsitem", "triage_state"),
                Dropped(
                    "news_newsitem_triage_state_c33099f1_like",
                    "news_newsitem",
                    "triage_state varchar_pattern_ops",
                    postgres_only=True,
                ),
            ],
        ),
    ]
