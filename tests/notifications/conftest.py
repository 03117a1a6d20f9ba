import pytest

from accounts.models import User
from agreements.models import Agreement
from demo.scenario import seed_demo


@pytest.fixture
def demo() -> Agreement:
    seed_demo()
    return Agreement.objects.get()


def person(email: str) -> User:
    return User.objects.get(email=email)


def demo_people(role: str, slugs: list[str]) -> set[str]:
    return {f"{role}@{slug}.example.nl" for slug in slugs}


# The parties of the demo's version 1 (Meierijstad joins in version 2).
PARTIES = ["bzk", "brabant", "bernheze", "denbosch", "oss", "aaenmaas", "enexis", "energiek"]
