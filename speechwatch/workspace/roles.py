"""Moved to speechwatch/staff/roles.py (below intake/ and workspace/); kept for old imports."""

from speechwatch.staff.roles import *  # noqa: F403
