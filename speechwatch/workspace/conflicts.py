"""Moved to speechwatch/staff/conflicts.py (below intake/ and workspace/); kept for old imports."""

from speechwatch.staff.conflicts import *  # noqa: F403
