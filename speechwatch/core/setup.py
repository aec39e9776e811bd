"""What `speechwatch init` installs: the reference regions and the default taxonomy."""

from __future__ import annotations

from django.conf import settings

from speechwatch.audit.record import Who
from speechwatch.reference.actions import install_regions
from speechwatch.taxonomy.actions import install_builtin

INIT = Who(label="init")


def install_defaults(who: Who = INIT) -> None:
    install_regions(settings.REGION_SET, who=who)
    install_builtin(settings.DEFAULT_TAXONOMY, who=who, make_default=True)
