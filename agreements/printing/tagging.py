"""The finishing touches WeasyPrint's tagging lacks: running header and footer as artifacts,
the contents as a table of contents.

WeasyPrint 70 tags the text of the page margin boxes (the running header with title and
version, the footer with "pagina x van y") as ordinary marked content whose structure elements
hang nowhere in the structure tree: a screen reader that follows the content would read the
header and footer on every page. `finish_tags` marks that content `/Artifact` (of type
`/Pagination`, `/Header` or `/Footer` by where it stands on the page) and drops it from the
parent tree. A list whose every item links inside the document (the `<nav class="toc">` of the
print templates) becomes `/TOC` with `/TOCI` items, their bodies `/Reference`.

Both are standard structure types of PDF 1.7, so the file stays PDF/A-3a.
"""

from io import BytesIO
from typing import Any

import pikepdf

# WeasyPrint draws in CSS pixels, with the y axis pointing down from the top of the page.
_PX_PER_PT = 4 / 3


def _key(element) -> tuple[int, int] | None:
    return element.objgen if element.is_indirect else None


def _children(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [kids]


def _is_element(value) -> bool:
    return isinstance(value, pikepdf.Dictionary) and "/S" in value


def _reachable(root) -> set[tuple[int, int]]:
    """The structure elements reachable from the structure tree's root."""
    seen: set[tuple[int, int]] = set()
    stack = [kid for kid in _children(root) if _is_element(kid)]
    while stack:
        element = stack.pop()
        key = _key(element)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        stack.extend(kid for kid in _children(element) if _is_element(kid))
    return seen


def _artifact_mcids(pdf: pikepdf.Pdf) -> dict[int, set[int]]:
    """Per page index, the marked-content ids whose structure element is not in the tree."""
    tree = pdf.Root.StructTreeRoot
    reachable = _reachable(tree)
    numbers = tree.ParentTree.get("/Nums", pikepdf.Array())
    found: dict[int, set[int]] = {}
    for index in range(0, len(numbers), 2):
        key, value = int(numbers[index]), numbers[index + 1]
        if not isinstance(value, pikepdf.Array):
            continue  # an annotation's entry, not a page's
        for mcid, element in enumerate(value):
            if _is_element(element) and _key(element) not in reachable:
                found.setdefault(key, set()).add(mcid)
    return found


def _mark_artifacts(pdf: pikepdf.Pdf, page_index: int, mcids: set[int]) -> None:
    """Turn the page's marked content with these ids into pagination artifacts."""
    page = pdf.pages[page_index]
    half = float(page.mediabox[3]) * _PX_PER_PT / 2
    instructions = list(pikepdf.parse_content_stream(page))
    opened: list[int | None] = []  # per open BDC/BMC: the index of an artifact BDC, or None
    for position, instruction in enumerate(instructions):
        operands, name = instruction.operands, str(instruction.operator)
        if name == "BDC":
            properties = operands[1] if len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            opened.append(position if mcid is not None and int(mcid) in mcids else None)
        elif name == "BMC":
            opened.append(None)
        elif name == "EMC" and opened:
            opened.pop()
        elif name == "Tm" and opened and opened[-1] is not None:
            start = opened[-1]
            subtype = "/Header" if float(operands[5]) < half else "/Footer"
            instructions[start] = pikepdf.ContentStreamInstruction(
                [
                    pikepdf.Name.Artifact,
                    pikepdf.Dictionary(Type=pikepdf.Name.Pagination, Subtype=pikepdf.Name(subtype)),
                ],
                pikepdf.Operator("BDC"),
            )
    # Marked content without a text position of its own: an artifact all the same.
    for position, instruction in enumerate(instructions):
        operands = instruction.operands
        if str(instruction.operator) == "BDC" and str(operands[0]) != "/Artifact":
            properties = operands[1] if len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            if mcid is not None and int(mcid) in mcids:
                instructions[position] = pikepdf.ContentStreamInstruction(
                    [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)],
                    pikepdf.Operator("BDC"),
                )
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))


def _forget_mcids(pdf: pikepdf.Pdf, artifacts: dict[int, set[int]]) -> None:
    """Drop the artifacts' entries from the parent tree (a trailing run is cut off, others
    become null), so nothing in the structure points at them any more."""
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    for index in range(0, len(numbers), 2):
        mcids = artifacts.get(int(numbers[index]))
        value = numbers[index + 1]
        if not mcids or not isinstance(value, pikepdf.Array):
            continue
        entries: list[Any] = list(value)
        for mcid in mcids:
            entries[mcid] = None
        while entries and entries[-1] is None:
            entries.pop()
        numbers[index + 1] = pikepdf.Array(entries)


def _is_contents(element) -> bool:
    """A list whose every item holds a link: the table of contents."""
    items = [kid for kid in _children(element) if _is_element(kid)]
    if not items or any(str(item.S) != "/LI" for item in items):
        return False

    def has_link(node) -> bool:
        return any(
            _is_element(kid) and (str(kid.S) == "/Link" or has_link(kid)) for kid in _children(node)
        )

    return all(has_link(item) for item in items)


def _tag_contents(pdf: pikepdf.Pdf) -> None:
    """Lists of links become /TOC, their items /TOCI, the items' bodies /Reference."""
    stack = list(_children(pdf.Root.StructTreeRoot))
    while stack:
        element = stack.pop()
        if not _is_element(element):
            continue
        if str(element.S) == "/L" and _is_contents(element):
            element.S = pikepdf.Name.TOC
            for item in _children(element):
                if not _is_element(item):
                    continue
                item.S = pikepdf.Name.TOCI
                for body in _children(item):
                    if _is_element(body) and str(body.S) == "/LBody":
                        body.S = pikepdf.Name.Reference
            continue
        stack.extend(_children(element))


def finish_tags(data: bytes) -> bytes:
    """The PDF with header and footer as artifacts and its contents tagged as a TOC."""
    with pikepdf.open(BytesIO(data)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return data
        artifacts = _artifact_mcids(pdf)
        for page_index, mcids in artifacts.items():
            _mark_artifacts(pdf, page_index, mcids)
        _forget_mcids(pdf, artifacts)
        _tag_contents(pdf)
        output = BytesIO()
        # Object streams of at most 100 objects (qpdf's), not WeasyPrint's one stream of all
        # 2,000: pyHanko reads an object from a stream by parsing the stream's index again,
        # so checking what the seal's later updates changed (`verify.py`) was quadratic in
        # its size (21 s for the demo's sealed PDF).
        pdf.save(
            output,
            fix_metadata_version=False,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return output.getvalue()
