// One segment of the article as the translator sees it: the source with its
// glossary terms marked, the draft, the terms with their targets for the
// date, and the memory's matches with score badges and word diffs (what
// repair wrote into a match's target is shown by repair.js).

import { h } from "./dom.js";
import { repairBadge, repairDetails, targetNode } from "./repair.js";

/** How many distinct drafts a segment shows: Ctrl+1 … Ctrl+3. */
export const SHOWN = 3;

/**
 * The band of a match, as CAT tools colour them: 101 context, 100 exact,
 * adapted (numbers replaced), 95–99, 85–94, 75–84, 60–74. `label` says it
 * in words, so the badge never relies on colour alone.
 */
export function band(match) {
  const s = match.score;
  if (s >= 101) return { name: "context", label: "context match" };
  if (s === 100) return { name: "exact", label: "exact match" };
  if (match.adapted) return { name: "adapted", label: "adapted: numbers replaced" };
  if (s >= 95) return { name: "high", label: s === 99 && match.fuzzy !== s ? "differs in case or punctuation" : "fuzzy 95–99" };
  if (s >= 85) return { name: "good", label: "fuzzy 85–94" };
  if (s >= 75) return { name: "fair", label: "fuzzy 75–84" };
  return { name: "low", label: "fuzzy 60–74" };
}

const SHORT = { context: "CM", exact: "EX", adapted: "ADP", high: "", good: "", fair: "", low: "" };

/** Characters (code points) of a text: the API's offsets count these. */
const chars = (text) => Array.from(text);
const slice = (cs, start, end) => cs.slice(Math.min(start, cs.length), Math.min(end, cs.length)).join("");

/**
 * The memory's source with the differences from the segment marked: words
 * only in the memory struck through (`del`), words only in the segment
 * underlined (`ins`), in colour too.
 */
export function diffNodes(query, source, edits) {
  const q = chars(query);
  const c = chars(source);
  const out = [];
  let at = 0;
  const del = (t, op) => t && out.push(h("del", { class: op, title: "only in the memory" }, t));
  const ins = (t, op) => t && out.push(h("ins", { class: op, title: "only in your text" }, t));
  for (const e of edits || []) {
    if (e.unit.start > at) out.push(slice(c, at, e.unit.start));
    const ours = slice(c, e.unit.start, e.unit.end);
    const theirs = slice(q, e.query.start, e.query.end);
    switch (e.op) {
      case "equal": out.push(ours); break;
      case "deleted": del(ours, e.op); break;
      case "inserted": ins(theirs, e.op); break;
      default: del(ours, e.op); ins(theirs, e.op); // replaced, inflected
    }
    at = Math.max(at, e.unit.end);
  }
  if (at < c.length) out.push(slice(c, at, c.length));
  return out;
}

const FLAG = {
  forbidden: { icon: "⊘", text: "forbidden" },
  deprecated: { icon: "▼", text: "deprecated" },
  "out-of-date": { icon: "◷", text: "out of date" },
  unverified: { icon: "?", text: "unverified" },
};

function flagNode(rule, message) {
  const f = FLAG[rule] || { icon: "!", text: rule };
  return h("span", { class: `flag flag-${rule}`, title: message || f.text },
    h("span", { "aria-hidden": "true" }, f.icon), ` ${f.text}`);
}

/** The flags of a term hit: its own flags, plus a bad target status. */
function hitFlags(hit) {
  const rules = new Map((hit.flags || []).map((f) => [f.rule, f.message]));
  if (!hit.valid && !rules.has("out-of-date")) rules.set("out-of-date", `not valid on the date`);
  if (hit.status === "forbidden" || hit.status === "deprecated") {
    if (!rules.has(hit.status)) rules.set(hit.status, `${hit.term} is ${hit.status}`);
  }
  return [...rules].map(([rule, message]) => flagNode(rule, message));
}

