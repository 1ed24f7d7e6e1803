"""Matches that give the same draft: one row, the best-scored, with a "×N"
that shows the others (their own score, source diff and provenance); Ctrl+N
counts the rows, not the matches. The API still sends every match.
"""

import re

from playwright.sync_api import expect

from test_page import ARTICLE, ARTICLE_DATE, REPAIRED_RU, REPAIRED_RU_DRAFT, REPAIRED_RU_STORED, draft, import_jsonl, load, segment

# Segment 3 of ARTICLE: three inflation reports adapt to the same draft.
FOOD = "Food prices rose by 11.2% over the year."
FOOD_ARTICLES = {"kz-2024-01-inflation-2023", "kz-2021-inflation-june", "kz-2021-inflation-may"}

# Written for this test (no such bridge): two units adapt to one draft, a
# third, worded otherwise, scores lower and gives another.
BRIDGE = "В Павлодаре открыли мост через Иртыш длиной 820 метров."
BRIDGE_SAME = "A bridge across the Irtysh, 820 metres long, opened in Pavlodar."
BRIDGE_OTHER = "Pavlodar celebrated the opening of a 640-metre bridge over the Irtysh."
BRIDGE_UNITS = "\n".join([
    '{"ru": "В Павлодаре открыли мост через Иртыш длиной 900 метров.", '
    '"en": "A bridge across the Irtysh, 900 metres long, opened in Pavlodar.", '
    '"article": "browser-pavlodar-bridge-2023", "position": 0, "date": "2023-05-10"}',
    '{"ru": "В Павлодаре открыли мост через Иртыш длиной 750 метров.", '
    '"en": "A bridge across the Irtysh, 750 metres long, opened in Pavlodar.", '
    '"article": "browser-pavlodar-bridge-2022", "position": 0, "date": "2022-09-01"}',
    '{"ru": "В Павлодаре торжественно открыли мост через Иртыш длиной 640 метров.", '
    '"en": "Pavlodar celebrated the opening of a 640-metre bridge over the Irtysh.", '
    '"article": "browser-pavlodar-bridge-2021", "position": 0, "date": "2021-06-15"}',
]) + "\n"


def rows(seg):
    """The rows the translator sees: (Ctrl+N, score, the target shown)."""
    return seg.locator(".match:visible").evaluate_all(
        """els => els.map(e => {
            const target = e.querySelector('.target');
            const shown = target.querySelector(`[data-target="${e.dataset.shown}"]`) || target;
            return [e.dataset.rank ?? null, Number(e.dataset.score), shown.textContent];
        })"""
    )


def api_matches(page, text, **extra):
    response = page.request.post("/api/suggest", data={"text": text, "min_score": 60, "limit": 10, **extra})
    assert response.ok, response.text()
    return [s["matches"] for s in response.json()["segments"]]


def test_same_drafts_are_one_row_that_expands_to_the_others(page, screenshots):
    # The API sends all three; the page shows one row.
    food = api_matches(page, ARTICLE, date=ARTICLE_DATE)[2]
    assert [m["target"] for m in food] == [FOOD] * 3, food
    load(page, ARTICLE, ARTICLE_DATE)
    seg = segment(page, 3)
    assert rows(seg) == [["1", food[0]["score"], FOOD]]
    marker = seg.locator("button.same-drafts")
    expect(marker).to_have_count(1)
    expect(marker).to_have_text("×3")
    expect(marker).to_have_attribute("aria-expanded", "false")
    members = seg.locator(".match.member")
    expect(members).to_have_count(2)
    expect(members.first).to_be_hidden()

    # The marker shows the other two, each with its own score, diff and
    # provenance, and takes nothing.
    draft(page, 3).focus()
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "true")
    expect(members.nth(0)).to_be_visible()
    expect(members.nth(1)).to_be_visible()
    assert draft(page, 3).input_value() == ""
    head = seg.locator(".match[data-rank='1']")
    metas = seg.locator(".match .meta").all_text_contents()
    assert {m.split(" ")[0] for m in metas} == FOOD_ARTICLES, metas
    for member in members.all():
        assert member.get_attribute("data-rank") is None
        assert int(member.get_attribute("data-score")) <= int(head.get_attribute("data-score"))
        expect(member.locator(".diff del")).to_have_count(1)
        expect(member.locator(".diff ins")).to_have_text("11,2")
        expect(member.locator(".meta")).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d · tilmash-demo"))
    ids = marker.get_attribute("aria-controls").split()
    assert ids == [m.get_attribute("id") for m in members.all()]
    if screenshots:
        page.evaluate("window.scrollTo(0, document.getElementById('work').offsetTop - 8)")
        page.screenshot(path=str(screenshots / "page-same-drafts.png"), animations="disabled")

    # Ctrl+1 takes the draft; a click on a member takes that unit's.
    page.keyboard.press("Control+1")
    expect(draft(page, 3)).to_have_value(FOOD)
    draft(page, 3).fill("")
    members.nth(1).locator(".target").click()
    expect(draft(page, 3)).to_have_value(FOOD)
    # And it folds back.
    marker.click()
    expect(marker).to_have_attribute("aria-expanded", "false")
    expect(members.first).to_be_hidden()
    assert len(rows(seg)) == 1


