"""First run of a new installation: the site admin with a second factor, then a checklist.

Safe to run again at any time: it creates the site admin only when there is none, and
otherwise only looks and reports. Without a terminal (or with --no-input) it never prompts.
"""

import getpass
import os
import sys
from argparse import ArgumentParser
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records import audit, health
from certify.records.models import Agency, AgencyMembership, AuditEntry, CertifyingOfficial, User
from certify.site.accounts import twofactor
from forms.editions import all_editions
from forms.models import InstalledEdition

# The variable Django's createsuperuser reads too.
PASSWORD_ENV = "DJANGO_SUPERUSER_PASSWORD"  # noqa: S105 - a variable's name, not a password
# Where USCIS publishes the official PDFs.
OFFICIAL_PAGES = {"I-918B": "https://www.uscis.gov/i-918", "I-914B": "https://www.uscis.gov/i-914"}


@dataclass
class Item:
    done: bool
    title: str
    detail: str = ""


class Command(BaseCommand):
    help = (
        "Create the site admin with a second factor (once), then check the installation: "
        "official form editions, the first agency with its lead and certifying officials, and "
        "the production settings. Prints what is done and what is left, with where to do it."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--admin-email", help="e-mail of the site admin to create")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"never prompt; the admin's password comes from {PASSWORD_ENV}",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="exit with status 1 while any item of the checklist is open",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        ):
            raise CommandError("The database is not up to date: run `manage.py migrate` first.")
        interactive = options["interactive"] and sys.stdin.isatty()
        items = [self._site_admin(options["admin_email"], interactive)]
        items += self._editions()
        items += self._agencies()
        items += self._operations()
        self._print_checklist(items)
        if options["strict"] and not all(item.done for item in items):
            raise CommandError("Some items are still open.")

    # --- site admin ---------------------------------------------------------------------

    def _site_admin(self, email: str | None, interactive: bool) -> Item:
        admins = User.objects.filter(is_superuser=True, is_active=True).order_by("pk")
        if admins.exists():
            without = [a.email for a in admins if not twofactor.has_second_factor(a)]
            if without:
                return Item(
                    False,
                    "Site admin with a second factor",
                    f"{', '.join(without)} must sign in at {self._url('/admin/')} and set up "
                    "an authenticator app (they are taken to it after the password).",
                )
            return Item(True, "Site admin with a second factor", admins[0].email)
        if not email and interactive:
            email = input("E-mail address of the site admin: ").strip()
        if not email:
            return Item(
                False,
                "Site admin with a second factor",
                "none yet: run `manage.py first_run --admin-email you@agency.example`.",
            )
        password = self._admin_password(email, interactive)
        user = self._create_admin(email, password)
        return Item(True, "Site admin with a second factor", f"{user.email} (created now)")

    def _admin_password(self, email: str, interactive: bool) -> str:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not an e-mail address.") from exc
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(
                f"{email} already has an account. Make it a site admin in the admin "
                "(Users, “Superuser status”), or choose another address."
            )
        candidate = User(email=email)
        if interactive:
            while True:
                password = getpass.getpass("Password: ")
                if password != getpass.getpass("Password (again): "):
                    self.stderr.write("The passwords differ; try again.")
                    continue
                try:
                    validate_password(password, candidate)
                except ValidationError as exc:
                    self.stderr.write(" ".join(exc.messages))
                    continue
                return password
        password = os.environ.get(PASSWORD_ENV, "")
        if not password:
            raise CommandError(f"Without a terminal, set {PASSWORD_ENV} to the admin's password.")
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        return password

    @transaction.atomic
    def _create_admin(self, email: str, password: str) -> User:
        user: User = User.objects.create_superuser(email=email, password=password)
        device = TOTPDevice.objects.create(user=user, name=twofactor.TOTP_NAME, confirmed=True)
        codes = twofactor.new_backup_codes(user)
        audit.record(
            actor=None,
            action=AuditEntry.Action.CREATE,
            obj=user,
            detail="site admin created by first_run, with a second factor",
        )
        self.stdout.write(
            "\nThe site admin's second factor. It is shown this once: add it to an "
            "authenticator app now, and keep the backup codes somewhere safe.\n"
            f"  secret (base32, 30 s, 6 digits): {twofactor.secret_base32(device)}\n"
            f"  or open this link on the phone:  {device.config_url}\n"
            f"  backup codes (one use each):     {' '.join(codes)}\n"
        )
        return user

    # --- forms --------------------------------------------------------------------------

    def _editions(self) -> list[Item]:
        newest = {edition.form: edition for edition in all_editions()}
        installed = set(InstalledEdition.objects.values_list("form", "edition"))
        items = []
        for edition in newest.values():
            title = f"Official {edition.form} edition {edition.edition} installed"
            if (edition.form, edition.edition) in installed:
                items.append(Item(True, title))
                continue
            items.append(
                Item(
                    False,
                    title,
                    f"PDFs use the stand-in until then. Download the form from "
                    f"{OFFICIAL_PAGES.get(edition.form, 'https://www.uscis.gov/forms')} and run "
                    f"`manage.py install_form_edition PATH --form {edition.form} "
                    f"--edition {edition.edition}`.",
                )
            )
        return items

    # --- agencies -----------------------------------------------------------------------

    def _agencies(self) -> list[Item]:
        agencies = list(Agency.objects.filter(on_certify=True).order_by("name"))
        if not agencies:
            return [
                Item(
                    False,
                    "First agency",
                    f"add it at {self._url('/admin/certify/agency/add/')} (its service areas "
                    "and members are on the same page).",
                )
            ]
        items = [Item(True, "First agency", ", ".join(a.name for a in agencies[:5]))]
        people = (
            f"Create each person's account at {self._url('/admin/certify/user/add/')}; they "
            f"set their own password with “Forgot your password?” at {self._url('/sign-in/')} "
            "and an authenticator app at their first sign-in."
        )
        for agency in agencies:
            leads = AgencyMembership.objects.filter(
                agency=agency, role=AgencyMembership.Role.LEAD, active=True
            ).count()
            officials = CertifyingOfficial.objects.filter(agency=agency, active=True).count()
            items.append(
                Item(
                    bool(leads),
                    f"{agency.name}: agency lead",
                    ""
                    if leads
                    else f"add a membership with the role “Agency lead” on the "
                    f"agency's page at {self._url(f'/admin/certify/agency/{agency.pk}/change/')}. "
                    + people,
                )
            )
            items.append(
                Item(
                    bool(officials),
                    f"{agency.name}: designated certifying official",
                    ""
                    if officials
                    else "add one at "
                    f"{self._url('/admin/certify/certifyingofficial/add/')}, with the "
                    "designation date (8 CFR 214.14(a)(3)). " + people,
                )
            )
        return items

    # --- operations ---------------------------------------------------------------------

    def _operations(self) -> list[Item]:
        cluster = health.check_task_cluster() == health.OK
        items = [
            Item(
                not settings.DEBUG,
                "DEBUG is off",
                "" if not settings.DEBUG else "set DEBUG=false for production.",
            ),
            Item(
                bool(settings.BACKUP_KEYS),
                "Backups can be made",
                ""
                if settings.BACKUP_KEYS
                else "set BACKUP_KEYS, then schedule `manage.py backup` (README.md, Backups).",
            ),
            Item(
                cluster,
                "Task cluster running",
                "" if cluster else "start `manage.py qcluster` (deploy/certify-cluster.service).",
            ),
        ]
        backend = settings.CACHES["default"]["BACKEND"]
        if backend.endswith("DatabaseCache"):
            table = settings.CACHES["default"]["LOCATION"]
            present = table in connection.introspection.table_names()
            items.append(
                Item(present, "Cache table created", "" if present else "run `createcachetable`.")
            )
        console_mail = settings.EMAIL_BACKEND.endswith("console.EmailBackend")
        items.append(
            Item(
                not console_mail,
                "Outgoing e-mail configured",
                "e-mails are printed, not sent: set EMAIL_BACKEND and EMAIL_HOST."
                if console_mail
                else "",
            )
        )
        return items

    # --- output -------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return settings.SITE_URL.rstrip("/") + path

    def _print_checklist(self, items: list[Item]) -> None:
        self.stdout.write("\ncertify first-run checklist\n")
        for item in items:
            mark = "[x]" if item.done else "[ ]"
            line = f"{mark} {item.title}"
            if item.detail:
                line += f": {item.detail}" if not item.done else f" ({item.detail})"
            self.stdout.write(line)
        left = sum(1 for item in items if not item.done)
        self.stdout.write(
            self.style.SUCCESS("\nAll done.") if not left else f"\n{left} item(s) left."
        )
