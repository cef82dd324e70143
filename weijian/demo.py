"""The demo township: a realistic synthetic township, built through the import services."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from weijian.accounts.models import Profile, Role
from weijian.divisions.models import Division, Level
from weijian.interchange.importer import ImportResult, discover, import_files
from weijian.register.models import Person

DEMO_USER = "demo"
DEMO_PASSWORD = "weijian-demo"
PERSONS, VILLAGES, YEARS = 16_000, 8, 3


@dataclass
class Login:
    username: str
    password: str


class DemoError(RuntimeError):
    pass


def last_statistical_year_end(today: date) -> date:
    """30 September of the last statistical year that has ended."""
    year = today.year if today >= date(today.year, 9, 30) else today.year - 1
    return date(year, 9, 30)


def build_demo(*, seed: int = 1, today: date | None = None) -> Login:
    """Fill an empty database with the demo township and make sure the demo login exists."""
    if not Person.objects.exists():
        results = load_demo_data(seed=seed, today=today)
        bad = [r for r in results if not r.ok]
        if bad:
            raise DemoError("; ".join(str(issue) for r in bad for issue in r.errors[:5]))
    return ensure_demo_user()


def load_demo_data(*, seed: int = 1, today: date | None = None) -> list[ImportResult]:
    from weijian.synth import Spec, generate

    end = last_statistical_year_end(today or date.today())
    spec = Spec(persons=PERSONS, villages=VILLAGES, years=YEARS, seed=seed, end=end)
    with tempfile.TemporaryDirectory(prefix="weijian-demo-") as folder:
        generate(spec, Path(folder))
        return import_files(discover(folder))


@transaction.atomic
def ensure_demo_user() -> Login:
    users = get_user_model()
    user, _ = users.objects.get_or_create(username=DEMO_USER, defaults={"is_staff": True, "is_superuser": True})
    user.set_password(DEMO_PASSWORD)
    user.save()
    # Township staff of the demo township (and superuser, for the admin): pages open on it.
    township = Division.objects.filter(level=Level.TOWNSHIP).order_by("code").first()
    if township is not None:
        profile, _ = Profile.objects.get_or_create(user=user, defaults={"role": Role.TOWNSHIP})
        profile.divisions.set([township])
    return Login(DEMO_USER, DEMO_PASSWORD)
