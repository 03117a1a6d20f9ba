"""The text of a PDF, as poppler's pdftotext reads it: one reader for every test.

pdftotext (poppler-utils, installed by `make setup`) reads the text in reading order and marks
each page's end with a form feed, so one call gives both the whole text and the pages.
"""

import re
import shutil
import subprocess

import pytest


def poppler(tool: str) -> str:
    """The path of a poppler-utils tool; its absence fails the test with the remedy."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} ontbreekt: installeer poppler-utils met `make setup`.")
    return path


def pdf_text(data: bytes) -> str:
    """The text of the PDF, every page, in reading order (pages end with a form feed)."""
    result = subprocess.run(  # noqa: S603
        [poppler("pdftotext"), "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page."""
    return pdf_text(data).split("\f")[:-1]


def squeezed(text: str) -> str:
    """Without whitespace and hyphens: pdftotext drops the hyphen of a word broken over two
    lines ("Noordoost-" / "Brabant" reads "NoordoostBrabant")."""
    return re.sub(r"[\s\-]", "", text)
