"""The clients of bench/cluster.py: logged-in sessions that read, write and ask for PDFs, and
remember which of their writes were acknowledged."""

import random
import re
from typing import Any

import requests

EDITOR = "opsteller@bernheze.example.nl"
TIMEOUT = 60
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION_INPUT = re.compile(r'name="revision" value="(\d+)"')


class Client:
    """One logged-in browser-like session, through HAProxy."""

    def __init__(self, base: str, own: Any, password: str, seed: int):
        self.base = base
        self.session = requests.Session()
        self.own = own
        self.random = random.Random(seed)
        self.acknowledged: list[str] = []
        self.attempted: list[str] = []
        self.comments_acknowledged: list[str] = []
        self.comments_attempted: list[str] = []
        page = self.session.get(f"{base}/inloggen/", timeout=TIMEOUT)
        response = self.session.post(
            f"{base}/inloggen/",
            data={"csrfmiddlewaretoken": CSRF_INPUT.search(page.text).group(1),
                  "username": EDITOR, "password": password},
            allow_redirects=False, timeout=TIMEOUT,
        )  # fmt: skip
        if response.status_code != 302:
            raise RuntimeError(f"login failed: {response.status_code}")

    def get(self, path: str, ok=(200,)) -> tuple[bool, int]:
        response = self.session.get(self.base + path, allow_redirects=False, timeout=TIMEOUT)
        response.content  # noqa: B018 -- the whole body, as a browser reads it
        return response.status_code in ok, response.status_code

    def save_step(self) -> tuple[bool, int]:
        url = f"{self.base}/afspraken/{self.own.pk}/stappen/opgave/"
        page = self.session.get(url, timeout=TIMEOUT)
        if page.status_code != 200:
            return False, page.status_code
        text = f"Resultaat na poging {len(self.attempted) + 1} ({self.random.random():.6f})"
        self.attempted.append(text)
        response = self.session.post(
            url,
            data={"csrfmiddlewaretoken": CSRF_INPUT.search(page.text).group(1),
                  "revision": REVISION_INPUT.search(page.text).group(1),
                  "title": self.own.title, "intended_result": text},
            allow_redirects=False, timeout=TIMEOUT,
        )  # fmt: skip
        if response.status_code == 302:
            self.acknowledged.append(text)
            return True, 302
        return False, response.status_code

    def post_comment(self) -> tuple[bool, int]:
        """Start a comment thread on the agreement's first step (the token from its page)."""
        page = self.session.get(f"{self.base}/afspraken/{self.own.pk}/overleg/", timeout=TIMEOUT)
        if page.status_code != 200:
            return False, page.status_code
        text = f"Opmerking {len(self.comments_attempted) + 1} ({self.random.random():.6f})"
        self.comments_attempted.append(text)
        response = self.session.post(
            f"{self.base}/afspraken/{self.own.pk}/overleg/nieuw/",
            data={"csrfmiddlewaretoken": CSRF_INPUT.search(page.text).group(1),
                  "step": "opgave", "body": text, "visibility": "gedeeld"},
            allow_redirects=False, timeout=TIMEOUT,
        )  # fmt: skip
        if response.status_code == 302:
            self.comments_acknowledged.append(text)
            return True, 302
        return False, response.status_code
