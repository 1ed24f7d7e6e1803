"""The page's pure functions, run in the browser as the page loads them."""


def run(page, module, body):
    return page.evaluate(f"async () => {{ const m = await import('/{module}'); {body} }}")




def test_score_bands(page):
    got = run(
        page,
        "segment.js",
        """return [
            {score: 101, fuzzy: 100, adapted: false}, {score: 100, fuzzy: 100, adapted: false},
            {score: 99, fuzzy: 85, adapted: true}, {score: 99, fuzzy: 99, adapted: false},
            {score: 95, fuzzy: 95, adapted: false}, {score: 94, fuzzy: 94, adapted: false},
            {score: 85, fuzzy: 85, adapted: false}, {score: 84, fuzzy: 84, adapted: false},
            {score: 75, fuzzy: 75, adapted: false}, {score: 74, fuzzy: 74, adapted: false},
            {score: 60, fuzzy: 60, adapted: false},
        ].map(x => m.band(x).name);""",
    )
    assert got == ["context", "exact", "adapted", "high", "high", "good", "good", "fair", "fair", "low", "low"]


def test_diff_strikes_the_memory_and_underlines_the_text(page):
    html = run(
        page,
        "segment.js",
        """const edits = [
            {op: "equal", query: {start: 0, end: 24}, unit: {start: 0, end: 24}},
            {op: "replaced", query: {start: 24, end: 28}, unit: {start: 24, end: 28}},
            {op: "equal", query: {start: 28, end: 39}, unit: {start: 28, end: 39}},
            {op: "replaced", query: {start: 39, end: 42}, unit: {start: 39, end: 42}},
        ];
        const div = document.createElement('div');
        div.append(...m.diffNodes('Инфляция в Казахстане в июле составила 8,4%.',
                                  'Инфляция в Казахстане в июне составила 7,2%.', edits));
        return div.innerHTML;""",
    )
    assert "<del" in html and ">июне</del>" in html, html
    assert ">июле</ins>" in html and ">8,4</ins>" in html and ">7,2</del>" in html, html
    assert html.endswith("%."), html


def test_exports_keep_paragraphs_sides_and_confirmation(page):
    got = run(
        page,
        "export.js",
        """const rows = [
            {segment: 1, paragraph: 0, lang: "ru", source: "Первое.", draft: "First.", confirmed: true},
            {segment: 2, paragraph: 0, lang: "ru", source: "Второе\\tс табом.", draft: "", confirmed: false},
            {segment: 3, paragraph: 1, lang: "ru", source: "Третье.", draft: "Third. ", confirmed: true},
        ];
        return {
            text: m.targetText(rows),
            tsv: m.tsv(rows),
            jsonl: m.memoryJsonl(rows, "a-1", "2026-01-02").split("\\n").map(l => JSON.parse(l)),
            id: m.defaultArticleId("  Инфляция, в  Казахстане!", "2026-01-02"),
        };""",
    )
    assert got["text"] == "First. Второе\tс табом.\n\nThird.\n"
    lines = got["tsv"].splitlines()
    assert lines[0] == "segment\tsource_lang\tsource\ttarget\tconfirmed"
    assert lines[2] == "2\tru\tВторое с табом.\t\tno"
    assert [(j["ru"], j["en"], j["position"]) for j in got["jsonl"]] == [("Первое.", "First.", 0), ("Третье.", "Third.", 2)]
    assert all(j["article"] == "a-1" and j["date"] == "2026-01-02" and j["origin"] == "tilmash-page" for j in got["jsonl"])
    assert got["id"] == "2026-01-02-инфляция-в-казахстане"


def test_work_is_keyed_by_the_article_text(page):
    got = run(
        page,
        "store.js",
        """m.saveWork("Текст.\\r\\n", {segments: {1: {source: "Текст.", draft: "Text.", confirmed: true}}});
        return {
            same: m.loadWork("Текст.\\n").segments[1].draft,
            other: Object.keys(m.loadWork("Другой текст.").segments).length,
            differs: m.hash("a") !== m.hash("b"),
        };""",
    )
    assert got == {"same": "Text.", "other": 0, "differs": True}


def test_repair_marks_follow_the_words_when_tags_shift_the_offsets(page):
    """The API's target spans count an inline tag as one character; the JSON
    shows it as `{1}`: the marks still fall on the repaired words, and a
    partial repair shows its badge and the reason of what was left."""
    got = run(
        page,
        "repair.js",
        """const change = (old, nw, start) => ({old, new: nw, old_span: {start, end: start + old.length}, new_span: {start, end: start + nw.length}});
        const match = {
            target: "{1}Nazarbayev{/1} arrived in June.",
            repaired: true, complete: false,
            repairs: [
                {kind: "person", source: change("Токаев", "Назарбаев", 0), target: change("Tokayev", "Nazarbayev", 1)},
                {kind: "month", source: change("мае", "июне", 17), target: change("May", "June", 24)},
            ],
            unrepaired: [{kind: "place", source: change("Алматы", "Шымкента", 20), reason: "no en translation of «Шымкента»"}],
            unit: {ru: "Токаев прибыл в мае.", en: "{1}Tokayev{/1} arrived in May."},
        };
        const div = document.createElement("div");
        div.append(...m.repairedNodes(match, ["r1", "r2"]));
        const details = m.repairDetails(match, "ru", "en", ["r1", "r2"], "t");
        return {
            marks: [...div.querySelectorAll("mark")].map(e => [e.textContent, e.getAttribute("aria-describedby")]),
            text: div.textContent,
            stored: m.storedTarget(match, "en"),
            badge: m.repairBadge(match).textContent,
            left: details.querySelector("ul").lastElementChild.textContent,
            none: m.repairBadge({...match, repaired: false, repairs: []}),
        };""",
    )
    assert got["marks"] == [["Nazarbayev", "r1"], ["June", "r2"]]
    assert got["text"] == "{1}Nazarbayev{/1} arrived in June."
    assert got["stored"] == "{1}Tokayev{/1} arrived in May."
    assert "repaired" in got["badge"] and "complete" not in got["badge"]
    assert "Алматы → Шымкента" in got["left"] and "no en translation" in got["left"]
    assert got["none"] is None


def test_same_drafts_group_on_the_draft_best_first(page):
    got = run(
        page,
        "segment.js",
        """const m1 = (score, target, article) => ({score, target, unit: {article}});
        const matches = [
            m1(99, "A.", "a1"), m1(99, "B.", "b1"), m1(99, "A.", "a2"),
            m1(95, "C.", "c1"), m1(90, "A.", "a3"), m1(85, "D.", "d1"), m1(80, "C.", "c2"),
        ];
        const show = (groups) => groups.map(g => [g.draft, g.items.map(i => [i.index, i.match.unit.article])]);
        return {
            all: show(m.sameDrafts(matches)),
            three: show(m.sameDrafts(matches, 3)),
            // an unsorted list still gives the best first
            unsorted: show(m.sameDrafts([m1(70, "A.", "low"), m1(100, "A.", "high"), m1(80, "B.", "b")])),
            none: m.sameDrafts(undefined),
        };""",
    )
    assert got["all"] == [
        ["A.", [[0, "a1"], [2, "a2"], [4, "a3"]]],
        ["B.", [[1, "b1"]]],
        ["C.", [[3, "c1"], [6, "c2"]]],
        ["D.", [[5, "d1"]]],
    ]
    assert got["three"] == got["all"][:3]
    assert got["unsorted"] == [["A.", [[1, "high"], [0, "low"]]], ["B.", [[2, "b"]]]]
    assert got["none"] == []
