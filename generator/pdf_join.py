"""The parts of a long briefing's PDF (pdf_parts) written as pieces of one tagged PDF, and joined.

Why by hand: a PDF library joins PDFs by reading every object of each into memory, and a
tagged PDF is mostly objects (its structure tree: about 400 for each page of a briefing);
at bench size m that held more memory than laying the parts out. Here each part is written
straight into its place in the joined file instead: WeasyPrint makes the part's PDF objects
(`generate_pdf`, as `write_pdf` does) numbered from the part's first free object number (a
patch of pydyf's `add_object` while it runs), and what ties a part to the whole is set on
them before they are written:

- its pages hang from the document's page tree (its own page tree node, under the root);
- its structure elements hang from the document's one /Document element, and its pages and
  link annotations are keyed in the document's one ParentTree: a page by its index in the
  document, an annotation from ANNOTATIONS on, in document order;
- each page but a cover page draws its footer, "Page N of M", from reserved objects that
  the join writes once the document is laid out and M is known (a document of empty pages
  with only that footer, laid out by WeasyPrint with the same stylesheet, each page a form
  XObject marked as an artifact, as page furniture is in PDF/UA).

Each part's objects go into the file as they were written, its small ones in one object
stream. The join adds the catalog (the front matter's language, viewer preferences, mark
info and XMP metadata, as WeasyPrint wrote them), the page tree's root, the structure
tree's root, its /Document and ParentTree, the named destinations of every part (sorted by
name, as WeasyPrint writes them), one outline (WeasyPrint's own bookmark-tree function over
every page's bookmarks, so that a year of the chronology in a later part nests under the
chronology in an earlier one), the document information, and a cross-reference stream.
The file identifier is the one WeasyPrint would write: the given first half, then the MD5
of the content. Memory: the joined file's bytes, and one part's objects at a time.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from io import BytesIO
from types import SimpleNamespace

from . import pdf_tags

CATALOG, PAGES, STRUCTURE, DOCUMENT, PARENT_TREE, SAVE, OUTLINES, DESTS, INFO = range(1, 10)
FOOTERS = 16  # page i's footer: object FOOTERS + 2i draws object FOOTERS + 2i + 1
ANNOTATIONS = 1_000_000  # the ParentTree's keys for link annotations (a page's key is its index)
SCALE = 0.75  # PDF points per CSS pixel, as WeasyPrint writes them


def ref(number: int) -> bytes:
    return b"%d 0 R" % number


@dataclass(frozen=True)
class Numbers:
    """Where a part goes in the joined PDF."""

    base: int  # its first object number
    first_page: int  # its first page's index in the document
    annotations: int  # how many link annotations the parts before it in the ParentTree have
    covers: tuple[bool, ...]  # which of its pages have no footer
    front: bool  # it is the front matter: its catalog and metadata are the document's


@dataclass(frozen=True)
class Piece:
    """A part written: its objects, and what the join needs of them."""

    data: bytes
    entries: list[tuple[int, int, int, int]]  # each object's number, type, and fields 2 and 3 (offsets from `data`'s start)
    used: int  # object numbers taken from its base on
    pages: list[bytes]  # each page's reference
    node: bytes  # its page tree node's reference
    parent_tree: list[bytes]  # each page's structure elements, in the order of its marked content
    annotations: list[tuple[int, bytes]]  # each link annotation's ParentTree key and structure element
    top: list[bytes]  # its structure elements under the document's
    dests: list[tuple[str, bytes]]  # named destinations
    catalog: dict[str, bytes]  # the front's catalog entries that the document keeps
    info: bytes  # the front's document information


class Placer:
    """Hands each part, in the order they are written, the numbers it starts from."""

    def __init__(self, pages_at_most: int) -> None:
        self.base = FOOTERS + 2 * pages_at_most
        self.pages_at_most = pages_at_most
        self.annotations = 0

    def numbers(self, first_page: int, covers: list[bool], front: bool = False) -> Numbers:
        if first_page + len(covers) > self.pages_at_most:
            raise ValueError(f"more than {self.pages_at_most} pages: more than the PDF has room for")
        return Numbers(self.base, first_page, self.annotations, tuple(covers), front)

    def took(self, piece: Piece) -> None:
        self.base += piece.used
        self.annotations += len(piece.annotations)


@contextmanager
def _numbered_from(base: int):
    """pydyf numbers the objects of a PDF from `base` (0, the free object, included)."""
    import pydyf

    original = pydyf.PDF.add_object

    def add_object(pdf, object_):
        object_.number = base + len(pdf.objects)
        pdf.objects.append(object_)

    pydyf.PDF.add_object = add_object
    try:
        yield
    finally:
        pydyf.PDF.add_object = original


def generate(document, base: int, as_drawn: bool = True, **options):
    """WeasyPrint's PDF objects for a laid-out document, numbered from `base` (as write_pdf
    makes them, before it writes them). A tagged document's pages lose their boxes as they
    are drawn (pdf_tags): it is spent; `as_drawn=False` leaves the tagging to WeasyPrint, once
    every page is drawn (the tests compare the two)."""
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.pdf import VARIANTS, generate_pdf

    options = {**DEFAULT_OPTIONS, **options}
    if variant := options["pdf_variant"]:
        for key, value in VARIANTS[variant][1].items():
            if options.get(key) is None:
                options[key] = value
    with _numbered_from(base), (pdf_tags.as_drawn(options["pdf_version"]) if as_drawn else nullcontext()):
        return generate_pdf(document, None, 1, **options)


def piece(pdf, numbers: Numbers) -> Piece:
    """A part's objects (`generate`), tied to the document (see the module's docstring) and written."""
    import pydyf

    base, catalog = numbers.base, pdf.catalog

    def at(reference: bytes):
        return pdf.objects[int(reference.split()[0]) - base]

    root = at(catalog["StructTreeRoot"])
    document, tree = at(root["K"][0]), at(root["ParentTree"])
    dropped = {id(catalog), id(root), id(document), id(tree), *map(id, _outline_items(catalog, at))}
    if not numbers.front and "Metadata" in catalog:
        dropped.add(id(at(catalog["Metadata"])))
    for element in document["K"]:
        at(element)["P"] = ref(DOCUMENT)
    pdf.pages["Parent"] = ref(PAGES)
    count = len(pdf.pages["Kids"]) // 3
    pages = [ref(n) for n in pdf.pages["Kids"][::3]]
    for i, page in enumerate(map(at, pages)):
        number = numbers.first_page + i
        page["StructParents"] = number
        if not numbers.covers[i]:
            page["Contents"] = b"[%s %s %s]" % (ref(SAVE), page["Contents"], ref(FOOTERS + 2 * number))
            at(page["Resources"])["XObject"][f"BriefbookPage{number + 1}"] = ref(FOOTERS + 2 * number + 1)
    first_key = ANNOTATIONS + numbers.annotations - count
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Annot" and "StructParent" in obj:
            obj["StructParent"] += first_key
    nums = tree["Nums"]
    parent_tree = [nums[i + 1].data for i in range(0, len(nums), 2) if nums[i] < count]
    annotations = [(nums[i] + first_key, nums[i + 1]) for i in range(0, len(nums), 2) if nums[i] >= count]
    names = catalog.get("Names", {}).get("Dests", {}).get("Names", [])
    dests = [(names[i].string, names[i + 1].data) for i in range(0, len(names), 2)]
    kept = {key: pydyf._to_bytes(catalog[key]) for key in ("Lang", "MarkInfo", "ViewerPreferences", "Metadata") if numbers.front and key in catalog}
    data, entries, used = _written([o for o in pdf.objects if id(o) not in dropped and o.free != "f"], base + len(pdf.objects))
    return Piece(data, entries, used - base, pages, pdf.pages.reference, parent_tree, annotations, list(document["K"]), dests, kept, pdf.info.data if numbers.front else b"")


def _outline_items(catalog, at) -> list:
    """The outline's objects that WeasyPrint wrote for one part (the join writes the document's)."""
    found, todo = [], [catalog["Outlines"]] if "Outlines" in catalog else []
    while todo:
        item = at(todo.pop())
        found.append(item)
        todo += [item[key] for key in ("First", "Next") if key in item]
    return found


def _written(objects: list, stream_number: int) -> tuple[bytes, list, int]:
    """Objects as they go into the file, the small ones in an object stream numbered
    `stream_number` (pydyf's way); their cross-reference entries; the next free number."""
    import pydyf

    out, entries, position = [], [], 0
    small = [o for o in objects if o.compressible]
    for obj in objects:
        if not obj.compressible:
            data = obj.indirect + b"\n"
            entries.append((obj.number, 1, position, 0))
            out.append(data)
            position += len(data)
    if not small:
        return b"".join(out), entries, stream_number
    header, items, offset = [], [], 0
    for index, obj in enumerate(small):
        data = obj.data
        header += [obj.number, offset]
        items.append(data)
        offset += len(data) + 1
        entries.append((obj.number, 2, stream_number, index))
    heading = " ".join(map(str, header))
    stream = pydyf.Stream([heading, *items], {"Type": "/ObjStm", "N": len(small), "First": len(heading) + 1}, compress=True)
    stream.number = stream_number
    entries.append((stream_number, 1, position, 0))
    out.append(stream.indirect + b"\n")
    return b"".join(out), entries, stream_number + 1


def footers(pdf, base: int, covers: list[bool], first: int = 0) -> Piece:
    """The objects of a document of footers (`generate`d from `base`, untagged) for the pages
    from index `first` on: each page's content becomes the form XObject that the page of the
    same number draws."""
    def at(reference: bytes):
        return pdf.objects[int(reference.split()[0]) - base]

    pages = [at(ref(n)) for n in pdf.pages["Kids"][::3]]
    dropped = {id(pdf.catalog), id(pdf.pages), *map(id, pages)}
    for number, (page, cover) in enumerate(zip(pages, covers), first):
        content = at(page["Contents"])
        if cover:
            dropped.add(id(content))
            continue
        content.number = FOOTERS + 2 * number + 1
        content.extra.update(Type="/XObject", Subtype="/Form", BBox=page["MediaBox"], Resources=page["Resources"])
    data, entries, used = _written([o for o in pdf.objects if id(o) not in dropped and o.free != "f"], base + len(pdf.objects))
    return Piece(data, entries, used - base, [], b"", [], [], [], [], {}, b"")


def join(pieces: list[Piece], footers: list[Piece], infos: list, covers: list[bool], identifier: bytes) -> bytes:
    """The joined PDF: the parts' pieces in page order, the footers, and what ties them together."""
    import pydyf

    out = BytesIO()
    out.write(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")
    entries: dict[int, tuple[int, int, int]] = {0: (0, 0, 65535)}

    def put(data: bytes, where: list[tuple[int, int, int, int]]) -> None:
        offset = out.tell()
        out.write(data)
        for number, kind, second, third in where:
            entries[number] = (kind, second + offset if kind == 1 else second, third)

    def obj(number: int, data: bytes) -> None:
        entries[number] = (1, out.tell(), 0)
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, data))

    for p in [*pieces, *footers]:
        put(p.data, p.entries)
    front = pieces[0]
    pages = [page for p in pieces for page in p.pages]
    for number, cover in enumerate(covers):
        if not cover:
            obj(FOOTERS + 2 * number, _stream(b"Q\n/Artifact BMC\nq /BriefbookPage%d Do Q\nEMC" % (number + 1)))
    obj(SAVE, _stream(b"q"))
    obj(PAGES, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(p.node for p in pieces), len(pages)))
    obj(STRUCTURE, b"<< /Type /StructTreeRoot /ParentTree %s /K [%s] >>" % (ref(PARENT_TREE), ref(DOCUMENT)))
    obj(DOCUMENT, b"<< /Type /StructElem /S /Document /K [%s] /P %s >>" % (b" ".join(t for p in pieces for t in p.top), ref(STRUCTURE)))
    nums = [b"%d %s" % (i, elements) for i, elements in enumerate(e for p in pieces for e in p.parent_tree)]
    nums += [b"%d %s" % pair for pair in sorted(a for p in pieces for a in p.annotations)]
    obj(PARENT_TREE, b"<< /Nums [%s] >>" % b" ".join(nums))
    dests = dict(sorted({name: dest for p in reversed(pieces) for name, dest in reversed(p.dests)}.items()))
    obj(DESTS, b"<< /Names [%s] >>" % b" ".join(pydyf.String(name).data + b" " + dest for name, dest in dests.items()))
    obj(INFO, front.info)
    free = max(entries) + 1
    outline = _outline(infos, pages, free)
    for number, data in outline:
        obj(number, data)
    catalog = {"Type": b"/Catalog", "Pages": ref(PAGES), **front.catalog, "StructTreeRoot": ref(STRUCTURE), "Names": b"<< /Dests %s >>" % ref(DESTS)}
    if outline:
        catalog["Outlines"] = ref(outline[0][0])
    obj(CATALOG, b"<< " + b" ".join(b"/%s %s" % (key.encode(), value) for key, value in catalog.items()) + b" >>")
    return _finished(out, entries, identifier)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _finished(out: BytesIO, entries: dict, identifier: bytes) -> bytes:
    """The file, with its cross-reference stream and trailer."""
    import pydyf

    digest = hashlib.md5(out.getvalue()).hexdigest().encode()
    number = max(entries) + 1
    entries[number] = (1, out.tell(), 0)
    rows = b"".join(kind.to_bytes(1, "big") + second.to_bytes(4, "big") + third.to_bytes(4, "big") for kind, second, third in (entries.get(n, (0, 0, 0)) for n in range(number + 1)))
    extra = {"Type": "/XRef", "W": pydyf.Array((1, 4, 4)), "Size": number + 1, "Root": ref(CATALOG), "Info": ref(INFO), "ID": pydyf.Array((pydyf.String(identifier).data, pydyf.String(digest).data))}
    xref = pydyf.Stream([rows], extra, compress=True)
    xref.number = number
    position = out.tell()
    out.write(xref.indirect + b"\nstartxref\n%d\n%%%%EOF\n" % position)
    return out.getvalue()


