"""The text of a PDF, as poppler's pdftotext reads it: one reader for every test.

pdftotext (poppler-utils, installed by `make setup`) reads the text in reading order and marks
each page's end with a form feed, so one call gives both the whole text and the pages.

The poppler tools read the PDF from a file, as a reader opens it: poppler 22.12 misreads a
sealed PDF given on standard input (the incremental updates of the seal and the document
timestamp: "Syntax Error (191497): Illegal character ')'" where the file is sound, and once 23
GB of memory), and each tool may use at most 2 GB.
"""

import re
import resource
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def poppler(tool: str) -> str:
    """The path of a poppler-utils tool; its absence fails the test with the remedy."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} ontbreekt: installeer poppler-utils met `make setup`.")
    return path


MEMORY_LIMIT = 2 * 1024**3


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_poppler(tool: str, data: bytes, *arguments: str) -> str:
    """What poppler's `tool` prints for the PDF `data` (from a file), with `arguments` before
    the file's name."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        result = subprocess.run(  # noqa: S603
            [poppler(tool), *arguments, pdf.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
            preexec_fn=_limit_memory,  # noqa: PLW1509 -- no threads between fork and exec
        )
    return result.stdout.decode()


def pdf_text(data: bytes) -> str:
    """The text of the PDF, every page, in reading order (pages end with a form feed)."""
    return run_poppler("pdftotext", data, "-enc", "UTF-8")


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page."""
    return pdf_text(data).split("\f")[:-1]


def squeezed(text: str) -> str:
    """Without whitespace and hyphens: pdftotext drops the hyphen of a word broken over two
    lines ("Noordoost-" / "Brabant" reads "NoordoostBrabant"), and keeps the hyphen (U+2010)
    that Dutch hyphenation puts where it breaks a word ("vertegenwoor‐" / "digd")."""
    return re.sub(r"[\s\-\u2010]", "", text)


def without_artifacts(data: bytes) -> bytes:
    """The PDF with every artifact's marked content removed from its pages: what a screen
    reader that skips artifacts is given."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            kept, depth = [], []
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    inside = bool(depth and depth[-1]) or str(operands[0]) == "/Artifact"
                    depth.append(inside)
                    if inside:
                        continue
                elif name == "EMC" and depth:
                    if depth.pop():
                        continue
                elif depth and depth[-1] and name in TEXT_SHOWING:
                    continue
                kept.append(pikepdf.ContentStreamInstruction(operands, operator))
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        output = io.BytesIO()
        pdf.save(output)
        return output.getvalue()


TEXT_SHOWING = ("Tj", "TJ", "'", '"')


def dutch_words() -> set[str]:
    """The words of the Dutch hunspell dictionary (hunspell-nl, installed by `make setup`), in
    lower case, without their affix flags; its absence fails the test with the remedy."""
    path = Path("/usr/share/hunspell/nl.dic")
    if not path.is_file():
        pytest.fail(
            "Het Nederlandse woordenboek ontbreekt: installeer hunspell-nl met `make setup`."
        )
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]
    return {line.split("/")[0].strip().lower() for line in lines if line.strip()}


def broken_words(text: str, words: set[str]) -> list[str]:
    """Where a line ends inside a word without a hyphen ("Programmaman" / "ager").

    A line that ends in a letter, followed by one that starts with a lower-case letter, is a
    word broken without a hyphen when the two pieces joined are a word (in `words`) while the
    pieces are not both words of their own: "met" / "een" is two words ("meteen" is one too),
    "Portefeuillehoud" / "ers" is one broken. A line ending in "-" is a word hyphenated (or a
    compound like "Noordoost-"), which is what should happen. Lines of one or two characters
    are left out: pdftotext reads the rotated labels of a diagram as such fragments ("Za" /
    "ke"), which no column of text produces.
    """
    lines = [line.strip() for line in text.replace("\f", "\n").splitlines()]
    found = []
    for line, following in zip(lines, lines[1:], strict=False):
        if len(line) < 3 or len(following) < 3:
            continue
        if not line[-1].isalpha() or not following[0].islower():
            continue
        tail = re.findall(r"\w+$", line)[0].lower()
        head = re.findall(r"^\w+", following)[0].lower()
        if (tail + head) in words and not (tail in words and head in words):
            found.append(f"{line[-30:]} | {following[:30]}")
    return found
