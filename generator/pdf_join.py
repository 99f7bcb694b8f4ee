"""The PDFs of a long briefing's parts (pdf_parts) joined into one tagged PDF, with pikepdf.

pikepdf (qpdf) copies pages and every object they reach from one PDF into another; what a
join of WeasyPrint's PDFs also needs, and no library does, is done here:

- one structure tree (PDF/UA): WeasyPrint tags each part under one /Document element, its
  page's marked content numbered in the ParentTree by page (keys 0 to pages - 1) and its
  link annotations after them. The joined tree has one /Document holding every part's
  elements in order; its ParentTree numbers the pages across the whole document, then every
  part's annotations, and each page's /StructParents and each annotation's /StructParent
  are renumbered to match.
- one set of named destinations (each link inside the document names its anchor, whichever
  part holds it), sorted by name as WeasyPrint writes them.
- one outline, built by WeasyPrint's own bookmark-tree function from each page's bookmarks
  as the parts laid them out, so that a year of the chronology in a later part still nests
  under the chronology's heading in an earlier one.
- "Page N of M" on every page but the cover's: no part knows M, nor (as it is laid out in
  parallel with the others) N, so the parts are laid out without it and a document of empty
  pages with only that footer (`footers`, laid out by WeasyPrint with the same stylesheet)
  is drawn over them, each page's footer as a form XObject marked as an artifact, as
  page furniture is in PDF/UA.

Everything else (the catalog's language, viewer preferences and mark info, the XMP metadata,
the document information and the first half of the file identifier) is the first part's,
which WeasyPrint wrote as it writes them for the whole document. The output depends on the
parts' bytes alone: qpdf writes the same file for the same input, its identifier's second
half derived from the content (`deterministic_id`).
"""

from __future__ import annotations

import warnings
from io import BytesIO
from types import SimpleNamespace

from .pdf_workers import Laid

SCALE = 0.75  # PDF points per CSS pixel, as WeasyPrint writes them


def join(pdfs: list[bytes], infos: list[Laid], footers: bytes) -> bytes:
    """One PDF of the parts' PDFs, in order; `footers`, the page numbers to draw over them."""
    import pikepdf

    parts = [pikepdf.open(BytesIO(data)) for data in pdfs]
    out = parts[0]
    catalogs = [out.Root]
    for part in parts[1:]:
        with warnings.catch_warnings():  # that named destinations are not copied: _names joins them
            warnings.simplefilter("ignore")
            out.pages.extend(part.pages)
        catalogs.append(out.copy_foreign(part.Root))  # its structure tree and names, onto the copied pages
    _structure(out, catalogs, infos)
    _names(out, catalogs)
    _outline(out, infos)
    _footers(out, pikepdf.open(BytesIO(footers)), [cover for info in infos for cover in info.covers])
    buffer = BytesIO()
    out.save(buffer, fix_metadata_version=False, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _structure(out, catalogs, infos: list[Laid]) -> None:
    import pikepdf

    root = out.Root.StructTreeRoot
    document = root.K[0]
    pages, annotations = [], []  # ParentTree values: each page's, then each annotation's
    renumbered: dict[tuple[int, int], int] = {}
    total = sum(info.pages for info in infos)
    for index, (catalog, info) in enumerate(zip(catalogs, infos)):
        tree = catalog.StructTreeRoot
        nums = tree.ParentTree.Nums
        for i in range(0, len(nums), 2):
            key = int(nums[i])
            if key < info.pages:
                pages.append(nums[i + 1])
            else:
                renumbered[index, key] = total + len(annotations)
                annotations.append(nums[i + 1])
        if index:
            for element in tree.K[0].K:
                element.P = document
                document.K.append(element)
    number = 0
    for index, info in enumerate(infos):
        for _ in range(info.pages):
            page = out.pages[number].obj
            page.StructParents = number
            for annotation in page.get("/Annots", ()):
                if "/StructParent" in annotation:
                    annotation.StructParent = renumbered[index, int(annotation.StructParent)]
            number += 1
    nums = []
    for key, value in enumerate([*pages, *annotations]):
        nums += [key, value]
    root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))


def _names(out, catalogs) -> None:
    import pikepdf

    destinations: dict[str, object] = {}
    for catalog in catalogs:
        names = catalog.get("/Names", {}).get("/Dests", {}).get("/Names", ())
        for i in range(0, len(names), 2):
            destinations.setdefault(str(names[i]), names[i + 1])  # ids are unique: one part holds each
    flat = []
    for name in sorted(destinations):
        flat += [pikepdf.String(name), destinations[name]]
    if "/Names" not in out.Root:
        out.Root.Names = pikepdf.Dictionary()
    out.Root.Names.Dests = pikepdf.Dictionary(Names=pikepdf.Array(flat))


def _outline(out, infos: list[Laid]) -> None:
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    tree: list = []
    skipped: list = []
    last_by_depth, previous, number = [tree], 0, 0
    for info in infos:
        for bookmarks, height in zip(info.bookmarks, info.heights):
            page = SimpleNamespace(bookmarks=bookmarks)
            previous = make_page_bookmark_tree(page, skipped, last_by_depth, previous, number, Matrix(a=SCALE, d=-SCALE, f=height * SCALE))
            number += 1
    if "/Outlines" in out.Root:
        del out.Root.Outlines
    _items(out, tree, None)


def _items(out, bookmarks: list, parent) -> tuple[list, int]:
    """The outline items of `bookmarks`, as WeasyPrint's add_outlines writes them."""
    import pikepdf

    count, items = len(bookmarks), []
    for title, (page, x, y), children, state in bookmarks:
        item = out.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title), Dest=pikepdf.Array([out.pages[page].obj, pikepdf.Name.XYZ, x, y, 0])))
        kids, kids_count = _items(out, children, item)
        item.Count = -kids_count if state == "closed" else kids_count
        if state != "closed":
            count += kids_count
        if items:
            item.Prev = items[-1]
            items[-1].Next = item
        if kids:
            item.First, item.Last = kids[0], kids[-1]
        if parent is not None:
            item.Parent = parent
        items.append(item)
    if parent is None and items:
        outlines = out.make_indirect(pikepdf.Dictionary(Count=count, First=items[0], Last=items[-1]))
        for item in items:
            item.Parent = outlines
        out.Root.Outlines = outlines
    return items, count


def _footers(out, footers, covers: list[bool]) -> None:
    import pikepdf

    opening = out.make_stream(b"q\n")
    for number, (page, cover) in enumerate(zip(out.pages, covers)):
        if cover:
            continue
        name = pikepdf.Name(f"/BriefbookPage{number + 1}")
        form = out.copy_foreign(footers.make_indirect(footers.pages[number].as_form_xobject()))
        resources = page.obj.Resources
        if "/XObject" not in resources:
            resources.XObject = pikepdf.Dictionary()
        resources.XObject[name] = form
        closing = out.make_stream(b"Q\n/Artifact BMC\nq " + name.unparse() + b" Do Q\nEMC\n")
        contents = page.obj.Contents
        page.obj.Contents = pikepdf.Array([opening, *(contents if isinstance(contents, pikepdf.Array) else [contents]), closing])
