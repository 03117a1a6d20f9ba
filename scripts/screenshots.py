"""Full-page screenshots of every page of the demo, per role, at 1280 and 390 px.

`make screenshots` runs it.

Seeds a fresh demo (as `make run` does) into a database in a temporary directory, starts the
development server on a free port against it, and lets Chromium (Playwright) walk the site as
each of the demo's roles: from the start page it follows every link on the site, one page per
kind of page (a path with its ids and numbers left out, the builder's steps each apart), and
writes `screenshots/<role>/<nn>-<page>-<width>.png`. Reads nothing and writes nothing else.

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--max-pages 80]
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "spelregels-demo"  # noqa: S105 -- demo.cast.DEMO_PASSWORD, printed by `make run` too
ROLES = {
    "anoniem": None,
    "lezer": "lezer@bernheze.example.nl",
    "opsteller": "opsteller@bernheze.example.nl",
    "ondertekenaar": "ondertekenaar@bernheze.example.nl",
    "beheerder": "beheerder@bernheze.example.nl",
    "staf": "staf@spelregels.example.nl",
}
WIDTHS = [1280, 390]
# Not pages to look at: files, feeds, the API, the admin, what logs out or changes something.
SKIP = re.compile(
    r"(\.pdf|\.csv|/pdf/|/csv/|/api/|/admin/|/feed|/uitloggen/|/taal/|/bijlagen/|/scan/|"
    r"/aanwezig/|/meldingen/[0-9a-f-]{36}/|/afdruk)"
)
ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+")


def kind_of(path: str) -> str:
    """A page's kind: its path with ids and numbers left out, and its query's keys."""
    parts = urlsplit(path)
    keys = sorted(re.findall(r"([^&=?]+)=", parts.query))
    return ID.sub("#", parts.path) + ("?" + "&".join(keys) if keys else "")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 -- this interpreter, manage.py, a port
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _attempt in range(300):  # until it answers (at most a minute)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/gezond/", timeout=1)  # noqa: S310
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("De ontwikkelserver start niet.") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("De ontwikkelserver antwoordt niet.")


def walk(page, base: str, out: Path, max_pages: int) -> int:
    """Follow every same-site link from the start page, one page per kind; a screenshot of each."""
    queue = ["/"]
    seen_kinds: set[str] = set()
    count = 0
    while queue and count < max_pages:
        path = queue.pop(0)
        kind = kind_of(path)
        if kind in seen_kinds or SKIP.search(path):
            continue
        seen_kinds.add(kind)
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        response = page.goto(base + path)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        landed = urlsplit(page.url)
        if landed.path != urlsplit(path).path:  # a redirect: the page it led to counts
            seen_kinds.add(kind_of(landed.path))
        count += 1
        name = re.sub(r"[^a-z0-9#]+", "-", kind.lower()).strip("-").replace("#", "id") or "start"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(out / f"{count:02d}-{name}-{width}.png"), full_page=True)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" == base:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--max-pages", type=int, default=80, help="per role")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Chromium ontbreekt: installeer het met `make setup`.")
    out = Path(options.out)
    with tempfile.TemporaryDirectory(prefix="spelregels-screenshots-") as temp:
        env = {
            **os.environ,
            "DEBUG": "true",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "screenshots-only"),
            "DATABASE_URL": f"sqlite:///{temp}/demo.sqlite3",
            "MEDIA_ROOT": f"{temp}/media",
            "SEAL_PKCS12_PATH": f"{temp}/seal.p12",
        }
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_organisations")
        manage(env, "create_seal_certificate")
        manage(env, "seed_demo")
        port = free_port()
        server = start_server(env, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox"]
                )
                for role, email in ROLES.items():
                    shutil.rmtree(out / role, ignore_errors=True)
                    (out / role).mkdir(parents=True)
                    context = browser.new_context(locale="nl-NL")
                    page = context.new_page()
                    if email:
                        page.goto(f"{base}/inloggen/")
                        page.get_by_label("E-mailadres").fill(email)
                        page.get_by_label("Wachtwoord").fill(PASSWORD)
                        with page.expect_navigation():
                            page.get_by_role("button", name="Inloggen").click()
                    count = walk(page, base, out / role, options.max_pages)
                    print(f"{role}: {count} pagina's in {out / role}")  # noqa: T201
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
