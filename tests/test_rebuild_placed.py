"""Where a paged briefing puts each fact is not in the remembered pieces' keys: a piece is
reused while every fact it links to is on the page it was on when it was made, and made
again when one has moved (render/memo.py, links.Paging.seen)."""

from __future__ import annotations

import pytest

from generator.render.links import Paging, fact_path
from generator.render.memo import Memo


def paging(**events: str) -> Paging:
    return Paging({"event": events})


def card(memo: Memo, placed: Paging, made: list[str], name: str, linked: str) -> str:
    """A piece that links to one event, as a card's text links to another fact."""

    def make() -> str:
        made.append(name)
        return f"{name} -> {fact_path('event', linked, placed)}"

    return memo.get(("context", name), make, placed)


def page(memo: Memo, placed: Paging, made: list[str]) -> str:
    """A piece made of two cards, as a chronology page is made of its events' cards."""

    def make() -> str:
        made.append("page")
        return " | ".join([card(memo, placed, made, "a", "x"), card(memo, placed, made, "b", "y")])

    return memo.get(("context", "page"), make, placed)


@pytest.fixture(params=["in memory", "stored"])
def again(request, tmp_path):
    """The memo of the next build: given the last one's pieces, or reading them from its store
    (where the parts of a reused whole are kept unread)."""

    def following(memo: Memo | None = None) -> Memo:
        if request.param == "stored":
            if memo is not None:
                memo.save()
            return Memo(tmp_path / "pieces")
        made = Memo()
        if memo is not None:
            made.old = memo.new
        return made

    return following


def test_a_piece_is_made_again_when_a_fact_it_links_to_has_moved_and_only_then(again):
    memo, made = again(), []
    first = page(memo, paging(x="2020.html", y="2021.html"), made)
    assert first == "a -> 2020.html#x | b -> 2021.html#y" and made == ["page", "a", "b"]

    # y moves: the page and the card that links to y are made again; the other card is reused.
    memo, made = again(memo), []
    moved = paging(x="2020.html", y="2022.html")
    assert page(memo, moved, made) == "a -> 2020.html#x | b -> 2022.html#y"
    assert made == ["page", "b"]

    # Nothing moves: the whole is reused, its parts kept for the next build.
    memo, made = again(memo), []
    assert page(memo, moved, made) == "a -> 2020.html#x | b -> 2022.html#y" and made == []

    # x moves while the whole was reused: the card kept unread for it records where x was.
    memo, made = again(memo), []
    assert page(memo, paging(x="2019.html", y="2022.html"), made) == "a -> 2019.html#x | b -> 2022.html#y"
    assert made == ["page", "a"]


def test_a_piece_made_before_its_briefing_was_paged_is_made_again_once_it_is(again):
    memo, made = again(), []
    assert card(memo, Paging(), made, "a", "x") == "a -> chronology.html#x"
    memo, made = again(memo), []
    assert card(memo, paging(x="2020.html"), made, "a", "x") == "a -> 2020.html#x" and made == ["a"]


def test_the_placement_s_digest_vouches_for_every_link_at_once(again):
    memo, made = again(), []
    assert card(memo, Paging({"event": {"x": "2020.html"}}, "placing-1"), made, "a", "x") == "a -> 2020.html#x" and made == ["a"]

    # The same digest: reused without asking where each linked fact is. (These pages say
    # otherwise, which a digest of the pages could not: it shows that none was asked.)
    memo, made = again(memo), []
    assert card(memo, Paging({"event": {"x": "2021.html"}}, "placing-1"), made, "a", "x") == "a -> 2020.html#x" and made == []

    # Another digest: each link is asked; x is where it was, so the card is reused, until x moves.
    memo, made = again(memo), []
    assert card(memo, Paging({"event": {"x": "2020.html"}}, "placing-2"), made, "a", "x") == "a -> 2020.html#x" and made == []
    memo, made = again(memo), []
    assert card(memo, Paging({"event": {"x": "2022.html"}}, "placing-3"), made, "a", "x") == "a -> 2022.html#x" and made == ["a"]

    # No digest (a Paging made by hand, as above): never taken as one.
    memo, made = again(memo), []
    assert card(memo, paging(x="2023.html"), made, "a", "x") == "a -> 2023.html#x" and made == ["a"]
    memo, made = again(memo), []
    assert card(memo, paging(x="2024.html"), made, "a", "x") == "a -> 2024.html#x" and made == ["a"]
