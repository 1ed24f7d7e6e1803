// Fuzzy match repair as the translator sees it: the words tilmash wrote into
// a match's target marked (a dotted frame, never the diff's strike-through or
// underline), a `repaired` / `complete` badge, one line per repair and per
// difference left as stored, and a toggle between the repaired target and the
// target as the memory stores it. Both targets share one grid cell, so the
// toggle never moves what is below it.

import { h } from "./dom.js";

const chars = (text) => Array.from(text);
const slice = (cs, start, end) => cs.slice(Math.min(start, cs.length), Math.min(end, cs.length)).join("");

const KIND = {
  person: "person",
  place: "place",
  term: "term",
  name: "name (unverified spelling)",
  number: "number",
  month: "month",
  weekday: "weekday",
};

/** Whether a match's target holds words that tilmash wrote. */
export const isRepaired = (match) => Boolean(match.repaired && (match.repairs || []).length);

/**
 * The target as the memory stores it: the unit's other side. A match is
 * repaired only when number adaptation did not touch it, so this is the
 * target before repair.
 */
export function storedTarget(match, targetLang) {
  const side = match.unit && match.unit[targetLang];
  return typeof side === "string" ? side : match.target;
}

/**
 * Where each repair's new words stand in the target, in characters, in
 * order and without overlaps. The API's `new_span` counts the target's
 * characters as the JSON shows them (an inline code as `{1}`), so it is
 * used as it is; should the words not stand there, the occurrence of them
 * nearest to it is taken instead of marking the wrong words.
 */
export function repairSpans(match) {
  const cs = chars(match.target);
  const spans = [];
  let after = 0;
  const sorted = [...(match.repairs || [])].sort((a, b) => a.target.new_span.start - b.target.new_span.start);
  for (const r of sorted) {
    const words = chars(r.target.new || "");
    if (!words.length) continue;
    const at = r.target.new_span.start;
    let start = -1;
    if (at >= after && slice(cs, at, at + words.length) === r.target.new) {
      start = at;
    } else {
      let best = Infinity;
      for (let i = after; i + words.length <= cs.length; i++) {
        if (slice(cs, i, i + words.length) === r.target.new && Math.abs(i - at) < best) {
          best = Math.abs(i - at);
          start = i;
        }
      }
    }
    if (start < 0) continue;
    spans.push({ start, end: start + words.length, repair: r });
    after = start + words.length;
  }
  return spans;
}

/** `person: Токаев → Назарбаев`, the words of a repair in its source. */
export function repairTitle(r) {
  const kind = KIND[r.kind] || r.kind;
  return `${kind}: ${r.source.old} → ${r.source.new} (memory: ${r.target.old} → ${r.target.new})`;
}

/**
 * The repaired target with the words repair wrote marked; each mark is
 * described by its line in the repair list (`ids[i]` for the i-th repair
 * of `match.repairs`).
 */
export function repairedNodes(match, ids) {
  const cs = chars(match.target);
  const out = [];
  let at = 0;
  for (const s of repairSpans(match)) {
    if (s.start > at) out.push(slice(cs, at, s.start));
    const i = match.repairs.indexOf(s.repair);
    out.push(h("mark", {
      class: "repaired",
      dataset: { repair: s.repair.kind },
      title: `repaired ${repairTitle(s.repair)}`,
      "aria-describedby": ids[i],
    }, slice(cs, s.start, s.end)));
    at = s.end;
  }
  if (at < cs.length) out.push(slice(cs, at, cs.length));
  return out;
}

/** The badge under the score: `complete` or `repaired`, in words. */
export function repairBadge(match) {
  if (!isRepaired(match)) return null;
  const complete = Boolean(match.complete);
  return h("span", {
    class: `repair-badge ${complete ? "complete" : "partial"}`,
    dataset: { repairState: complete ? "complete" : "repaired" },
    title: complete
      ? "repaired, complete: every difference from your text was written into the target"
      : "repaired: some differences are left as the memory has them (see below)",
  },
  h("span", { "aria-hidden": "true" }, complete ? "✓ " : "◐ "),
  complete ? "complete" : "repaired");
}

/**
 * The target of a match: for a repaired one, the repaired and the stored
 * target in one cell, the repaired shown (`data-shown` on the match says
 * which).
 */
export function targetNode(match, targetLang, ids) {
  if (!isRepaired(match)) {
    return h("div", { class: "target", lang: targetLang }, match.target);
  }
  return h("div", { class: "target repairable", lang: targetLang },
    h("span", { class: "target-repaired", dataset: { target: "repaired" } }, repairedNodes(match, ids)),
    h("span", { class: "target-stored", dataset: { target: "stored" }, "aria-hidden": "true" }, storedTarget(match, targetLang)));
}

/**
 * The lines under a repaired match's target: each repair, each difference
 * left as stored with its reason, and the toggle to the stored target.
 * `null` when there is nothing to say.
 */
export function repairDetails(match, sourceLang, targetLang, ids, toggleId) {
  const repairs = match.repairs || [];
  const left = match.unrepaired || [];
  if (!repairs.length && !left.length) return null;
  const repaired = isRepaired(match);
  return h("div", { class: "repair-details" },
    repaired && h("button", {
      type: "button",
      class: "show-stored",
      id: toggleId,
      "aria-pressed": "false",
      title: "Show the target as the memory stores it (taking a match takes the target shown)",
    }, "Stored target"),
    h("ul", { class: "repairs", "aria-label": "Repairs" },
      repairs.map((r, i) => h("li", { class: "repair", id: ids[i], dataset: { repair: r.kind } },
        h("span", { class: "repair-kind" }, KIND[r.kind] || r.kind),
        " ",
        h("span", { lang: sourceLang }, r.source.old),
        h("span", { class: "arrow" }, " → "),
        h("span", { lang: sourceLang }, r.source.new),
        h("span", { class: "muted" }, " · target "),
        h("del", { class: "repair-old", lang: targetLang }, r.target.old),
        h("span", { class: "arrow" }, " → "),
        h("mark", { class: "repaired", lang: targetLang }, r.target.new))),
      left.map((u) => h("li", { class: "unrepaired", dataset: { repair: u.kind } },
        h("span", { class: "icon", "aria-hidden": "true" }, "⚠ "),
        h("span", { class: "repair-kind" }, `not repaired (${KIND[u.kind] || u.kind})`),
        " ",
        h("span", { lang: sourceLang }, [u.source.old, u.source.new].filter(Boolean).join(" → ")),
        h("span", { class: "muted" }, `: ${u.reason}`)))),
  );
}

/** Shows the stored (`stored` true) or the repaired target of a match element. */
export function showStored(matchEl, stored) {
  matchEl.dataset.shown = stored ? "stored" : "repaired";
  const toggle = matchEl.querySelector("button.show-stored");
  if (toggle) toggle.setAttribute("aria-pressed", String(stored));
  for (const el of matchEl.querySelectorAll(".repairable > [data-target]")) {
    const hidden = el.dataset.target !== matchEl.dataset.shown;
    if (hidden) el.setAttribute("aria-hidden", "true");
    else el.removeAttribute("aria-hidden");
  }
}

/** The target a match element shows: what taking the match puts in the draft. */
export function shownTarget(match, matchEl, targetLang) {
  return matchEl && matchEl.dataset.shown === "stored" ? storedTarget(match, targetLang) : match.target;
}
