"""The `speechwatch` command: a thin wrapper around the Django management commands.

`speechwatch init|demo|import|export|taxonomy|serve|backup|restore|report …` run the project's
commands; any other Django command (`migrate`, `createsuperuser`, `shell`) passes through unchanged.
"""

from __future__ import annotations

import os
import sys

USAGE = """usage: speechwatch COMMAND [options]

Commands:
  init                     create the schema, load the default taxonomy and reference data
  demo                     load the demo data set (runs init first if needed)
  import PATH              import a file, or a directory with one file per record type
  export --public|--full --format jsonl|csv --out DIR
                           export every record type, one file each
  taxonomy show|validate|diff
                           inspect, check and compare taxonomy files
  serve [--host H] [--port N] [--workers N] [--threads N] [--timeout S] [--demo]
                           run the web application (gunicorn); --dev [--noreload]: Django's
                           development server
  secret-key               write a random SECRET_KEY to var/secret_key (once)
  backup --out FILE [--include-secret-key]
                           snapshot the database and uploaded files into one archive
  restore FILE             fill an empty database and uploads folder from a backup
  report --month YYYY-MM --lang en,ru,kk --format html,md,docx,pdf,json --out DIR
                           generate the monthly overview
  read-overview FILE... [--lang en|ru] [--dry-run] [--json]
                           read published overviews back into statistics
  actors duplicates        probable duplicate actors across spellings
  sources add --kind K --url U [--name N] [--lang L] | add --starter | list [--json]
                           news sources (docs/news.md)
  fetch --once|--loop [--source NAME]
                           fetch due news sources in-process
  news export --format jsonl --out FILE
                           one JSON line per stored news item
  worker | beat            Celery scale-out (needs SPEECHWATCH_BROKER_URL)
  triage classify --json FILE... [--published YYYY-MM-DD] | evaluate LABELS.jsonl [--json]
                           triage news items: violation, codes, date, region, legal
                           references, actors, story (docs/triage.md)

Any Django management command (migrate, createsuperuser, shell, …) also works.
The database comes from DATABASE_URL (default: an SQLite file under var/).
Run `speechwatch COMMAND --help` for a command's options.
"""


def django_main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "speechwatch.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE, end="")
        return
    django_main(["speechwatch", *args])


if __name__ == "__main__":
    main()
