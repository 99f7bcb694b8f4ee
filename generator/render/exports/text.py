"""Markdown as the exports show it: plain text (CSV, iCalendar) or HTML (TimelineJS), made
with the pages' own parse of each text (render/markdown.py `forms`)."""

from __future__ import annotations

from html import escape

from ..markdown import forms


def element_text(text: str) -> str:
    """Text as HTML element content: '<', '>' and '&' escaped (quotes need not be there)."""
    return escape(text, quote=False)


def plain(text: str | None) -> str:
    """Markdown as plain text: markup dropped, a link's text kept, an outside link's address
    added in parentheses; blocks on lines of their own."""
    return forms(text).plain if text else ""


def html(text: str | None) -> str:
    """Markdown as HTML for TimelineJS: raw HTML shown as text, outside links kept, and links
    to facts reduced to their text, since relative links would resolve against whichever
    page embeds the timeline."""
    return forms(text).unlinked if text else ""
