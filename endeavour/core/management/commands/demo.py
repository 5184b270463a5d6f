from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from endeavour.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo organisations and one sample person per role (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.ENVIRONMENT == "production":
            raise CommandError("The demo data must never be loaded with production settings.")
        logins = load_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo data is ready. Everything it made is marked as sample.")
        )
        self.stdout.write("Demo sign-ins (http://127.0.0.1:8000/accounts/sign-in/):")
        for login in logins:
            line = f"  {login.role:<18} username {login.username:<10} password {login.password}"
            self.stdout.write(line)
            if login.totp_key:
                self.stdout.write(
                    f"  {'':<18} two-factor code: .venv/bin/endeavour demo_code {login.username}"
                    f"  (or add key {login.totp_key} to an authenticator app)"
                )
