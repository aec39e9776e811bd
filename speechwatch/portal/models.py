from __future__ import annotations

from django.db import models


class PublicGeneration(models.Model):
    """One row whose number changes with every write that can change public output.

    The public response cache (portal/cache.py) keys pages by it: a bump makes every cached page
    unreachable. It is a counter row rather than max(id) of some table because a writer that
    bumps it holds the row until it commits, so a reader that sees number N also sees the data
    of every write that made it N (no page built before a commit is kept under a later number).
    """

    number = models.BigIntegerField(default=0)
    # When the number last changed: the API's Last-Modified (None before the first bump).
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.number)
