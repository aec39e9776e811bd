"""Moved to speechwatch/staff/access.py (below intake/ and workspace/); kept for old imports."""

from speechwatch.staff.access import *  # noqa: F403
