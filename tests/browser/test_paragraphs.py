"""Paragraph matches: a memory unit whose sentences consecutive segments of
the text hold in order. The page shows it once, on the run's first segment,
naming the segments it covers; taking it puts the unit's target into that
segment's draft and covers the others (no draft of their own, confirmed
with it); the exports write the target once; taking another match, editing
or "Translate separately" gives the segments their drafts back.
"""

import re
import xml.etree.ElementTree as ET

from playwright.sync_api import expect

from test_page import draft, import_jsonl, load, segment

# Written for this test (no such hospital): one unit of three sentences,
# which the import aligns into sentence entries.
UNIT = (
    '{"ru": "Аким Караганды открыл новую детскую больницу на 300 мест. '
    'Строительство обошлось бюджету в 12 миллиардов тенге. '
    'Первых пациентов клиника примет в понедельник.", '
    '"en": "The akim of Karaganda opened a new 300-bed children\'s hospital. '
    "Construction cost the budget 12 billion tenge. "
    'The clinic will admit its first patients on Monday.", '
    '"article": "browser-karaganda-hospital", "position": 3, "date": "2024-03-14"}\n'
)
WEATHER = "Синоптики обещают в выходные сильный ветер в Кокшетау."
# Segments 2–4 hold the unit's sentences, the last with another weekday.
RUN = [
    "Аким Караганды открыл новую детскую больницу на 300 мест.",
    "Строительство обошлось бюджету в 12 миллиардов тенге.",
    "Первых пациентов клиника примет во вторник.",
]
TEXT = " ".join([WEATHER, *RUN])
DATE = "2024-03-20"
COST = "Construction cost the budget 12 billion tenge."
OWN_FOUR = "My own draft of the fourth sentence."


def paragraph_match(page):
    response = page.request.post("/api/suggest", data={"text": TEXT, "date": DATE, "min_score": 60, "limit": 10})
    assert response.ok, response.text()
    segments = response.json()["segments"]
    assert [len(s.get("paragraph_matches", [])) for s in segments] == [0, 1, 0, 0], segments
    return segments[1]["paragraph_matches"][0]


def states(page):
    return [segment(page, n).get_attribute("data-state") for n in range(1, 5)]


def drafts(page):
    return [draft(page, n).input_value() for n in range(1, 5)]


def take(page):
    segment(page, 2).locator(".para-match button.take").click()


