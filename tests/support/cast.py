"""The cast of the tests: the demo's own people (demo/cast.py), by first name.

Each accessor gives that person as the database has them, and makes them (with their membership
and organisation, nothing more) when they are not there: a test can ask for Eva without loading
the demo, and in the demo database she is already there.

Gemeente Bernheze: Eva Jansen (opsteller), Lars de Bruijn (lezer), Bram Hendriks (beheerder),
Kees van Dijk (ondertekenaar). Provincie Noord-Brabant: Piet van den Heuvel (opsteller), Sanne
Verbeek (ondertekenaar). Gemeente Nijmegen, party to nothing: Olaf de Graaf (opsteller). The
site's staff: Sita Ramdin.
"""

from accounts.models import Organisation, Role, User
from demo import cast

PASSWORD = cast.DEMO_PASSWORD
STAFF_EMAIL = cast.STAFF_EMAIL  # Sita's


def person(slug: str, role: str) -> User:
    """The cast's person of organisation `slug` with `role` (Role.LEZER, ...): as the database
    has them (a test may have changed them), made by demo/cast.py when they are not there."""
    found = User.objects.filter(email=email(role, slug)).first()
    return found if found is not None else cast.person(slug, role)


def organisation(slug: str) -> Organisation:
    return cast.organisation(slug)


def email(role: str, slug: str) -> str:
    """The e-mail address of the cast's person: `opsteller@bernheze.example.nl`."""
    return cast.email(role, slug)


def name(slug: str, role: str) -> str:
    """The full name of the cast's person, without touching the database."""
    return cast.cast_person(slug, role).name


# --- Organisations -----------------------------------------------------------------------------


def bernheze() -> Organisation:
    return organisation("bernheze")


def brabant() -> Organisation:
    return organisation("brabant")


def oss() -> Organisation:
    return organisation("oss")


def enexis() -> Organisation:
    return organisation("enexis")


def meierijstad() -> Organisation:
    return organisation("meierijstad")


def nijmegen() -> Organisation:
    """The outsider's gemeente: party to nothing in the demo."""
    return organisation("nijmegen")


# --- People ------------------------------------------------------------------------------------


def eva() -> User:
    """Eva Jansen, opsteller of Gemeente Bernheze."""
    return person("bernheze", Role.OPSTELLER)


def lars() -> User:
    """Lars de Bruijn, lezer of Gemeente Bernheze."""
    return person("bernheze", Role.LEZER)


def bram() -> User:
    """Bram Hendriks, beheerder of Gemeente Bernheze."""
    return person("bernheze", Role.BEHEERDER)


def kees() -> User:
    """Kees van Dijk, ondertekenaar of Gemeente Bernheze."""
    return person("bernheze", Role.ONDERTEKENAAR)


def piet() -> User:
    """Piet van den Heuvel, opsteller of Provincie Noord-Brabant."""
    return person("brabant", Role.OPSTELLER)


def sanne() -> User:
    """Sanne Verbeek, ondertekenaar of Provincie Noord-Brabant."""
    return person("brabant", Role.ONDERTEKENAAR)


def olaf() -> User:
    """Olaf de Graaf, opsteller of Gemeente Nijmegen: the outsider, party to nothing."""
    return person("nijmegen", Role.OPSTELLER)


def sita() -> User:
    """Sita Ramdin, the site's staff member (the admin), member of no organisation."""
    return User.objects.filter(email=cast.STAFF_EMAIL).first() or cast.staff()
