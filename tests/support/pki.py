"""The local test PKI (deploy/pki/certomancer.yml), served over HTTP on a free loopback port in
a thread: its TSA, OCSP responder, CRLs and certificates are real HTTP services for the tests.

`LocalPki.start(directory)` generates the keys in `directory`, serves the PKI and exports the
seal (PKCS#12) and the root certificate there. `reconfigure` serves a changed configuration
(the same keys, so the same certificates): a seal certificate revoked after sealing, say.
"""

import copy
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from certomancer.registry import CertLabel, PKIArchitecture
from werkzeug.serving import BaseWSGIServer, make_server

from agreements.printing import localpki

SEAL_PASSWORD = "test-seal"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LocalPki:
    directory: Path
    config: dict[str, Any]
    url: str
    pki: PKIArchitecture
    server: BaseWSGIServer
    # The application the server dispatches to, swapped by `reconfigure`.
    holder: dict[str, Callable] = field(repr=False, default_factory=dict)

    @classmethod
    def start(cls, directory: Path, config: dict[str, Any] | None = None) -> "LocalPki":
        config = config or localpki.load_config()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        pki = localpki.architecture(config, directory, url)
        holder: dict[str, Callable] = {"app": localpki.animator(pki)}

        def dispatch(environ, start_response):
            return holder["app"](environ, start_response)

        server = make_server("127.0.0.1", port, dispatch, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running = cls(directory, config, url, pki, server, holder)
        localpki.export_seal(pki, running.seal_path, SEAL_PASSWORD)
        localpki.export_root(pki, running.root_path)
        return running

    @property
    def seal_path(self) -> Path:
        return self.directory / "seal.p12"

    @property
    def root_path(self) -> Path:
        return self.directory / "root.pem"

    def tsa_url(self, service: str = "tsa") -> str:
        return localpki.tsa_url(self.url, service)

    def export_seal(self, label: str, path: Path, password: str = SEAL_PASSWORD) -> Path:
        localpki.export_seal(self.pki, path, password, label=CertLabel(label))
        return path

    def reconfigure(self, config: dict[str, Any]) -> None:
        """Serve `config` from now on (same keys and address)."""
        self.config = config
        self.pki = localpki.architecture(config, self.directory, self.url)
        self.holder["app"] = localpki.animator(self.pki)

    def changed_config(self) -> dict[str, Any]:
        """A copy of the configuration to change and `reconfigure` with."""
        return copy.deepcopy(self.config)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