/** The marks over the source: terms and names by character range, no overlaps. */
function marks(segment) {
  const spans = [
    ...(segment.terms || []).map((t) => ({ start: t.start, end: t.end, kind: "term", item: t })),
    ...(segment.names || []).map((n) => ({ start: n.start, end: n.end, kind: "name", item: n })),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  let end = -1;
  for (const s of spans) {
    if (s.start >= end) {
      kept.push(s);
      end = s.end;
    }
  }
  return kept;
}

function termTitle(span) {
  const t = span.item;
  if (span.kind === "name") return `${t.text} → ${t.proposed} (unverified spelling, ${t.system})`;
  const target = t.targets && t.targets[0] ? t.targets[0].term : "no target on the date";
  return `${t.text} → ${target} (${t.concept})`;
}

function markClass(span) {
  if (span.kind === "name") return "name unverified";
  const t = span.item;
  const bad = (t.flags && t.flags.length) || !t.valid || t.status === "forbidden" || t.status === "deprecated";
  return bad ? "term flagged" : "term";
}

/** The segment's text with its terms and names marked. */
function sourceNodes(segment) {
  const cs = chars(segment.text);
  const out = [];
  let at = 0;
  for (const span of marks(segment)) {
    if (span.start > at) out.push(slice(cs, at, span.start));
    out.push(h("mark", { class: markClass(span), title: termTitle(span) }, slice(cs, span.start, span.end)));
    at = span.end;
  }
  if (at < cs.length) out.push(slice(cs, at, cs.length));
  return out;
}

/**
 * The items whose `key` was not seen before: a term written twice in a
 * segment, in any form, is one chip (the source marks both).
 */
const once = (items, key) => {
  const seen = new Set();
  return items.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
};

/** `Alt+N` on the N-th glossary target of a segment (at most 9). */
const termKey = (n) => (n && n <= 9 ? h("kbd", { class: "term-key", "aria-hidden": "true" }, `Alt+${n}`) : null);

function termItem(hit, onInsert, n) {
  const targets = hit.targets || [];
  const first = targets[0];
  return h("li", { class: "term-item" },
    h("span", { class: "term-src" }, hit.text),
    h("span", { class: "arrow", "aria-hidden": "true" }, " → "),
    first
      ? h("button", {
        type: "button",
        class: "term-target",
        dataset: { insert: n },
        title: `Insert ${first.term} (${first.validity})${n <= 9 ? `: Alt+${n}` : ""}`,
        "aria-label": `Insert ${first.term}`,
        "aria-keyshortcuts": n <= 9 ? `Alt+${n}` : null,
        onclick: () => onInsert(first.term),
      }, first.term)
      : h("span", { class: "muted" }, "no target on the date"),
    first && termKey(n),
    targets.slice(1).map((t) => h("span", { class: `alt status-${t.status}` }, `, ${t.term} (${t.status})`)),
    hitFlags(hit),
    h("span", { class: "where muted" }, ` ${hit.entry.file}:${hit.entry.line}`),
  );
}

function nameItem(name, onInsert, n) {
  return h("li", { class: "term-item name-item" },
    h("span", { class: "term-src" }, name.text),
    h("span", { class: "arrow", "aria-hidden": "true" }, " → "),
    h("button", {
      type: "button",
      class: "term-target",
      dataset: { insert: n },
      title: `Insert ${name.proposed}${n <= 9 ? `: Alt+${n}` : ""}`,
      "aria-label": `Insert ${name.proposed} (unverified)`,
      "aria-keyshortcuts": n <= 9 ? `Alt+${n}` : null,
      onclick: () => onInsert(name.proposed),
    }, name.proposed),
    termKey(n),
    flagNode("unverified", `nobody has checked this spelling (${name.system})`),
  );
}

function matchMeta(match) {
  const u = match.unit || {};
  const parts = [];
  if (u.article) parts.push(u.position !== undefined && u.position !== null ? `${u.article} #${u.position}` : u.article);
  if (u.date) parts.push(u.date);
  if (u.origin) parts.push(u.origin);
  return parts.join(" · ");
}

/**
 * The matches grouped by their draft, the target that taking a match puts
 * in the editor (adapted or repaired as the API sends it): several memory
 * units often give the same draft once their numbers, names or months are
 * replaced. `[{draft, items: [{match, index}]}]`, `index` the match's place
 * in the API's list; each group best-scored first (ties in the API's
 * order), the groups in the order of their best; at most `shown` groups.
 * The stored target plays no part: a group is what Ctrl+N would take.
 */
export function sameDrafts(matches, shown = Infinity) {
  const groups = [];
  const byDraft = new Map();
  (matches || []).forEach((match, index) => {
    let group = byDraft.get(match.target);
    if (!group) {
      group = { draft: match.target, items: [] };
      byDraft.set(match.target, group);
      groups.push(group);
    }
    group.items.push({ match, index });
  });
  for (const g of groups) g.items.sort((a, b) => b.match.score - a.match.score || a.index - b.index);
  groups.sort((a, b) => b.items[0].match.score - a.items[0].match.score || a.items[0].index - b.items[0].index);
  return groups.slice(0, shown);
}

/**
 * One row of a match, sentence or paragraph: the score badge (with the
 * repair badge and `row.same`, the ×N button of a group), the take button
 * (`row.mark` in it, named by `row.takeLabel(" (repaired)" or "")`), the target, the repairs,
 * the diff of `match.source` against `row.query` and the provenance.
 * `row.key` prefixes the ids of the row's parts; `row.attrs` and
 * `row.dataset` are the row's own, `row.lead` a line above the target,
 * `row.scoreNote` and `row.diffLabel` what the badge and the diff say.
 */
function matchRow(segment, match, row) {
  const b = band(match);
  const short = SHORT[b.name];
  const targetLang = segment.lang === "ru" ? "en" : "ru";
  const ids = (match.repairs || []).map((_, i) => `${row.key}-r${i + 1}`);
  const repaired = repairBadge(match);
  const dataset = { ...row.dataset, score: match.score };
  if (repaired) dataset.shown = "repaired";
  return h("li", { ...row.attrs, class: `${row.attrs.class} band-${b.name}`, dataset },
    h("div", { class: "match-score" },
      h("span", { class: `badge band-${b.name}`, "aria-label": `score ${match.score}, ${b.label}${row.scoreNote || ""}` },
        h("span", { class: "score" }, match.score), short && h("span", { class: "badge-tag" }, short)),
      repaired,
      row.same),
    h("button", { type: "button", class: "take", "aria-label": row.takeLabel(repaired ? " (repaired)" : "") }, row.mark),
    h("div", { class: "match-body" },
      row.lead,
      targetNode(match, targetLang, ids),
      repairDetails(match, segment.lang, targetLang, ids, `${row.key}-stored`),
      h("div", { class: "diff", lang: segment.lang, "aria-label": row.diffLabel },
        diffNodes(row.query, match.source, match.diff)),
      h("div", { class: "meta muted", title: `unit ${match.unit?.id ?? ""}` },
        matchMeta(match), match.score !== match.fuzzy ? ` · fuzzy ${match.fuzzy}` : "")),
  );
}

/**
 * One sentence match row. `rank` is its Ctrl+N for the best of a group,
 * null for the others (`of` is then the rank of their group); `index` is
 * the match's place in the API's list, as `data-match`.
 */
function matchItem(segment, match, { index, rank, of, key }, actions, same) {
  const dataset = { match: index };
  if (rank) dataset.rank = rank;
  return matchRow(segment, match, {
    key,
    dataset,
    same,
    attrs: {
      class: rank ? "match" : "match member",
      id: rank ? null : key,
      hidden: !rank,
      title: rank ? `Ctrl+${rank}: take this match` : `Take this unit's match (the same draft as match ${of})`,
      onclick: (e) => {
        if (e.target.closest("button.same-drafts")) return;
        if (e.target.closest("button.show-stored")) actions.toggleStored(index);
        else if (!e.target.closest("button.copy-id")) actions.take(index);
      },
    },
    takeLabel: (repaired) => (rank
      ? `Take match ${rank}${repaired}: ${match.target}`
      : `Take this unit's match${repaired}, the same draft as match ${of}: ${match.unit?.article ?? ""}`),
    mark: rank ? h("kbd", { "aria-hidden": "true" }, rank) : h("span", { class: "same-mark", "aria-hidden": "true" }, "="),
    query: segment.text,
    diffLabel: "the memory's source, differences marked",
  });
}

/**
 * The rows of one group: its best match, numbered, and the others hidden
 * under a discreet `×N` button that shows them (each with its own score,
 * source diff and provenance, and takeable by a click).
 */
function groupItems(segment, group, rank, actions) {
  const key = `seg-${segment.segment}-m${rank}`;
  const [best, ...others] = group.items;
  const members = others.map((item, i) =>
    matchItem(segment, item.match, { index: item.index, rank: null, of: rank, key: `${key}-${i + 2}` }, actions, null));
  let same = null;
  if (members.length) {
    const count = group.items.length;
    same = h("button", {
      type: "button",
      class: "same-drafts",
      "aria-expanded": "false",
      "aria-controls": members.map((m) => m.id).join(" "),
      "aria-label": `${count} memory units give this draft`,
      title: `${count} memory units give this draft; the best-scored is shown. Show the other ${count - 1} with their scores, sources and articles`,
      onclick: (e) => {
        const open = e.currentTarget.getAttribute("aria-expanded") !== "true";
        e.currentTarget.setAttribute("aria-expanded", String(open));
        for (const m of members) m.hidden = !open;
      },
    }, `×${count}`);
  }
  return [matchItem(segment, best.match, { index: best.index, rank, of: rank, key }, actions, same), ...members];
}

/** `2–4`: the segments a paragraph match at segment `n` covers. */
export const runName = (n, count) => `${n}–${n + count - 1}`;

/**
 * The paragraph matches offered in each segment, by segment number: a
 * run's first segment has its own (`from` is itself), and every other
 * segment of the run is offered the same match (`from` the run's first),
 * so that it can be taken from wherever the translator is; its own first.
 * `[{from, index, p}]`, `index` the match's place in the first segment's
 * `paragraph_matches`.
 */
export function paragraphOffers(segments) {
  const offers = new Map(segments.map((s) => [s.segment, []]));
  segments.forEach((head, at) => {
    (head.paragraph_matches || []).forEach((p, index) => {
      for (const s of segments.slice(at, at + p.segments)) offers.get(s.segment).push({ from: head.segment, index, p });
    });
  });
  for (const [n, list] of offers) list.sort((a, b) => (b.from === n) - (a.from === n) || b.from - a.from || a.index - b.index);
  return offers;
}

/**
 * One paragraph match offered in the segment: a memory unit whose
 * sentences segment `from` and the next `p.segments - 1` hold in order,
 * `segment` among them, scored against those segments joined (`p.text`,
 * which its diff's offsets refer to). Taking it puts its target into
 * segment `from`, wherever it is taken. `index` is its place in segment
 * `from`'s `paragraph_matches`, as `data-para`; `data-from` says `from`.
 */
function paragraphItem(segment, { from, index, p }, first, actions) {
  const n = segment.segment;
  const run = runName(from, p.segments);
  const where = from === n
    ? `its target goes into segment ${n}, the others are covered by it`
    : `it starts at segment ${from}: its target goes into segment ${from}, this segment and the others of the run are covered by it`;
  return matchRow(segment, p, {
    key: `seg-${n}-p${from}-${index + 1}`,
    dataset: { para: index, from, segments: p.segments },
    attrs: {
      class: "match para-match",
      title: `${first ? "Ctrl+0: take" : "Take"} this paragraph match for segments ${run}: ${where}`,
      onclick: (e) => {
        if (e.target.closest("button.show-stored")) actions.toggleParaStored(index, from);
        else actions.takeParagraph(index, from);
      },
    },
    scoreNote: `, over segments ${run} joined`,
    takeLabel: (repaired) => `Take the paragraph match for segments ${run}${repaired}: ${p.target}`,
    mark: h("span", { class: "para-mark", "aria-hidden": "true" }, "¶"),
    lead: h("div", { class: "para-run" },
      `Paragraph match · segments ${run} (one memory unit over ${p.segments} segments${from === n ? "" : `; taken into segment ${from}`})`),
    query: p.text,
    diffLabel: `the memory's source against segments ${run} joined, differences marked`,
  });
}

/**
 * The segment's glossary: one chip per term entry and per unverified name,
 * those with a target to insert numbered for Alt+1 … Alt+9 in order.
 */
function glossaryList(terms, names, onInsert) {
  let n = 0;
  const number = (insertable) => (insertable ? ++n : null);
  return h("ul", { class: "terms", "aria-label": "Glossary" },
    once(terms, (t) => `${t.concept}\u0000${t.entry?.file}:${t.entry?.line}`)
      .map((t) => termItem(t, onInsert, number(Boolean(t.targets && t.targets[0])))),
    once(names, (nm) => nm.proposed).map((nm) => nameItem(nm, onInsert, number(true))));
}

/**
 * The element of one segment. `actions` has `take(index)`,
 * `toggleStored(index)` (a repaired match's stored target, or back), both
 * by the match's place in the API's list, `takeParagraph(index, from)` and
 * `toggleParaStored(index, from)` by a paragraph match's place in segment
 * `from`'s `paragraph_matches`, `split()` (undo a paragraph match taken over this
 * segment's run) and `insert(text)`; the draft
 * textarea is `.draft` inside it. Matches that give the same draft are one
 * row (see `sameDrafts`); Ctrl+N counts those rows. `paragraphs` are the
 * paragraph matches offered in the segment (see `paragraphOffers`).
 */
export function segmentElement(segment, actions, paragraphs = []) {
  const n = segment.segment;
  const target = segment.lang === "ru" ? "en" : "ru";
  const matches = segment.matches || [];
  const terms = segment.terms || [];
  const names = segment.names || [];
  return h("section", {
    class: terms.length + names.length > 0 ? "seg" : "seg no-terms",
    id: `seg-${n}`,
    dataset: { segment: n },
    "aria-labelledby": `seg-${n}-label`,
  },
    h("div", { class: "seg-num", id: `seg-${n}-label` },
      h("span", { class: "sr-only" }, "Segment "), n),
    h("div", { class: "seg-src", lang: segment.lang }, sourceNodes(segment)),
    h("div", { class: "seg-draft" },
      h("label", { class: "sr-only", for: `draft-${n}` }, `Translation of segment ${n}`),
      h("textarea", {
        id: `draft-${n}`, class: "draft", lang: target, rows: 2, spellcheck: "true",
        placeholder: matches.length ? "Ctrl+1 takes the best match" : "No match: translate",
      }),
      h("span", { class: "seg-state", "aria-live": "off" }),
      h("div", { class: "seg-cover", hidden: true },
        h("span", { class: "cover-text" }),
        // (A press on a segment's button keeps the focus where it is: see
        // the page's mousedown listener in app.js.)
        h("button", { type: "button", class: "split", onclick: () => actions.split() },
          "Translate separately"))),
    terms.length + names.length > 0 && glossaryList(terms, names, actions.insert),
    paragraphs.length > 0 && h("ol", { class: "matches para-matches", "aria-label": `Paragraph matches over segment ${n}` },
      paragraphs.map((offer, i) => paragraphItem(segment, offer, i === 0, actions))),
    h("ol", { class: "matches", "aria-label": `Matches for segment ${n}` },
      matches.length
        ? sameDrafts(matches, SHOWN).flatMap((g, i) => groupItems(segment, g, i + 1, actions))
        : h("li", { class: "no-match muted" }, "no match")),
  );
}
