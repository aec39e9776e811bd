"""`speechwatch roles init|grant|create|demo-users|reencrypt`: role groups, role membership,
new accounts (password policy applied) and re-encryption of two-factor secrets after a key
rotation."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from speechwatch.audit.record import Who
from speechwatch.workspace.actions import create_demo_users, ensure_role_groups, grant_role
from speechwatch.workspace.roles import ROLES
from speechwatch.workspace.user_actions import (
    UserInputError,
    create_user,
    reencrypt_secrets,
    send_invite,
)


class Command(BaseCommand):
    help = "Role groups (init), a role for a user (grant), a new user (create), demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("init", help="create the groups " + ", ".join(ROLES))
        grant = sub.add_parser("grant", help="add USER to the group ROLE")
        grant.add_argument("username")
        grant.add_argument("role", choices=ROLES)
        create = sub.add_parser(
            "create", help="a new user; the password policy (AUTH_PASSWORD_VALIDATORS) applies"
        )
        create.add_argument("username")
        create.add_argument("--email", default="")
        create.add_argument("--role", action="append", default=[], choices=ROLES)
        how = create.add_mutually_exclusive_group()
        how.add_argument("--password-file", help="read the password from this file's first line")
        how.add_argument(
            "--invite-url",
            metavar="BASE_URL",
            help="mail a set-password link on this site (e.g. https://sw.example.org)",
        )
        sub.add_parser("demo-users", help="one demo user per role (password: speechwatch-demo)")
        sub.add_parser("reencrypt", help="encrypt two-factor secrets again under the current key")

    def handle(self, *args: Any, **options: Any) -> None:
        who = Who(label="cli")
        action = options["action"]
        if action == "init":
            created = ensure_role_groups(who)
            self.stdout.write(f"role groups: {', '.join(ROLES)} (created: {len(created)})")
        elif action == "grant":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"username: no user {options['username']!r}")
            grant_role(user, options["role"], who=who)
            self.stdout.write(f"{user.username} is now {options['role']}")
        elif action == "create":
            self._create(options, who)
        elif action == "reencrypt":
            self.stdout.write(f"re-encrypted: {reencrypt_secrets(who=who)}")
        else:
            users = create_demo_users(who=Who(label="demo"))
            self.stdout.write("demo users: " + ", ".join(u.username for u in users))

    def _password(self, options: dict[str, Any]) -> str | None:
        if options["invite_url"]:
            return None
        if options["password_file"]:
            try:
                lines = Path(options["password_file"]).read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise CommandError(f"--password-file: {exc}") from None
            return lines[0] if lines else ""
        if not sys.stdin.isatty():
            raise CommandError("password: give --password-file or --invite-url (no terminal)")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password again: "):
            raise CommandError("password: the two passwords differ")
        return first

    def _create(self, options: dict[str, Any], who: Who) -> None:
        password = self._password(options)
        try:
            user = create_user(
                options["username"], options["email"], options["role"], password=password, who=who
            )
            if password is None:
                send_invite(user, base_url=options["invite_url"], who=who)
        except UserInputError as exc:
            raise CommandError(str(exc)) from None
        roles = ", ".join(options["role"]) or "no role"
        self.stdout.write(f"created {user.username} ({roles})")
