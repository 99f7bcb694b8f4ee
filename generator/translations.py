"""Stage 3, verify (continued): translations of original passages.

Excerpts and quotes stand in their document's language, checked verbatim as any other.
A `translation` beside one says whose it is: the source's own (a bilingual statement), then
it must occur verbatim in the same document; or the analysts', then it is shown as theirs.
A quote in another language than the briefing's, with no translation, is left to readers
who may not read it: a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .languages import same_language
from .model import Citation, Quote, TranslatedBy

if TYPE_CHECKING:
    from .verify import _Verifier

_SOURCE = TranslatedBy.source.value


def citation(verifier: _Verifier, fact: Citation) -> None:
    """The problems with an excerpt's translation."""
    _paired(verifier, fact, "excerpt")
    if fact.translation and fact.translated_by == _SOURCE:
        _in_documents(verifier, fact, [fact.source], "the excerpt's translation")


def quote(verifier: _Verifier, quote: Quote) -> None:
    """The problems with a quote's translation, or its lack of one."""
    _paired(verifier, quote, "quote")
    if quote.translation and quote.translated_by == _SOURCE:
        _in_documents(verifier, quote, [c.source for c in quote.citations], "the quote's translation")
    elif not quote.translation:
        _untranslated(verifier, quote)


def _paired(verifier: _Verifier, fact: Citation | Quote, what: str) -> None:
    """`translation` and `translated_by` come together."""
    if fact.translation and not fact.translated_by:
        verifier.problems.error(
            fact.mark("translation"),
            f"the {what}'s translation does not say whose it is",
            "add `translated_by: source` (the document's own) or `translated_by: analysts`",
        )
    elif fact.translated_by and not fact.translation:
        verifier.problems.error(fact.mark("translated_by"), f"`translated_by` is given, but the {what} has no `translation`", "add the `translation`, or remove `translated_by`")


def _in_documents(verifier: _Verifier, fact: Citation | Quote, source_ids: Iterable[str], what: str) -> None:
    """The source's own translation must stand in each cited document, as the original does."""
    for source_id in dict.fromkeys(source_ids):
        if verifier.occurs(fact.translation, [source_id]) is False:
            verifier._not_found(
                what.removeprefix("the "),
                fact.translation,
                source_id,
                fact.mark("translation"),
                f"{what} (translated_by: source, checked against {source_id})",
                "if the analysts translated it, say `translated_by: analysts`",
            )


def _untranslated(verifier: _Verifier, quote: Quote) -> None:
    meta = verifier.b.meta
    source = verifier.ids["source"].get(quote.citations[0].source)
    if meta is None or source is None or same_language(source.language, meta.language):
        return
    verifier.problems.warning(
        quote.mark("text"),
        f"quote '{quote.id}' is in {source.language} (the language of {source.id}) and has no translation into the briefing's language ({meta.language})",
        "add a `translation` with `translated_by: analysts`, or `translated_by: source` when the document gives its own",
    )