def test_paragraph_match_shown_taken_exported_and_undone(page, screenshots):
    import_jsonl(page, UNIT)
    p = paragraph_match(page)
    target = p["target"]
    assert p["segments"] == 3 and target.endswith("on Tuesday."), p

    load(page, TEXT, DATE)
    expect(page.locator("[data-segment]")).to_have_count(4)
    # Offered in every segment of the run (taken into its first), naming the
    # segments it covers, with its score, its diff against the joined
    # segments and provenance.
    expect(page.locator(".para-match")).to_have_count(3)
    expect(segment(page, 1).locator(".para-match")).to_have_count(0)
    for n in (3, 4):
        expect(segment(page, n).locator(".para-match")).to_have_attribute("data-from", "2")
        expect(segment(page, n).locator(".para-match")).to_contain_text("taken into segment 2")
    row = segment(page, 2).locator(".para-match")
    expect(row).to_have_attribute("data-segments", "3")
    expect(row).to_have_attribute("data-score", str(p["score"]))
    expect(row).to_contain_text("segments 2–4")
    # Repaired (Monday → Tuesday) like a sentence match, its stored target
    # a toggle away.
    expect(row.locator(".target [data-target='repaired']")).to_have_text(target)
    expect(row.locator(".target [data-target='stored']")).to_have_text(p["unit"]["en"])
    expect(row.locator(".repair-badge")).to_have_text("◐ repaired")
    draft(page, 2).focus()
    expect(row.locator(".diff del")).to_have_text("в понедельник")
    expect(row.locator(".diff ins")).to_have_text("во вторник")
    expect(row.locator(".meta")).to_have_text("browser-karaganda-hospital #3 · 2024-03-14 · browser-test")

    # The translator's own draft in segment 4, which the run will cover.
    draft(page, 4).fill(OWN_FOUR)
    assert states(page) == ["new", "new", "new", "draft"]

    # Taking it: the target once, in segment 2; segments 3 and 4 covered.
    take(page)
    assert drafts(page) == ["", target, "", ""]
    assert states(page) == ["new", "draft", "covered", "covered"]
    for n in (3, 4):
        expect(segment(page, n)).to_have_attribute("data-covered-by", "2")
        expect(segment(page, n)).to_have_attribute("data-run", "2–4")
        expect(draft(page, n)).not_to_be_editable()
        expect(segment(page, n).locator(".seg-cover")).to_contain_text("segment 2")
    expect(draft(page, 2)).to_be_focused()
    expect(page.locator("#progress")).to_contain_text("0 / 4 confirmed · 3 drafts")

    # Confirming segment 2 confirms the segments it covers.
    page.keyboard.press("Control+Enter")
    expect(segment(page, 2)).to_have_attribute("data-state", "confirmed")
    for n in (3, 4):
        expect(segment(page, n)).to_have_class(re.compile(r"(^|\s)confirmed(\s|$)"))
        expect(segment(page, n).locator(".seg-state")).to_contain_text("Confirmed")
    expect(page.locator("#progress")).to_contain_text("3 / 4 confirmed")

    if screenshots:
        draft(page, 2).focus()
        page.evaluate("window.scrollTo(0, document.getElementById('work').offsetTop - 8)")
        page.screenshot(path=str(screenshots / "page-paragraph.png"), animations="disabled")

    # Text: the target once, where the run stands (segment 1 keeps its source).
    with page.expect_download() as info:
        page.click("#export-text")
    assert open(info.value.path(), encoding="utf-8").read() == f"{WEATHER} {target}\n"
    # TSV: the run is one row, its sources joined, the target once.
    with page.expect_download() as info:
        page.click("#export-tsv")
    lines = open(info.value.path(), encoding="utf-8").read().splitlines()
    assert lines[1:] == [f"1\tru\t{WEATHER}\t\tno", f"2–4\tru\t{' '.join(RUN)}\t{target}\tyes"], lines
    # XLIFF: one unit per segment, the run's units in a merged group, the
    # target in segment 2, empty targets in the covered ones in its state
    # (the server drafts nothing there).
    with page.expect_download() as info:
        page.click("#export-xliff")
    root = ET.parse(info.value.path()).getroot()
    ns = {"x": root.tag[1:].split("}")[0]}
    segs = {s.get("id"): s for s in root.iterfind(".//x:segment", ns)}
    targets = {i: (s.find("x:target", ns) is not None, s.findtext("x:target", "", ns), s.get("subState")) for i, s in segs.items()}
    assert targets == {
        "s1": (False, "", "tilmash:new"),
        "s2": (True, target, "tilmash:confirmed"),
        "s3": (True, "", "tilmash:covered"),
        "s4": (True, "", "tilmash:covered"),
    }, targets
    assert {s.get("state") for i, s in segs.items() if i != "s1"} == {"translated"}
    groups = root.findall(".//x:group", ns)
    assert [(g.get("type"), [u.get("id") for u in g.iterfind("x:unit", ns)]) for g in groups] == [
        ("tilmash:merged", ["u2", "u3", "u4"])
    ]

    # A reload keeps the run.
    page.wait_for_timeout(500)
    page.reload()
    expect(segment(page, 3)).to_have_attribute("data-state", "covered")
    assert drafts(page) == ["", target, "", ""]
    assert states(page) == ["new", "confirmed", "covered", "covered"]

    # Undo by taking a sentence match in a covered segment: the run is
    # split, every segment gets back what it held before.
    segment(page, 3).locator(".match[data-rank='1']").click()
    assert drafts(page) == ["", "", COST, ""]  # after a reload, nothing before
    assert states(page) == ["new", "new", "draft", "new"]
    expect(segment(page, 3).locator(".seg-cover")).to_be_hidden()
    expect(draft(page, 4)).to_be_editable()

    # Before taking it again, drafts of the translator's own.
    draft(page, 4).fill(OWN_FOUR)
    take(page)
    assert drafts(page) == ["", target, "", ""]
    # "Translate separately" gives them back.
    segment(page, 4).locator("button.split").click()
    assert drafts(page) == ["", "", COST, OWN_FOUR]
    assert states(page) == ["new", "new", "draft", "draft"]

    # Emptying segment 2's draft gives the covered segments back theirs;
    # editing it otherwise keeps the run.
    take(page)
    draft(page, 2).press("End")
    page.keyboard.type(" Edited.")
    assert states(page) == ["new", "draft", "covered", "covered"]
    draft(page, 2).fill("")
    assert drafts(page) == ["", "", COST, OWN_FOUR]
    assert states(page) == ["new", "new", "draft", "draft"]

    # Ctrl+0 takes it from the keyboard; taking a sentence match in
    # segment 2 splits the run too.
    draft(page, 1).focus()
    page.keyboard.press("Control+0")
    expect(page.locator("#status")).to_contain_text("No paragraph match covers segment 1")
    assert states(page) == ["new", "new", "draft", "draft"]
    draft(page, 2).focus()
    page.keyboard.press("Control+0")
    assert states(page) == ["new", "draft", "covered", "covered"]
    segment(page, 2).locator(".match[data-rank='1']").click()
    assert drafts(page)[1:] == ["The akim of Karaganda opened a new 300-bed children's hospital.", COST, OWN_FOUR]
    assert states(page) == ["new", "draft", "draft", "draft"]
    with page.expect_download() as info:
        page.click("#export-tsv")
    rows = open(info.value.path(), encoding="utf-8").read().splitlines()
    assert [r.split("\t")[0] for r in rows[1:]] == ["1", "2", "3", "4"], rows


