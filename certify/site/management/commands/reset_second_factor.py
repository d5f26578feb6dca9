"""Reset a person's second factor from the command line (the first site admin has no one to
ask): removes their authenticator and backup codes and e-mails them a single-use set-up link.
The reset and its reason go into the audit trail, as from the admin."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from certify.records.models import User
from workflows import accounts


class Command(BaseCommand):
    help = "Remove a person's second factor and e-mail them a set-up link (audited)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--reason", required=True, help="why; kept in the audit trail")

    def handle(self, *args, email: str, reason: str, **options):
        user = User.objects.filter(email=accounts.normalise_email(email)).first()
        if user is None:
            raise CommandError("No account has that e-mail address")
        if not reason.strip():
            raise CommandError("Give a reason")
        accounts.reset_second_factor(
            actor=None, user=user, reason=reason, site_url=settings.SITE_URL
        )
        self.stdout.write(f"A set-up link was e-mailed to {user.email}.")
