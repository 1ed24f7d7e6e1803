"""A click on a button of a segment that is not the active one does what
the button says, in that segment. Pressing such a button used to move the
focus into its segment first, which folded the active segment's diffs
above it and moved the button from under the pointer before the release:
the click was lost or landed on another segment's row.
"""

from playwright.sync_api import expect

from test_page import ARTICLE, ARTICLE_DATE, draft, load, segment


def active(page):
    return page.locator(".seg.active").get_attribute("data-segment")


def loaded_with_segment_1_active(page):
    load(page, ARTICLE, ARTICLE_DATE)
    draft(page, 1).focus()
    # Segment 1 shows its diffs and provenance: it is the tall one above.
    expect(segment(page, 1).locator(".match[data-rank='1'] .diff")).to_be_visible()
    assert active(page) == "1"


def test_take_button_of_an_inactive_segment_takes_that_match(page):
    loaded_with_segment_1_active(page)
    row = segment(page, 2).locator(".match[data-rank='1']")
    wanted = row.locator(".target").inner_text()
    row.locator("button.take").click()
    expect(draft(page, 2)).to_have_value(wanted)
    expect(draft(page, 2)).to_be_focused()
    expect(draft(page, 1)).to_have_value("")
    assert active(page) == "2"


def test_term_button_of_an_inactive_segment_inserts_there(page):
    loaded_with_segment_1_active(page)
    chip = segment(page, 5).locator("button.term-target").first
    term = chip.inner_text()
    chip.click()
    expect(draft(page, 5)).to_have_value(term)
    expect(draft(page, 1)).to_have_value("")
    assert active(page) == "5"


def test_same_drafts_button_of_an_inactive_segment_opens_its_group(page):
    loaded_with_segment_1_active(page)
    seg = segment(page, 3)
    marker = seg.locator("button.same-drafts")
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "true")
    # The segment clicked becomes the active one: its rows show their
    # diffs; no draft was taken anywhere.
    assert active(page) == "3"
    expect(seg.locator(".match.member .diff").first).to_be_visible()
    for n in range(1, 6):
        expect(draft(page, n)).to_have_value("")
