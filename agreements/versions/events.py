"""What happens to a version, told to whoever needs to act on it.

A version's PDFs come into being with it: its text when it is adopted, the sealed PDF when the
last party signs, the publieksversie when it is published. Printing sits above versions
(import-linter), so the domain functions here cannot ask for a PDF themselves; they send one of
these signals and printing (`printing/archive.py`) listens. They are sent only for live acts:
the demo's history and imports pass an explicit time (`at`) and send nothing (see
docs/design.md, "PDFs come into being with the version").

Each is sent inside the domain function's transaction with `version=`; a receiver that starts
work outside the database defers it to the commit (`transaction.on_commit`).
"""

from django.dispatch import Signal

version_adopted = Signal()
version_fully_signed = Signal()
version_published = Signal()
