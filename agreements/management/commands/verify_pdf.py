"""Check a PDF against the registry and the seal, from the command line.

Says what the verification page says, in the same words: the verdict's headline first, then
(only for a confirmed file) the register's facts, or the problems found. Exits with status 1
unless the file is a confirmed version (in force or not), and 2 when it cannot read the file;
without Django's "CommandError:" before the verdict, which is for people to read.
"""

from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand
from django.utils import timezone

from agreements.printing.verify import Verdict, day, verify_pdf


class Command(BaseCommand):
    help = "Controleer of een PDF een ongewijzigde, verzegelde versie uit dit register is."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            self._fail(f"Bestand niet gevonden: {file}", status=2)
        try:
            data = file.read_bytes()
        except OSError as error:
            self._fail(f"Bestand niet te lezen: {file} ({error.strerror})", status=2)
        result = verify_pdf(data)
        verdict = result.verdict
        headline = f"{result.headline} {result.standing}".strip()
        if verdict in (Verdict.IN_FORCE, Verdict.NOT_IN_FORCE):
            style = self.style.SUCCESS if verdict == Verdict.IN_FORCE else self.style.WARNING
            self.stdout.write(style(headline))
            self._facts(result)
            return
        self.stderr.write(self.style.ERROR(headline))
        for problem in result.problems:
            self.stderr.write(f"Probleem: {problem}")
        for line in result.candidate_lines:
            self.stderr.write(f"  {line}")
        raise SystemExit(1)

    def _fail(self, message: str, *, status: int) -> NoReturn:
        self.stderr.write(self.style.ERROR(message))
        raise SystemExit(status)

    def _facts(self, result) -> None:
        version = result.version
        adopted = day(timezone.localtime(version.adopted_at).date())
        self.stdout.write(f"Afspraak: {version.title}")
        self.stdout.write(f"Versie: {version.number}, vastgesteld op {adopted}")
        self.stdout.write(f"Documentnummer: {result.document_number}")
        self.stdout.write(f"Geldt deze versie nog: {'ja' if result.in_force else 'nee'}")
        for signature in result.signatures:
            self.stdout.write(
                f"Ondertekend: {signature.organisation} — {signature.signatory_name} "
                f"({signature.signatory_function}), {day(signature.signed_on)}"
            )
        self.stdout.write(f"Zegel: {result.signer}")
        self.stdout.write(f"Vingerafdruk van de tekst: {result.embedded_hash}")
        if result.identity_hash:
            self.stdout.write(f"Vingerafdruk van deze versie: {result.identity_hash}")
        for fact in result.seal_facts:
            self.stdout.write(f"{fact.label}: {fact.value}\n  {fact.meaning}")
