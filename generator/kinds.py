"""The kinds of source document, apart from the model so that the command line can offer
them as choices without loading the fact files' models."""

from __future__ import annotations

from enum import Enum


class SourceKind(str, Enum):
    news_article = "news-article"
    statement = "statement"
    report = "report"
    transcript = "transcript"
    social_media_post = "social-media-post"
    other = "other"
