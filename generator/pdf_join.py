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
of the content. Memory: the joined file's bytes (its pieces', and the file's), and one
part's objects at a time. What a piece keeps for the join beside its bytes is held compact,
as bytes, not as lists of small objects (at bench size l, some two million objects): its
cross-reference rows as they go into the file, and its ParentTree's entries as they go
into the ParentTree.
"""

from __future__ import annotations

import hashlib
import struct
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from types import SimpleNamespace

from . import pdf_tags

CATALOG, PAGES, STRUCTURE, DOCUMENT, PARENT_TREE, SAVE, OUTLINES, DESTS, INFO = range(1, 10)
FOOTERS = 16  # page i's footer: object FOOTERS + 2i draws object FOOTERS + 2i + 1
ANNOTATIONS = 1_000_000  # the ParentTree's keys for link annotations (a page's key is its index)
SCALE = 0.75  # PDF points per CSS pixel, as WeasyPrint writes them
_ROW = struct.Struct(">BII")  # a cross-reference row: the /W [1 4 4] of the file's stream


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
    base: int  # its first object number
    rows: bytes  # the cross-reference rows of the numbers from `base` on: its objects in its object stream, the others free
    placed: list[tuple[int, int]]  # its objects written in the file itself: each one's number and offset from `data`'s start
    last: int  # its highest object number (0: none)
    used: int  # object numbers taken from its base on
    pages: list[bytes]  # each page's reference
    node: bytes  # its page tree node's reference
    parent_tree: bytes  # its pages' ParentTree entries: each page's key and structure elements, in the order of its marked content
    annotations: bytes  # its link annotations' ParentTree entries: each one's key and structure element, keys ascending
    links: int  # how many link annotations it has
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
        self.annotations += piece.links


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
    parent_tree = b" ".join(b"%d %s" % (numbers.first_page + nums[i], nums[i + 1].data) for i in range(0, len(nums), 2) if nums[i] < count)
    links = [b"%d %s" % (nums[i] + first_key, nums[i + 1]) for i in range(0, len(nums), 2) if nums[i] >= count]
    names = catalog.get("Names", {}).get("Dests", {}).get("Names", [])
    dests = [(names[i].string, names[i + 1].data) for i in range(0, len(names), 2)]
    kept = {key: pydyf._to_bytes(catalog[key]) for key in ("Lang", "MarkInfo", "ViewerPreferences", "Metadata") if numbers.front and key in catalog}
    written = _written([o for o in pdf.objects if id(o) not in dropped and o.free != "f"], base, base + len(pdf.objects))
    return Piece(*written, pages, pdf.pages.reference, parent_tree, b" ".join(links), len(links), list(document["K"]), dests, kept, pdf.info.data if numbers.front else b"")


def _outline_items(catalog, at) -> list:
    """The outline's objects that WeasyPrint wrote for one part (the join writes the document's)."""
    found, todo = [], [catalog["Outlines"]] if "Outlines" in catalog else []
    while todo:
        item = at(todo.pop())
        found.append(item)
        todo += [item[key] for key in ("First", "Next") if key in item]
    return found


def _written(objects: list, base: int, stream_number: int) -> tuple:
    """Objects numbered from `base` as they go into the file, the small ones in an object
    stream numbered `stream_number` (pydyf's way): the Piece's data, base, rows, placed, last
    and used."""
    import pydyf

    out, placed, position = [], [], 0
    small = [o for o in objects if o.compressible]
    for obj in objects:
        if not obj.compressible:
            data = obj.indirect + b"\n"
            placed.append((obj.number, position))
            out.append(data)
            position += len(data)
    last = max((number for number, _ in placed), default=0)
    if not small:
        return b"".join(out), base, b"", placed, last, stream_number - base
    rows = bytearray(_ROW.size * (stream_number + 1 - base))
    header, items, offset = [], [], 0
    for index, obj in enumerate(small):
        data = obj.data
        header += [obj.number, offset]
        items.append(data)
        offset += len(data) + 1
        if not base <= obj.number < stream_number:
            raise ValueError(f"object {obj.number} is not numbered from {base}")  # only streams are renumbered (footers)
        _ROW.pack_into(rows, _ROW.size * (obj.number - base), 2, stream_number, index)
    heading = " ".join(map(str, header))
    stream = pydyf.Stream([heading, *items], {"Type": "/ObjStm", "N": len(small), "First": len(heading) + 1}, compress=True)
    stream.number = stream_number
    placed.append((stream_number, position))
    out.append(stream.indirect + b"\n")
    return b"".join(out), base, bytes(rows), placed, max(last, stream_number), stream_number + 1 - base


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
    written = _written([o for o in pdf.objects if id(o) not in dropped and o.free != "f"], base, base + len(pdf.objects))
    return Piece(*written, [], b"", b"", b"", 0, [], [], {}, b"")


def join(pieces: list[Piece], footers: list[Piece], infos: list, covers: list[bool], identifier: bytes) -> bytes:
    """The joined PDF: the parts' pieces in page order, the footers, and what ties them together."""
    import pydyf

    out = _Out()
    out.write(b"%PDF-1.7\n%\xf0\x9f\x96\xa4\n")
    placed: dict[int, int] = {}  # the objects written in the file itself: each one's offset

    def obj(number: int, data: bytes) -> None:
        placed[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, data))

    for p in [*pieces, *footers]:
        offset = out.tell()
        out.write(p.data)
        placed.update((number, position + offset) for number, position in p.placed)
    front = pieces[0]
    pages = [page for p in pieces for page in p.pages]
    for number, cover in enumerate(covers):
        if not cover:
            obj(FOOTERS + 2 * number, _stream(b"Q\n/Artifact BMC\nq /BriefbookPage%d Do Q\nEMC" % (number + 1)))
    obj(SAVE, _stream(b"q"))
    obj(PAGES, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(p.node for p in pieces), len(pages)))
    obj(STRUCTURE, b"<< /Type /StructTreeRoot /ParentTree %s /K [%s] >>" % (ref(PARENT_TREE), ref(DOCUMENT)))
    obj(DOCUMENT, b"<< /Type /StructElem /S /Document /K [%s] /P %s >>" % (b" ".join(t for p in pieces for t in p.top), ref(STRUCTURE)))
    links = [p.annotations for p in sorted(pieces, key=lambda p: int(p.annotations.split(b" ", 1)[0] or 0))]  # by their first key
    obj(PARENT_TREE, b"<< /Nums [%s] >>" % b" ".join(nums for nums in [*(p.parent_tree for p in pieces), *links] if nums))
    dests = dict(sorted({name: dest for p in reversed(pieces) for name, dest in reversed(p.dests)}.items()))
    obj(DESTS, b"<< /Names [%s] >>" % b" ".join(pydyf.String(name).data + b" " + dest for name, dest in dests.items()))
    obj(INFO, front.info)
    free = max(max(placed), *(p.last for p in [*pieces, *footers])) + 1
    outline = _outline(infos, pages, free)
    for number, data in outline:
        obj(number, data)
    catalog = {"Type": b"/Catalog", "Pages": ref(PAGES), **front.catalog, "StructTreeRoot": ref(STRUCTURE), "Names": b"<< /Dests %s >>" % ref(DESTS)}
    if outline:
        catalog["Outlines"] = ref(outline[0][0])
    obj(CATALOG, b"<< " + b" ".join(b"/%s %s" % (key.encode(), value) for key, value in catalog.items()) + b" >>")
    return _finished(out, [*pieces, *footers], placed, identifier)


