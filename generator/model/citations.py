"""Evidence: citations of stored documents, cited prose, and the sources themselves."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from ..kinds import SourceKind
from .base import Fact, Id, IdList, Language, Markdown, Text
from .when import Added, Updated, When


class TranslatedBy(str, Enum):
    """Whose translation of an original passage the briefing shows."""

    source = "source"
    analysts = "analysts"


# Given together or not at all (checked in verify, where each key's position is known).
# A list file's model validates a file only when it is not a plain list (reread.py reads
# items one by one) and gives the JSON Schema: built when first used, not at every start.
WHOLE_FILE = ConfigDict(defer_build=True)
TRANSLATION_KEYS = ConfigDict(json_schema_extra={"dependentRequired": {"translation": ["translated_by"], "translated_by": ["translation"]}})
Translation = Annotated[
    Text | None,
    Field(description="The passage in the briefing's language, where the document's is another; needs `translated_by`."),
]
TranslatedByKey = Annotated[
    TranslatedBy | None,
    Field(description="Whose `translation` it is: source (the document's own, e.g. a bilingual statement: checked verbatim in the same document) or analysts (the briefing's analysts translated it)."),
]


class Citation(Fact):
    """Evidence: a passage of a stored source document, quoted exactly."""

    model_config = TRANSLATION_KEYS

    source: Id = Field(description="The id of the source in sources.yml.")
    excerpt: Text = Field(description="The supporting passage, verbatim and in the document's language (whitespace, quote marks and dashes may differ).")
    translation: Translation = None
    translated_by: TranslatedByKey = None
    via: IdList = Field(default_factory=list, description="Reporting chain: the actors the document relays, nearest first (an outlet citing state media: [outlet, state-media]).")


Citations = Annotated[list[Citation], Field(min_length=1, description="At least one citation.")]


class Cited(Fact):
    """A piece of Markdown prose with the citations that support it."""

    text: Markdown
    citations: Citations



class Source(Fact):
    """A stored document that facts cite."""

    id: Id
    kind: SourceKind = SourceKind.news_article
    title: Text = Field(description="The document's headline; where it has none, a descriptive title in [square brackets].")
    publisher: Text | None = Field(None, description="Who published it, as named by the document; leave out when it does not say.")
    authors: list[Text] = Field(default_factory=list)
    published: When = Field(description="Publication date; relative dates in documents citing it are resolved against it.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    language: Language = "en"
    document: Text = Field(description="Path of the stored text, relative to the briefing folder (e.g. documents/article.txt).")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(description="SHA-256 of the stored document's bytes, to catch silent edits.")
    notes: Markdown | None = None
    added: Added = None
    updated: Updated = None


class SourcesFile(Fact):
    model_config = WHOLE_FILE
    sources: list[Source] = Field(min_length=1)
