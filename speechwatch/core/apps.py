import gc

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "speechwatch.core"
    label = "core"

    def ready(self) -> None:
        # Python collects its youngest objects every 700 allocations by default, and every so
        # often it walks the whole heap (Django, Babel, the taxonomy): a cold monthly overview
        # at a million incidents spent a tenth of its time there (docs/configuration.md).
        gc.set_threshold(settings.GC_GEN0_THRESHOLD, *gc.get_threshold()[1:])
