"""What using the page as a translator found: each test failed before its fix."""

import pytest
from playwright.sync_api import expect

from test_page import REPAIRED_RU, draft, load, segment


def test_a_server_that_stopped_answering_says_what_to_do(page):
    load(page, "Об этом сообщило Бюро национальной статистики.")
    expect(page.locator("#memory-info")).to_contain_text("units")
    draft(page, 1).fill("This was reported by the Bureau of National Statistics.")
    # The server goes away: every API call fails as a refused connection does.
    page.route("**/api/**", lambda route: route.abort("connectionrefused"))
    page.route("**/healthz", lambda route: route.abort("connectionrefused"))
    page.click("#suggest")
    status = page.locator("#status")
    expect(status).to_have_attribute("data-kind", "error")
    expect(status).to_contain_text("is tilmash serve still running")
    expect(status).to_contain_text("drafts stay in this browser")
    expect(page.locator("#memory-info")).to_have_text("⚠ server unreachable")
    # The work is still there, and comes back with the server.
    expect(draft(page, 1)).to_have_value("This was reported by the Bureau of National Statistics.")
    page.unroute("**/api/**")
    page.unroute("**/healthz")
    page.click("#suggest")
    expect(status).to_contain_text("1 segment, 1 with matches")
    expect(page.locator("#memory-info")).to_contain_text("units")


@pytest.mark.parametrize("width", [1440, 760])
def test_moving_up_keeps_the_segment_below_the_toolbar(page, width):
    # At 760 pixels the toolbar wraps onto more lines: still below it.
    page.set_viewport_size({"width": width, "height": 1000})
    sentences = [f"Аким области встретился с жителями села номер {i} и обсудил ремонт дорог." for i in range(1, 31)]
    load(page, " ".join(sentences))
    expect(page.locator("[data-segment]")).to_have_count(30)
    draft(page, 11).focus()
    # Segment 10 stands half under the sticky toolbar, its draft in view:
    # neither focusing it nor scrolling it "into view" moves the page.
    page.evaluate(
        """() => {
            const toolbar = document.querySelector('.toolbar').getBoundingClientRect().bottom;
            const seg = document.querySelector('[data-segment="10"]').getBoundingClientRect();
            window.scrollBy(0, seg.top - toolbar + 20);
        }"""
    )
    page.keyboard.press("Alt+ArrowUp")
    expect(draft(page, 10)).to_be_focused()
    top, toolbar = page.evaluate(
        """() => [document.querySelector('[data-segment="10"]').getBoundingClientRect().top,
                  document.querySelector('.toolbar').getBoundingClientRect().bottom]"""
    )
    assert top >= toolbar, f"segment 10 starts at {top}, under the toolbar (to {toolbar})"


def test_a_term_written_twice_is_one_chip(page):
    load(page, "Председатель Мажилиса встретился с председателем Мажилиса Узбекистана.")
    chips = segment(page, 1).locator(".terms .term-item")
    expect(chips).to_have_count(2)
    expect(chips.nth(0)).to_contain_text("speaker of the Mazhilis")
    expect(chips.nth(1)).to_contain_text("Uzbekistan")
    # The source still marks each occurrence.
    expect(segment(page, 1).locator(".seg-src mark.term")).to_have_count(3)


def test_the_repair_badge_fits_its_column(page):
    load(page, REPAIRED_RU, "2021-08-02")
    badge = segment(page, 1).locator("[data-repair-state]").first
    expect(badge).to_be_visible()
    assert badge.evaluate("e => e.scrollWidth <= e.clientWidth"), "the badge's words overflow it"


# Written for this test (figures invented): a news item as it comes in.
NEWS = (
    "Инфляция в Казахстане по итогам октября 2025 года составила 12,6%. "
    "Об этом сообщило Бюро национальной статистики. "
    "Продовольственные товары за год подорожали на 11,4%.\n\n"
    "Аким Астаны поручил проверить цены на социально значимые продукты. "
    "Токаев на совещании в Акорде потребовал от правительства сдержать рост цен. "
    "Курс тенге к доллару США на бирже составил 528,3 тенге."
)


def test_a_news_item_by_keyboard_only(page):
    """The flow of a translator who never leaves the keyboard: the caret
    starts in the first draft, glossary targets go in at the caret with
    Alt+N, and Ctrl+Enter goes on to the next segment not confirmed,
    from the start again after the last (memoQ's confirm and go to next
    unconfirmed). Each of the three failed before."""
    page.fill("textarea#source", NEWS)
    page.fill("#date", "2025-11-03")
    page.focus("textarea#source")
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-segment]")).to_have_count(6)
    expect(draft(page, 1)).to_be_focused()

    page.keyboard.press("Control+1")
    page.keyboard.press("Control+Enter")
    expect(draft(page, 2)).to_be_focused()
    page.keyboard.press("Alt+ArrowDown")
    page.keyboard.press("Alt+ArrowDown")
    expect(draft(page, 4)).to_be_focused()
    # The chips show their keys; Alt+N inserts at the caret, the focus
    # stays in the draft.
    expect(segment(page, 4).locator(".term-key")).to_have_text(["Alt+1", "Alt+2"])
    page.keyboard.type("The ")
    page.keyboard.press("Alt+1")
    page.keyboard.type(" of ")
    page.keyboard.press("Alt+2")
    page.keyboard.type(" ordered checks on the prices of essential foods.")
    expect(draft(page, 4)).to_have_value("The akim of Astana ordered checks on the prices of essential foods.")
    expect(draft(page, 4)).to_be_focused()
    page.keyboard.press("Alt+9")
    expect(page.locator("#status")).to_contain_text("Segment 4 has no glossary target 9")
    page.keyboard.press("Control+Enter")
    expect(draft(page, 5)).to_be_focused()
    page.keyboard.type("At a meeting in the Akorda, Tokayev told the government to curb price growth.")
    page.keyboard.press("Control+Enter")
    expect(draft(page, 6)).to_be_focused()
    page.keyboard.press("Control+1")
    page.keyboard.press("Control+Enter")
    # Segments 2 and 3 are still to confirm: back to 2.
    expect(draft(page, 2)).to_be_focused()
    page.keyboard.press("Control+1")
    page.keyboard.press("Control+Enter")
    expect(draft(page, 3)).to_be_focused()
    page.keyboard.press("Control+1")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#status")).to_contain_text("Every segment is confirmed")
    expect(page.locator("#progress")).to_contain_text("6 / 6 confirmed")