class _Out:
    """The file as it is written: its chunks (the pieces' own bytes, not copies) and their MD5."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.md5 = hashlib.md5()

    def write(self, data: bytes) -> None:
        self.chunks.append(data)
        self.size += len(data)
        self.md5.update(data)

    def tell(self) -> int:
        return self.size


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _finished(out: _Out, pieces: list[Piece], placed: dict[int, int], identifier: bytes) -> bytes:
    """The file, with its cross-reference stream and trailer: each piece's rows where its
    numbers start, then the row of each object written in the file itself."""
    import pydyf

    digest = out.md5.hexdigest().encode()
    number = max(max(placed), *(p.last for p in pieces)) + 1
    placed[number] = out.tell()
    rows = bytearray(_ROW.size * (number + 1))
    _ROW.pack_into(rows, 0, 0, 0, 65535)
    for p in pieces:
        rows[_ROW.size * p.base : _ROW.size * p.base + len(p.rows)] = p.rows
    for n, offset in placed.items():
        _ROW.pack_into(rows, _ROW.size * n, 1, offset, 0)
    extra = {"Type": "/XRef", "W": pydyf.Array((1, 4, 4)), "Size": number + 1, "Root": ref(CATALOG), "Info": ref(INFO), "ID": pydyf.Array((pydyf.String(identifier).data, pydyf.String(digest).data))}
    xref = pydyf.Stream([bytes(rows)], extra, compress=True)
    xref.number = number
    position = out.tell()
    out.write(xref.indirect + b"\nstartxref\n%d\n%%%%EOF\n" % position)
    return b"".join(out.chunks)


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