def _outline(infos: list, pages: list[bytes], first: int) -> list[tuple[int, bytes]]:
    """The outline's objects, numbered from `first`: its root first, if it has bookmarks."""
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    tree: list = []
    skipped: list = []
    last_by_depth, previous, number = [tree], 0, 0
    for info in infos:
        for bookmarks, height in zip(info.bookmarks, info.heights):
            previous = make_page_bookmark_tree(SimpleNamespace(bookmarks=bookmarks), skipped, last_by_depth, previous, number, Matrix(a=SCALE, d=-SCALE, f=height * SCALE))
            number += 1
    if not tree:
        return []
    written: list[tuple[int, bytes]] = []
    numbers = iter(range(first + 1, first + 1_000_000_000))
    items, count = _items(tree, first, pages, numbers, written)
    root = b"<< /Count %d /First %s /Last %s >>" % (count, ref(items[0]), ref(items[-1]))
    return [(first, root), *sorted(written)]


def _items(bookmarks: list, parent: int, pages: list[bytes], numbers, written: list) -> tuple[list[int], int]:
    """Outline items as WeasyPrint's add_outlines writes them; their numbers and count."""
    import pydyf

    mine = [next(numbers) for _ in bookmarks]
    count = len(bookmarks)
    for index, (title, (page, x, y), children, state) in enumerate(bookmarks):
        kids, kids_count = _items(children, mine[index], pages, numbers, written)
        entry = {"Title": pydyf.String(title).data, "Dest": b"[%s /XYZ %s %s 0]" % (pages[page], pydyf._to_bytes(x), pydyf._to_bytes(y)), "Count": b"%d" % (-kids_count if state == "closed" else kids_count)}
        if state != "closed":
            count += kids_count
        if index:
            entry["Prev"] = ref(mine[index - 1])
        if index + 1 < len(mine):
            entry["Next"] = ref(mine[index + 1])
        if kids:
            entry["First"], entry["Last"] = ref(kids[0]), ref(kids[-1])
        entry["Parent"] = ref(parent)
        written.append((mine[index], b"<< " + b" ".join(b"/%s %s" % (k.encode(), v) for k, v in entry.items()) + b" >>"))
    return mine, count
