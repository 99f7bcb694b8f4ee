"""pdf_patches: a patched WeasyPrint box behaves as WeasyPrint's own."""

from __future__ import annotations

from generator import pdf


def boxes():
    pdf.Printer()  # applies the patches
    from weasyprint.formatting_structure import boxes

    return boxes


def test_dropped_sides_are_each_boxs_own():
    kind = boxes().InlineBox
    one, two = kind("span", None, None, []), kind("span", None, None, [])
    one._reset_spacing("top")
    assert one.remove_decoration_sides == {"top"} and two.remove_decoration_sides == set()
    assert one.margin_top == one.padding_top == one.border_top_width == 0


def test_a_box_and_its_plain_copy_share_their_dropped_sides_as_in_weasyprint():
    box = boxes().InlineBox("span", None, None, [])
    copy = box.copy()
    copy._reset_spacing("bottom")
    assert box.remove_decoration_sides == {"bottom"}


def test_a_copy_with_other_children_leaves_the_box_a_set_of_its_own():
    box = boxes().InlineBox("span", None, None, [])
    box._reset_spacing("top")
    copy = box.copy_with_children([])
    copy._reset_spacing("bottom")
    assert copy.remove_decoration_sides == {"top", "bottom"} and box.remove_decoration_sides == set()
    assert copy.children == []
