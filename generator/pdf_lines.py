"""WeasyPrint's first line of a short text measured once per document for each text, style
and width, where WeasyPrint asks Pango again every time (applied by pdf_patches).

Why: the printed briefing repeats short texts in the same style and the same width, card
after card: a source's name, "Actors: ", "Reported by the source", a date after a comma.
At bench size s half of the 7,300 texts that the layout splits into lines are such
repeats, and each costs a Pango layout made, shaped and measured (`split_first_line`).

`split_first_line` gives the same answer for the same text, computed style, width,
justification and flags: Pango is deterministic, and the layout it returns has been
deactivated (its Pango objects dropped; what is left are plain values, redone when the
text is drawn). So a repeat gets a copy of that layout object and the same measures. The
memo lives on WeasyPrint's layout context, one per document, and holds the style it was
made with, so that a key's style id is never another's.
"""

from __future__ import annotations

import copy

SHORT = 100  # characters: longer texts (a paragraph's rest) hardly repeat


def patch(inline, preferred) -> None:
    """Memoise `split_first_line` where weasyprint.layout.inline and .preferred call it."""
    split_first_line = inline.split_first_line

    def memoised(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        if len(text) > SHORT or context is None:
            return split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        memo = context.__dict__.setdefault("_briefbook_lines", {})
        key = (text, id(style), max_width, justification_spacing, is_line_start, minimum)
        found = memo.get(key)
        if found is not None and found[0] is style:
            layout, *measures = found[1]
            return (copy.copy(layout), *measures)  # a layout of its own for each box: drawing sets it up again
        made = split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        memo[key] = (style, (copy.copy(made[0]), *made[1:]))
        return made

    memoised.__wrapped__ = split_first_line
    inline.split_first_line = preferred.split_first_line = memoised
