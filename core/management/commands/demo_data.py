"""Load the demo world. Idempotent: running it again changes nothing and loses nothing.

Each app may bring a module `<app>.demo` with a function `load(world: dict) -> None`; they run
in the order of INSTALLED_APPS, so that later apps build on what earlier ones created. `world`
carries what they share (users, initiatives, organisations).
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_PASSWORD = "demo"


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, **options):
        world: dict = {"password": DEMO_PASSWORD, "logins": []}
        with transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).load(world)
        if not options["quiet_logins"]:
            self.stdout.write(self.style.SUCCESS("Demo-Zugänge (Passwort für alle: demo):"))
            for email, description in world["logins"]:
                self.stdout.write(f"  {email:<28} {description}")
