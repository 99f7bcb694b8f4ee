"""The printed HTML parsed by expat, Python's XML parser in C, instead of WeasyPrint's HTML5
parser in pure Python: at bench size s that parser took over half a cpu second of a
PDF's eight or so, expat a hundredth.

briefbook's templates write the printed document as well-formed XML but for a few things
that HTML allows: a doctype, void elements left open (`<meta>`), `&nbsp;`, inline SVG
without its namespace, table rows without their `<tbody>`. `tree` writes those as XML and
makes of the result the element tree that the HTML5 parser makes of the HTML: its SVG
elements in the SVG namespace, its rows in a `<tbody>`, the whitespace after `</body>` at
the end of the body, its comments kept. Whatever it is not sure of it leaves to the HTML5
parser: any text that expat does not take (another named entity, a stray `<`), a newline
or tab inside an attribute (XML would make it a space), or an element that HTML would
close or move by itself (a block inside a `<p>`, say). tests/test_pdf_parse.py holds the
two trees equal for the briefings the tests print, and the PDFs the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .pdf_parts import VOID

SVG = "http://www.w3.org/2000/svg"
_DOCTYPE = "<!doctype html>"
_VOID = re.compile(rf"<({'|'.join(sorted(VOID))})\b([^>]*?)/?>")
_SVG_OPEN = re.compile(r"<svg\b(?![^>]*\bxmlns=)")
_SPACE_IN_ATTRIBUTE = re.compile(r'="[^"<>]*[\t\n\r][^"<>]*"')
_END = re.compile(r"</body>(\s*)</html>(\s*)\Z")
# Elements inside which the HTML5 parser would end a <p> (or move what follows): expat would not.
_BLOCKS = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hgroup hr main menu nav ol p pre section table ul li dd dt".split()
)


def tree(html: str) -> ET.Element | None:
    """The root element of the printed HTML as the HTML5 parser would make it, or None when
    it cannot be sure of that (the caller parses it as HTML then)."""
    end = _END.search(html)
    if not html.startswith(_DOCTYPE) or end is None or _SPACE_IN_ATTRIBUTE.search(html):
        return None
    text = _SVG_OPEN.sub(f'<svg xmlns="{SVG}"', _VOID.sub(r"<\1\2/>", html[len(_DOCTYPE) : end.start()])).replace("&nbsp;", "\xa0")
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    try:
        parser.feed(text + "</body></html>")
        root = parser.close()
    except ET.ParseError:
        return None
    if not _as_html_nests(root):
        return None
    _bodies(root)
    body = root.find("body")
    if body is None:
        return None
    _append_text(body, end[1] + end[2])  # whitespace after </body> is the body's, in HTML
    return root


def _as_html_nests(root: ET.Element) -> bool:
    """Whether no <p> holds a block (the HTML5 parser would close the <p> before it), and no
    table holds anything but its parts."""
    for element in root.iter():
        if element.tag == "p" and any(child.tag in _BLOCKS for child in element.iter() if child is not element):
            return False
        if element.tag == "table" and any(child.tag not in ("caption", "colgroup", "thead", "tbody", "tfoot", "tr") for child in element):
            return False
        if element.tag in ("table", "thead", "tbody", "tfoot", "tr") and ((element.text or "").strip() or any((child.tail or "").strip() for child in element)):
            return False  # text in a table is moved out of it (foster-parented)
    return True


def _bodies(root: ET.Element) -> None:
    """Table rows written straight in a table, in a <tbody> of their own, as HTML has them."""
    for table in root.iter("table"):
        children = list(table)
        if not any(child.tag == "tr" for child in children):
            continue
        for child in children:
            table.remove(child)
        group = None
        for child in children:
            if child.tag == "tr":
                if group is None:
                    group = ET.SubElement(table, "tbody")
                group.append(child)
            else:
                group = None
                table.append(child)


def _append_text(element: ET.Element, text: str) -> None:
    """`text` after everything inside `element`."""
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def source(weasyprint, html: str, base_url: str, url_fetcher):
    """A `weasyprint.HTML` of the printed HTML, its tree made by `tree` where it can be.

    WeasyPrint takes no tree of ours, so this sets what its `HTML.__init__` sets after it has
    parsed (and WeasyPrint's own function finds the base URL): to be checked when WeasyPrint
    changes, as tests/test_pdf_parse.py does."""
    root = tree(html)
    if root is None:
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
    import cssselect2
    from weasyprint.logger import PROGRESS_LOGGER

    PROGRESS_LOGGER.info("Step 1 - Fetching and parsing HTML - %s", "HTML string")  # as HTML() says it (progress.py)

    document = weasyprint.HTML.__new__(weasyprint.HTML)
    document.base_url = weasyprint._find_base_url(root, base_url)
    document.url_fetcher, document.media_type = url_fetcher, "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document