def test_ctrl_n_counts_the_distinct_drafts(page):
    import_jsonl(page, BRIDGE_UNITS)
    [bridge] = api_matches(page, BRIDGE)
    assert [m["target"] for m in bridge] == [BRIDGE_SAME, BRIDGE_SAME, BRIDGE_OTHER], bridge
    load(page, BRIDGE)
    seg = segment(page, 1)
    assert rows(seg) == [["1", 99, BRIDGE_SAME], ["2", bridge[2]["score"], BRIDGE_OTHER]]
    expect(seg.locator(".match[data-rank='1'] button.same-drafts")).to_have_text("×2")
    expect(seg.locator(".match[data-rank='2'] button.same-drafts")).to_have_count(0)
    expect(seg.locator(".match[data-rank='2'] kbd")).to_have_text("2")
    draft(page, 1).focus()
    page.keyboard.press("Control+2")
    expect(draft(page, 1)).to_have_value(BRIDGE_OTHER)
    page.keyboard.press("Control+1")
    expect(draft(page, 1)).to_have_value(BRIDGE_SAME)
    # There is no third row, though the API sent three matches.
    page.keyboard.press("Control+3")
    expect(page.locator("#status")).to_contain_text("Segment 1 has no match 3")
    expect(draft(page, 1)).to_have_value(BRIDGE_SAME)


def test_a_context_match_heads_its_adapted_twins(page):
    # Positions 1–3 of the May report: the food sentence is a 101 there,
    # and two other reports adapt to the same draft at 99.
    text = (
        "Об этом сообщило Бюро национальной статистики. "
        "Продовольственные товары за год подорожали на 9,5%. "
        "Больше всего выросли цены на сахар, подсолнечное масло и овощи."
    )
    load(page, text)
    seg = segment(page, 2)
    assert rows(seg) == [["1", 101, "Food prices rose by 9.5% over the year."]]
    head = seg.locator(".match[data-rank='1']")
    expect(head.locator(".badge")).to_contain_text("CM")
    head.locator("button.same-drafts").click()
    members = seg.locator(".match.member")
    assert [int(s) for s in members.evaluate_all("els => els.map(e => e.dataset.score)")] == [99, 99]
    expect(members.locator(".badge-tag")).to_have_text(["ADP", "ADP"])
    draft(page, 2).focus()
    page.keyboard.press("Control+1")
    expect(draft(page, 2)).to_have_value("Food prices rose by 9.5% over the year.")


def test_repaired_twins_keep_their_own_stored_targets(page):
    """Two reports repair to the same draft but store different targets:
    one row (grouped on the draft Ctrl+N takes); its toggle shows its own
    stored target, and the other's stays reachable in the expansion."""
    load(page, REPAIRED_RU, "2021-08-02")
    seg = segment(page, 1)
    assert rows(seg) == [["1", 71, REPAIRED_RU_DRAFT]]
    head = seg.locator(".match[data-rank='1']")
    expect(head.locator("[data-repair-state]")).to_have_text(re.compile("complete"))
    expect(head.locator("button.same-drafts")).to_have_text("×2")

    # The repair lines and toggles show in the segment being edited.
    draft(page, 1).focus()
    head.get_by_role("button", name="Stored target").click()
    expect(head.locator('[data-target="stored"]')).to_have_text(REPAIRED_RU_STORED)
    page.keyboard.press("Control+1")
    expect(draft(page, 1)).to_have_value(REPAIRED_RU_STORED)

    head.locator("button.same-drafts").click()
    member = seg.locator(".match.member")
    expect(member).to_be_visible()
    expect(member.locator("[data-repair-state]")).to_have_text(re.compile("complete"))
    expect(member.locator('mark[data-repair="month"]').first).to_have_text("July")
    expect(member).to_have_attribute("data-shown", "repaired")
    member.get_by_role("button", name="Stored target").click()
    may = "Inflation in Kazakhstan stood at 7.2% in May."
    expect(member.locator('[data-target="stored"]')).to_have_text(may)
    expect(head.locator('[data-target="stored"]')).to_have_text(REPAIRED_RU_STORED)
    member.get_by_role("button", name=re.compile("^Take this unit's match")).click()
    expect(draft(page, 1)).to_have_value(may)
    # Ctrl+1 still takes the head as it shows.
    page.keyboard.press("Control+1")
    expect(draft(page, 1)).to_have_value(REPAIRED_RU_STORED)
