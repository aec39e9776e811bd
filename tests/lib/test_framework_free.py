"""The helper modules must import without Django (they are used by CLI tools and workers)."""

import subprocess
import sys

MODULES = (
    "speechwatch.lib.dates",
    "speechwatch.lib.legal",
    "speechwatch.lib.text",
    "speechwatch.lib.regions",
    "speechwatch.actors.matching",
)


def test_no_django_import() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in MODULES)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        + "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
