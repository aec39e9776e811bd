"""`speechwatch roles init|grant USER ROLE|demo-users`: role groups and role membership."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.audit.record import Who
from speechwatch.workspace.actions import create_demo_users, ensure_role_groups, grant_role
from speechwatch.workspace.roles import ROLES


class Command(BaseCommand):
    help = "Create the role groups (init), give a user a role (grant), or create demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("init", help="create the groups " + ", ".join(ROLES))
        grant = sub.add_parser("grant", help="add USER to the group ROLE")
        grant.add_argument("username")
        grant.add_argument("role", choices=ROLES)
        sub.add_parser("demo-users", help="one demo user per role (password: speechwatch-demo)")

    def handle(self, *args: Any, **options: Any) -> None:
        who = Who(label="cli")
        if options["action"] == "init":
            created = ensure_role_groups(who)
            self.stdout.write(f"role groups: {', '.join(ROLES)} (created: {len(created)})")
        elif options["action"] == "grant":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"username: no user {options['username']!r}")
            grant_role(user, options["role"], who=who)
            self.stdout.write(f"{user.username} is now {options['role']}")
        else:
            users = create_demo_users(who=Who(label="demo"))
            self.stdout.write("demo users: " + ", ".join(u.username for u in users))