def test_paragraph_match_taken_from_any_segment_of_its_run(page):
    """The match is taken from segment 3 or 4 as from segment 2: its target
    goes into segment 2, and every way back gives the drafts back."""
    import_jsonl(page, UNIT)
    p = paragraph_match(page)
    target, stored = p["target"], p["unit"]["en"]
    load(page, TEXT, DATE)
    draft(page, 4).fill(OWN_FOUR)

    # A click on segment 4's row.
    segment(page, 4).locator(".para-match button.take").click()
    assert drafts(page) == ["", target, "", ""]
    assert states(page) == ["new", "draft", "covered", "covered"]
    expect(draft(page, 2)).to_be_focused()
    expect(page.locator("#status")).to_contain_text("taken into segment 2")
    # "Translate separately" from segment 3 gives the drafts back.
    segment(page, 3).locator("button.split").click()
    assert drafts(page) == ["", "", "", OWN_FOUR]
    assert states(page) == ["new", "new", "new", "draft"]

    # Ctrl+0 in segment 3; emptying segment 2's draft undoes it.
    draft(page, 3).focus()
    page.keyboard.press("Control+0")
    assert drafts(page) == ["", target, "", ""]
    assert states(page) == ["new", "draft", "covered", "covered"]
    draft(page, 2).fill("")
    assert drafts(page) == ["", "", "", OWN_FOUR]

    # The stored target, shown in segment 3's row, is what is taken.
    draft(page, 3).focus()
    segment(page, 3).locator(".para-match button.show-stored").click()
    segment(page, 3).locator(".para-match button.take").click()
    assert drafts(page) == ["", stored, "", ""]
    # Typing into a covered segment's draft says where its translation is
    # (it did nothing, silently).
    draft(page, 4).focus()
    page.keyboard.type("x")
    expect(page.locator("#status")).to_contain_text("Segment 4 is translated in segment 2")
    assert drafts(page) == ["", stored, "", ""]
    # Ctrl+Shift+S in a covered segment splits the run and copies that
    # segment's source into its own draft; the others get theirs back.
    draft(page, 4).focus()
    page.keyboard.press("Control+Shift+S")
    assert drafts(page) == ["", "", "", RUN[2]]
    assert states(page) == ["new", "new", "new", "draft"]


# Written for this test (no such briefing): a unit whose translation is one
# sentence, so that its sentences have no entries of their own: only the
# paragraph match drafts them.
BRIEFING = (
    '{"ru": "Аким Павлодара провёл брифинг во вторник. Он ответил на вопросы журналистов.", '
    '"en": "The akim of Pavlodar held a briefing on Tuesday and answered journalists\' questions.", '
    '"article": "browser-pavlodar-briefing", "position": 0, "date": "2024-03-12"}\n'
)
BRIEFING_RUN = ["Аким Павлодара провёл брифинг во вторник.", "Он ответил на вопросы журналистов."]
BRIEFING_EN = "The akim of Pavlodar held a briefing on Tuesday and answered journalists' questions."


def test_pretranslate_fills_empty_drafts_and_joins_paragraphs_only_when_asked(page):
    import_jsonl(page, UNIT + BRIEFING)
    load(page, " ".join(BRIEFING_RUN + RUN), DATE)
    expect(page.locator("[data-segment]")).to_have_count(5)
    every = lambda: [draft(page, n).input_value() for n in range(1, 6)]
    state = lambda: [segment(page, n).get_attribute("data-state") for n in range(1, 6)]
    draft(page, 5).fill(OWN_FOUR)

    # Off by default, as --join-paragraphs: sentence matches only, and the
    # translator's own draft kept.
    expect(page.locator("#join-paragraphs")).not_to_be_checked()
    page.click("#pretranslate")
    expect(page.locator("#status")).to_contain_text("Pre-translated 2 segments;")
    assert every() == ["", "", "The akim of Karaganda opened a new 300-bed children's hospital.", COST, OWN_FOUR]
    assert "covered" not in state()

    # With "Join paragraphs": the briefing's run is taken as a click on its
    # ¶ row would take it (undone the same way); the rest is kept.
    page.check("#join-paragraphs")
    page.click("#pretranslate")
    expect(page.locator("#status")).to_contain_text("Pre-translated 2 segments (1 paragraph match")
    assert every()[:2] == [BRIEFING_EN, ""]
    assert state() == ["draft", "covered", "draft", "draft", "draft"]
    segment(page, 2).locator("button.split").click()
    assert every()[:2] == ["", ""]
