"""Serve the local test PKI (deploy/pki/) over HTTP on loopback: a process of `make run`."""

import contextlib
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from werkzeug.serving import make_server

from agreements.printing import localpki


class Command(BaseCommand):
    help = (
        "Start de lokale test-PKI (tijdstempeldienst, OCSP, CRL's) op LOCAL_PKI_URL, "
        "alleen voor ontwikkeling en tests."
    )

    def handle(self, *args, **options):
        address = urlsplit(settings.LOCAL_PKI_URL)
        host, port = address.hostname or "127.0.0.1", address.port or 80
        if host not in {"127.0.0.1", "localhost", "::1"}:
            raise CommandError("De test-PKI luistert alleen op loopback (127.0.0.1).")
        # werkzeug would print its own (English) message and exit when the port is taken.
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as error:
                raise CommandError(
                    f"Poort {port} is niet vrij; draait de test-PKI al? ({error.strerror})"
                ) from error
        app = localpki.animator(localpki.development_pki())
        server = make_server(host, port, app, threaded=True)
        self.stdout.write(f"Test-PKI op {settings.LOCAL_PKI_URL} (Ctrl-C stopt)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
