"""WeasyPrint laying out plain prose of a given page count: the floor a briefing's PDF is held
to (issue 13: at least 0.7x its pages per cpu-second, at most 2x its peak memory).

    python bench/prose.py layout PARAGRAPHS OUT.pdf   # lays out, prints {"pages": N}
    python bench/prose.py pages FILE.pdf              # prints {"pages": N}, read with pypdf

The prose is paragraphs of made-up sentences (deterministic) in one HTML document with a
plain A4 `@page` and page numbers in the margin: no boxes, no counters, nothing but text.
`baseline` finds how many paragraphs make the page count asked: it lays out a short sample
to learn how many fit on a page, then the full document, adjusting the count until the
pages match; the last layout, whole process, is the measured one.
"""

from __future__ import annotations

import html
import json
import random
import sys
from pathlib import Path

from proc import PYTHON, Run, run

SCRIPT = Path(__file__).resolve()
WORDS = (
    "the council said that border talks would resume after the strikes although officials on both sides warned "
    "of further attacks in the province where militants have operated for years and where the army keeps its "
    "posts along the road that links the towns of the region with the capital while diplomats met in private"
).split()
STYLE = """@page { size: A4; margin: 2.5cm 2cm; @bottom-center { content: counter(page); } }
body { font-family: serif; font-size: 11pt; line-height: 1.45; }
h1 { font-size: 18pt; }
p { margin: 0 0 0.6em; text-align: justify; }"""
SAMPLE = 150  # paragraphs in the sample laid out to learn how many fit on a page
MAX_LAYOUTS = 4  # of the full document, after the sample


def document(paragraphs: int) -> str:
    """Plain prose: a title and `paragraphs` paragraphs of 60 to 140 words."""
    rng = random.Random(13)
    body = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(3, 7)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
            sentences.append(" ".join(words).capitalize() + ".")
        body.append(f"<p>{html.escape(' '.join(sentences))}</p>")
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain prose</title><style>{STYLE}</style></head><body><h1>Plain prose</h1>\n' + "\n".join(body) + "\n</body></html>"


def layout(paragraphs: int, out: Path) -> int:
    """Lay the prose out and write its PDF; its number of pages."""
    from weasyprint import HTML  # here: the `pages` command and the bench's process need none of it

    rendered = HTML(string=document(paragraphs)).render()
    rendered.write_pdf(out)
    return len(rendered.pages)


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def laid_out(paragraphs: int, out: Path) -> tuple[Run, int]:
    """Lay out in a fresh process, measured: (its cost, its pages)."""
    done = run([PYTHON, SCRIPT, "layout", paragraphs, out])
    return done, json.loads(done.stdout)["pages"]


def baseline(target: int, folder: Path) -> dict:
    """Plain prose of `target` pages laid out in a fresh process: its pages, paragraphs, the
    number of layouts it took to match, and its cost (of the last, matching, layout)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "prose.pdf"
    _, sample_pages = laid_out(SAMPLE, out)
    per_page = SAMPLE / sample_pages
    paragraphs = max(1, round(target * per_page - per_page / 2))
    for layouts in range(1, MAX_LAYOUTS + 1):
        cost, got = laid_out(paragraphs, out)
        if got == target or layouts == MAX_LAYOUTS:
            break
        step = round((target - got) * paragraphs / got) or (1 if got < target else -1)  # at least one
        paragraphs = max(1, paragraphs + step)
    return {"pages": got, "paragraphs": paragraphs, "layouts": layouts, **cost.figures()}


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "layout":
        print(json.dumps({"pages": layout(int(sys.argv[2]), Path(sys.argv[3]))}))
    elif len(sys.argv) == 3 and sys.argv[1] == "pages":
        print(json.dumps({"pages": pages(Path(sys.argv[2]))}))
    else:
        sys.exit(__doc__.split("\n\n")[1])
