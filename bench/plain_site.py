"""The smallest static-site generator: Jinja2 and markdown-it-py, one template, nothing else.

    python bench/plain_site.py CORPUS OUT

Every CORPUS/PATH.md (front matter with a title, then CommonMark) becomes OUT/PATH.html
through one template. It is the bench's floor for a Python generator of the same pages:
what reading, parsing Markdown, one template and writing cost, without checks, navigation
or any other page.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main>
{{ body }}
</main></body></html>
"""


def split(text: str) -> tuple[str, str]:
    """(title, Markdown) of a page with a front matter of one `title:` line (JSON-quoted)."""
    _, front, body = text.split("---\n", 2)
    return json.loads(front.partition("title: ")[2]), body


def main(corpus: Path, out: Path) -> None:
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    md = MarkdownIt("commonmark")
    for page in sorted(corpus.rglob("*.md")):
        title, body = split(page.read_text(encoding="utf-8"))
        target = out / page.relative_to(corpus).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(title=title, body=Markup(md.render(body))), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    main(Path(sys.argv[1]), Path(sys.argv[2]))
