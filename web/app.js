// tilmash translator's page: the article, its segments and the keyboard.
// One POST /api/suggest for the whole article renders every segment once;
// typing in a draft touches only that segment and saves it (debounced) to
// localStorage, so a reload brings the work back.

import * as api from "./api.js";
import * as concordance from "./concordance.js";
import * as glossary from "./glossary.js";
import { download, h, say, today } from "./dom.js";
import { defaultArticleId, memoryJsonl, targetText, tsv } from "./export.js";
import { showStored, shownTarget } from "./repair.js";
import { paragraphOffers, runName, segmentElement } from "./segment.js";
import { canonical, loadLast, loadWork, saveLast, saveWork } from "./store.js";

const $ = (id) => document.getElementById(id);
const describe = (e) => (e && e.describe ? e.describe() : String(e));

/** Shows an error; a server that does not answer shows in the top bar too. */
function failed(e) {
  say(describe(e), "error");
  if (e && e.status === 0) showMemory();
}

/** The article being translated: what was asked and its segments. */
let article = null;
let saveTimer = 0;

/**
 * Matches asked for per segment: more than the three the page numbers, so
 * that when several units give the same draft and fold into one row, the
 * next distinct drafts are still there to take.
 */
const ASKED = 10;

// ---- the article and its suggestions ---------------------------------------

function request() {
  const text = canonical($("source").value);
  const minScore = Number($("min-score").value || 60);
  return {
    text,
    from: $("from").value || undefined,
    date: $("date").value || today(),
    min_score: minScore,
    limit: ASKED,
    glossary: true,
  };
}

async function suggest() {
  const req = request();
  if (!req.text) {
    say("Paste or open an article first.", "error");
    $("source").focus();
    return;
  }
  flush();
  const button = $("suggest");
  button.disabled = true;
  $("segments").setAttribute("aria-busy", "true");
  say("Asking the memory…");
  const started = performance.now();
  try {
    const doc = await api.suggest(req);
    render(req, doc);
    // The caret in the first segment still to confirm, as a CAT tool opens
    // a document: the keyboard goes on from there.
    const first = article.segs.find((s) => !isConfirmed(s) && !s.coveredBy);
    if (first) focusDraft(first, true);
    saveLast({ text: req.text, from: req.from || "", date: req.date, minScore: req.min_score });
    const ms = Math.round(performance.now() - started);
    const found = article.segs.filter((s) => s.data.matches && s.data.matches.length).length;
    const n = article.segs.length;
    say(`${n} segment${n === 1 ? "" : "s"}, ${found} with matches (${ms} ms).`, "ok");
    if ($("memory-info").dataset.unreachable) showMemory();
  } catch (e) {
    failed(e);
  } finally {
    button.disabled = false;
    $("segments").removeAttribute("aria-busy");
  }
}

function render(req, doc) {
  const work = loadWork(req.text);
  const segs = [];
  const fragment = document.createDocumentFragment();
  const offers = paragraphOffers(doc.segments || []);
  for (const data of doc.segments || []) {
    const n = data.segment;
    const el = segmentElement(data, {
      take: (index) => take(n, index),
      toggleStored: (index) => toggleStored(n, index),
      takeParagraph: (index, from) => takeParagraph(from, index, n),
      toggleParaStored: (index, from) => toggleParaStored(n, index, from),
      split: () => split(n),
      insert: (text) => insert(n, text),
    }, offers.get(n));
    const seg = { data, el, draft: el.querySelector("textarea.draft"), confirmed: false, run: null, coveredBy: null };
    const saved = work.segments[n];
    if (saved && saved.source === data.text) {
      seg.draft.value = saved.draft || "";
      seg.confirmed = Boolean(saved.confirmed);
    }
    segs.push(seg);
    fragment.append(el);
  }
  article = { text: req.text, req, segs, byNumber: new Map(segs.map((s) => [s.data.segment, s])) };
  restoreRuns(work);
  for (const seg of segs) showState(seg);
  const lang = segs.length ? segs[0].data.lang : "";
  const names = { ru: "Russian", en: "English" };
  const head = h("div", { class: "seg-columns", "aria-hidden": "true" },
    h("span", {}, "#"),
    h("span", {}, `Source${names[lang] ? ` — ${names[lang]}` : ""}`),
    h("span", {}, `Translation${names[lang] ? ` — ${names[lang === "ru" ? "en" : "ru"]}` : ""}`));
  $("segments").replaceChildren(head, fragment);
  $("article-id").value = work.article || defaultArticleId(req.text, req.date);
  $("work").hidden = false;
  $("source").rows = 3;
  progress();
}

// ---- segment state ------------------------------------------------------------

/**
 * A segment's state. A segment covered by a paragraph match taken in an
 * earlier one (`coveredBy`, the run's first segment) has no draft of its
 * own: its translation is in the first segment's, and it is confirmed with
 * it; its draft is read-only until the translator splits the run.
 */
function showState(seg) {
  const head = seg.coveredBy;
  const confirmed = head ? head.confirmed : seg.confirmed;
  const drafted = !confirmed && (head !== null || seg.draft.value.trim() !== "");
  seg.el.classList.toggle("confirmed", confirmed);
  seg.el.classList.toggle("drafted", drafted);
  seg.el.classList.toggle("covered", head !== null);
  seg.el.dataset.state = head ? "covered" : seg.confirmed ? "confirmed" : drafted ? "draft" : "new";
  const run = head ? head.run : seg.run;
  const first = head || seg;
  if (run) seg.el.dataset.run = runName(first.data.segment, run.count);
  else delete seg.el.dataset.run;
  if (head) seg.el.dataset.coveredBy = head.data.segment;
  else delete seg.el.dataset.coveredBy;
  seg.draft.readOnly = head !== null;
  seg.draft.placeholder = head
    ? `Translated in segment ${head.data.segment} (paragraph match of segments ${seg.el.dataset.run})`
    : seg.data.matches && seg.data.matches.length ? "Ctrl+1 takes the best match" : "No match: translate";
  seg.el.querySelector(".seg-state").textContent = head
    ? `↑ In segment ${head.data.segment}${confirmed ? " · ✓ Confirmed" : ""}`
    : seg.confirmed ? "✓ Confirmed" : drafted ? "✎ Draft" : "";
  const cover = seg.el.querySelector(".seg-cover");
  cover.hidden = !run;
  if (run) {
    cover.querySelector(".cover-text").textContent = head
      ? `Covered by the paragraph match taken in segment ${head.data.segment}: its translation holds segments ${seg.el.dataset.run}.`
      : `Paragraph match taken: this translation holds segments ${seg.el.dataset.run}.`;
  }
  if (seg.run) for (const covered of runSegs(seg).slice(1)) showState(covered);
}

/** The segments of the run `head` took a paragraph match for, `head` first. */
function runSegs(head) {
  const at = article.segs.indexOf(head);
  return head.run ? article.segs.slice(at, at + head.run.count) : [head];
}

/** Whether a segment counts as confirmed: its own, or its run's first. */
const isConfirmed = (s) => (s.coveredBy ? s.coveredBy.confirmed : s.confirmed);

function progress() {
  if (!article) return;
  const total = article.segs.length;
  const confirmed = article.segs.filter(isConfirmed).length;
  const drafted = article.segs.filter((s) => !isConfirmed(s) && (s.coveredBy || s.draft.value.trim())).length;
  $("progress").textContent = `${confirmed} / ${total} confirmed · ${drafted} draft${drafted === 1 ? "" : "s"}`;
  $("progress-bar").max = Math.max(total, 1);
  $("progress-bar").value = confirmed;
}

function save() {
  saveTimer = 0;
  if (!article) return;
  const segments = {};
  for (const s of article.segs) {
    if (s.draft.value || s.confirmed || s.run || s.coveredBy) {
      segments[s.data.segment] = { source: s.data.text, draft: s.draft.value, confirmed: s.confirmed };
      if (s.run) segments[s.data.segment].run = { count: s.run.count, unit: s.run.unit };
      if (s.coveredBy) segments[s.data.segment].coveredBy = s.coveredBy.data.segment;
    }
  }
  if (!saveWork(article.text, { segments, article: $("article-id").value })) {
    say("This browser refused to store the drafts (storage full or disabled): export them now.", "error");
  }
}

function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(save, 300);
}

function flush() {
  if (saveTimer) {
    clearTimeout(saveTimer);
    save();
  }
}

const segOf = (el) => {
  const host = el && el.closest && el.closest("[data-segment]");
  return host && article ? article.byNumber.get(Number(host.dataset.segment)) : null;
};

function focusDraft(seg, caretAtEnd = false) {
  seg.draft.focus();
  if (caretAtEnd) seg.draft.setSelectionRange(seg.draft.value.length, seg.draft.value.length);
  seg.el.scrollIntoView({ block: "nearest" });
}

function edited(seg) {
  // Emptying the draft that holds a paragraph match gives the other
  // segments of its run back their own drafts.
  if (seg.run && !seg.draft.value.trim()) release(seg, { head: false });
  seg.confirmed = false;
  showState(seg);
  progress();
  saveSoon();
}

// ---- paragraph matches -----------------------------------------------------------

/**
 * Takes the paragraph match at `index` of segment `n`, from the row of it
 * that segment `at` shows (`n` or a later segment of the run): the unit's
 * target (as that row shows it) goes into segment `n`'s draft, once; the
 * other segments of the run are covered by it (no draft of their own,
 * confirmed with it), as a CAT tool joins segments for a TM match
 * (memoQ's TM-driven segmentation). What the run's segments held before
 * is kept, so that splitting gives it back.
 */
function takeParagraph(n, index, at = n) {
  const head = article && article.byNumber.get(n);
  const p = head && head.data.paragraph_matches && head.data.paragraph_matches[index];
  if (!p) return;
  const row = paraEl(article.byNumber.get(at) || head, index, n);
  const first = article.segs.indexOf(head);
  const segs = article.segs.slice(first, first + p.segments);
  if (segs.length !== p.segments) return;
  // Runs that overlap this one are split first: a segment is in one run.
  for (const s of segs) {
    own(s);
    if (s.run) release(s, { head: true });
  }
  const before = segs.map((s) => ({ draft: s.draft.value, confirmed: s.confirmed }));
  head.draft.value = shownTarget(p, row, targetLang(head));
  head.confirmed = false;
  head.run = { count: p.segments, unit: p.unit?.id ?? null, before };
  for (const s of segs.slice(1)) {
    s.coveredBy = head;
    s.draft.value = "";
    s.confirmed = false;
  }
  showState(head);
  progress();
  saveSoon();
  focusDraft(head, true);
  if (at !== n) say(`Paragraph match taken into segment ${n}: its translation holds segments ${runName(n, p.segments)}.`, "ok");
}

/**
 * Undoes the paragraph match taken at `head`: the covered segments get
 * their drafts back as they were before, and so does `head` when
 * `opts.head` (otherwise it keeps what the translator made of it).
 */
function release(head, opts) {
  const run = head.run;
  if (!run) return;
  const segs = runSegs(head);
  head.run = null;
  segs.forEach((s, i) => {
    s.coveredBy = null;
    const was = run.before[i] || { draft: "", confirmed: false };
    if (i > 0 || opts.head) {
      s.draft.value = was.draft;
      s.confirmed = was.confirmed;
    }
    showState(s);
  });
  progress();
  saveSoon();
}

/** Before the translator writes into `seg`: a run covering it is split. */
function own(seg) {
  if (seg.coveredBy) release(seg.coveredBy, { head: true });
}

/** "Translate separately": splits the run segment `n` is in. */
function split(n) {
  const seg = article && article.byNumber.get(n);
  if (!seg) return;
  const head = seg.coveredBy || seg;
  release(head, { head: true });
  focusDraft(seg, true);
  say(`Segments are translated separately again; their drafts are as before the paragraph match.`, "ok");
}

/**
 * Ctrl+0: takes the first paragraph match the segment offers: its own,
 * else the best of a run that covers it from an earlier segment.
 */
function takeBestParagraph(seg) {
  const el = seg.el.querySelector(".para-match");
  if (!el) {
    say(`No paragraph match covers segment ${seg.data.segment}.`, "error");
    return;
  }
  takeParagraph(Number(el.dataset.from), Number(el.dataset.para), seg.data.segment);
}

/** The row of segment `from`'s paragraph match `index` that `seg` shows. */
const paraEl = (seg, index, from) => seg.el.querySelector(`.para-match[data-para="${index}"][data-from="${from}"]`);

function toggleParaStored(n, index, from) {
  const seg = article && article.byNumber.get(n);
  const el = seg && paraEl(seg, index, from);
  if (el) showStored(el, el.dataset.shown !== "stored");
}

/**
 * The index among `head`'s paragraph matches of the one over `count`
 * segments from `head` that unit `unit` (its id, or null) gives; -1 if
 * none is offered.
 */
function paragraphOver(head, count, unit) {
  return (head.data.paragraph_matches || []).findIndex((p) => p.segments === count && (p.unit?.id ?? null) === unit);
}

/** The runs of the saved work, where the paragraph match is still offered. */
function restoreRuns(work) {
  for (const head of article.segs) {
    const saved = work.segments[head.data.segment];
    const count = saved && saved.run && saved.run.count;
    if (!count || paragraphOver(head, count, saved.run.unit) < 0) continue;
    const segs = article.segs.slice(article.segs.indexOf(head), article.segs.indexOf(head) + count);
    if (segs.length !== count || segs.some((s) => s.run || s.coveredBy)) continue;
    head.run = { count, unit: saved.run.unit, before: segs.map(() => ({ draft: "", confirmed: false })) };
    for (const s of segs.slice(1)) {
      s.coveredBy = head;
      s.draft.value = "";
      s.confirmed = false;
    }
  }
}

// ---- matches ---------------------------------------------------------------------

/** Takes the match at `index` of the API's list into the segment's draft. */
function take(n, index) {
  const seg = article && article.byNumber.get(n);
  const match = seg && seg.data.matches && seg.data.matches[index];
  if (!match) return;
  // Taking a sentence's own match in a run splits the run.
  own(seg);
  if (seg.run) release(seg, { head: true });
  // What the match shows: the repaired target, or the stored one when the
  // translator switched to it.
  seg.draft.value = shownTarget(match, matchEl(seg, index), targetLang(seg));
  edited(seg);
  focusDraft(seg, true);
}

/** Ctrl+N: takes the N-th row of the segment (one per distinct draft). */
function takeRank(n, rank) {
  const seg = article && article.byNumber.get(n);
  const el = seg && seg.el.querySelector(`.match[data-rank="${rank}"]`);
  if (!el) {
    say(`Segment ${n} has no match ${rank}.`, "error");
    return;
  }
  take(n, Number(el.dataset.match));
}

const targetLang = (seg) => (seg.data.lang === "ru" ? "en" : "ru");
const matchEl = (seg, index) => seg.el.querySelector(`.match[data-match="${index}"]`);

/** Shows a repaired match's target as stored, or repaired again. */
function toggleStored(n, index) {
  const seg = article && article.byNumber.get(n);
  const el = seg && matchEl(seg, index);
  if (!el) return;
  showStored(el, el.dataset.shown !== "stored");
}

/** Inserts a glossary target at the caret of the draft. */
function insert(n, text) {
  const seg = article.byNumber.get(n);
  own(seg);
  const d = seg.draft;
  d.focus();
  d.setRangeText(text, d.selectionStart, d.selectionEnd, "end");
  edited(seg);
}

/**
 * Alt+N: inserts the segment's N-th glossary target at the draft's caret,
 * without leaving the draft (memoQ numbers term hits among its results and
 * inserts them with a key; OmegaT offers them in the editor's completer).
 */
function insertTerm(seg, n) {
  const chip = seg.el.querySelector(`button.term-target[data-insert="${n}"]`);
  if (!chip) {
    say(`Segment ${seg.data.segment} has no glossary target ${n}.`, "error");
    return;
  }
  chip.click();
}

function confirm(seg) {
  // A covered segment is confirmed with its run's first segment.
  if (seg.coveredBy) {
    confirm(seg.coveredBy);
    return;
  }
  if (!seg.draft.value.trim()) {
    say(`Segment ${seg.data.segment} has no translation to confirm.`, "error");
    return;
  }
  seg.confirmed = true;
  showState(seg);
  progress();
  clearTimeout(saveTimer);
  save();
  // On to the next segment not confirmed, from the start again after the
  // last (memoQ's Ctrl+Enter, "confirm and go to the next unconfirmed").
  const after = article.segs.indexOf(seg) + (seg.run ? seg.run.count : 1);
  const open = (s) => !isConfirmed(s) && !s.coveredBy;
  const next = article.segs.slice(after).find(open) || article.segs.slice(0, after).find(open);
  if (next) focusDraft(next, true);
  else say("Every segment is confirmed: export or add to memory.", "ok");
}

function move(seg, step) {
  const i = seg ? article.segs.indexOf(seg) + step : 0;
  const next = article.segs[Math.max(0, Math.min(article.segs.length - 1, i))];
  if (next) focusDraft(next, true);
}

// ---- pre-translation -----------------------------------------------------------

/**
 * Fills every empty draft with the draft `pretranslate` makes for it (its
 * best match at the server's pretranslation threshold, repaired), as
 * memoQ's pre-translate does without overwriting: a draft the translator
 * wrote or confirmed, or a segment covered by a run, is left alone. With
 * "Join paragraphs" (off by default, as `--join-paragraphs` in the CLI)
 * the server takes a paragraph match over a run of segments where it
 * beats their own matches, and the page takes that run as a click on it
 * would (undone the same ways).
 */
async function pretranslateAll() {
  if (!article) return;
  const button = $("pretranslate");
  button.disabled = true;
  try {
    const { text, from, date } = article.req;
    const join = $("join-paragraphs").checked;
    const response = await api.pretranslate({ text, format: "json", from, date, join_paragraphs: join });
    const draft = await response.json();
    let filled = 0;
    let runs = 0;
    for (const d of draft.segments || []) {
      if (!d.target) continue;
      const count = d.segments || 1;
      const segs = article.segs.slice(d.id - 1, d.id - 1 + count);
      if (segs.length !== count || segs.some((s) => s.coveredBy || s.run || s.confirmed || s.draft.value.trim())) continue;
      const [head] = segs;
      if (count > 1) {
        const unit = d.matches && d.matches[0] && d.matches[0].unit && d.matches[0].unit.id;
        const index = paragraphOver(head, count, unit);
        if (index < 0) continue;
        takeParagraph(head.data.segment, index);
        runs += 1;
        filled += count;
      } else {
        head.draft.value = d.target;
        edited(head);
        filled += 1;
      }
    }
    const first = article.segs.find((s) => !isConfirmed(s));
    if (first) focusDraft(first.coveredBy || first, true);
    const joined = runs ? ` (${runs} paragraph match${runs === 1 ? "" : "es"} over several segments)` : "";
    say(filled
      ? `Pre-translated ${filled} segment${filled === 1 ? "" : "s"}${joined}; your own drafts were kept. Review and confirm each (Ctrl+Enter).`
      : "Nothing to pre-translate: every segment with a match of 75 or more already has a draft.", "ok");
  } catch (e) {
    failed(e);
  } finally {
    button.disabled = false;
  }
}

// ---- what leaves the page ----------------------------------------------------

/**
 * The article's rows for the exports built here: one per segment, except
 * that a run a paragraph match was taken for is one row (`segments` names
 * the run), its sources joined by a space and the unit's target once, as
 * a CAT tool writes segments joined for a TM match.
 */
function rows() {
  return article.segs.filter((s) => !s.coveredBy).map((s) => {
    const segs = runSegs(s);
    return {
      segment: s.data.segment,
      segments: s.run ? runName(s.data.segment, s.run.count) : String(s.data.segment),
      paragraph: s.data.paragraph,
      lang: s.data.lang,
      source: segs.map((x) => x.data.text).join(" "),
      draft: s.draft.value,
      confirmed: s.confirmed,
    };
  });
}

const baseName = () => ($("article-id").value.trim() || "article").replace(/[^\p{L}\p{N}._-]+/gu, "-");

async function exportXliff() {
  if (!article) return;
  flush();
  // One unit per segment in XLIFF: a run's first segment holds the
  // paragraph match's target and says how many segments it translates;
  // the server writes the run as merged (the others an empty target in
  // its state, nothing drafted there) so that the target is written once.
  const targets = article.segs
    .filter((s) => !s.coveredBy && s.draft.value.trim())
    .map((s) => ({ segment: s.data.segment, target: s.draft.value.trim(), confirmed: isConfirmed(s), segments: s.run ? s.run.count : 1 }));
  try {
    const { text, from, date, min_score } = article.req;
    const name = baseName();
    const response = await api.pretranslate({ text, name: `${name}.txt`, format: "xliff", from, date, min_score, targets });
    download(`${name}.xlf`, await response.blob());
    say(`Exported XLIFF 2.0 with ${targets.filter((t) => t.target).length} of your translations.`, "ok");
  } catch (e) {
    failed(e);
  }
}

function exportTsv() {
  if (!article) return;
  download(`${baseName()}.tsv`, tsv(rows()), "text/tab-separated-values;charset=utf-8");
}

function exportText() {
  if (!article) return;
  download(`${baseName()}.txt`, targetText(rows()));
}

async function addToMemory() {
  if (!article) return;
  flush();
  const id = $("article-id").value.trim();
  if (!id) {
    say("Give the article an id first.", "error");
    $("article-id").focus();
    return;
  }
  const lines = memoryJsonl(rows(), id, article.req.date);
  if (!lines) {
    say("Nothing to add: confirm segments first (Ctrl+Enter in a draft).", "error");
    return;
  }
  try {
    const s = await api.importJsonl(`${lines}\n`, "tilmash-page");
    const problems = (s.problems || []).map((p) => (p.line ? `line ${p.line}: ${p.message || p.reason}` : p.message || String(p)));
    say(`Memory: ${s.added} added, ${s.unchanged} unchanged, ${s.skipped} skipped${problems.length ? ` — ${problems.join("; ")}` : ""}.`,
      s.skipped ? "error" : "ok");
    showMemory();
  } catch (e) {
    failed(e);
  }
}

async function showMemory() {
  try {
    const h = await api.health();
    $("memory-info").textContent = `memory: ${Number(h.units).toLocaleString("en")} units`;
    delete $("memory-info").dataset.unreachable;
  } catch {
    $("memory-info").textContent = "⚠ server unreachable";
    $("memory-info").dataset.unreachable = "true";
  }
}

// ---- the access token (a server started with --token) ----------------------------

/** Asks for the token in a dialog; resolves to it, or null on Cancel or Esc. */
function askToken(wrong) {
  const dialog = $("token-dialog");
  const input = $("token-input");
  $("token-why").textContent = wrong
    ? "The server refused this token: enter the token of its token file."
    : "This server was started with --token: enter the token of its token file. The page keeps it for this tab only.";
  input.value = "";
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const given = dialog.returnValue === "ok" ? input.value.trim() : "";
      input.value = "";
      if (!given) say("No access token: the server refuses the page's requests.", "error");
      resolve(given || null);
    }, { once: true });
    dialog.showModal();
    input.focus();
  });
}

// ---- keyboard ---------------------------------------------------------------------

const typing = (el) => el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" || el.tagName === "SELECT" || el.isContentEditable);

function onKey(e) {
  const el = document.activeElement;
  const seg = segOf(el);
  if (e.ctrlKey && e.key === "Enter") {
    if (el === $("source")) { e.preventDefault(); suggest(); } else if (seg && el === seg.draft) { e.preventDefault(); confirm(seg); }
    return;
  }
  if (e.ctrlKey && !e.altKey && !e.shiftKey && e.code === "Digit0" && article) {
    const target = seg || article.segs.find((s) => s.el.classList.contains("active"));
    if (target) { e.preventDefault(); takeBestParagraph(target); }
    return;
  }
  if (e.ctrlKey && !e.altKey && !e.shiftKey && /^Digit[1-9]$/.test(e.code) && article) {
    const target = seg || article.segs.find((s) => s.el.classList.contains("active"));
    if (target) { e.preventDefault(); takeRank(target.data.segment, Number(e.code.slice(5))); }
    return;
  }
  if (e.altKey && !e.ctrlKey && !e.shiftKey && /^Digit[1-9]$/.test(e.code) && article) {
    const target = seg || article.segs.find((s) => s.el.classList.contains("active"));
    if (target) { e.preventDefault(); insertTerm(target, Number(e.code.slice(5))); }
    return;
  }
  if (e.altKey && (e.key === "ArrowDown" || e.key === "ArrowUp") && article) {
    e.preventDefault();
    move(seg || article.segs.find((s) => s.el.classList.contains("active")), e.key === "ArrowDown" ? 1 : -1);
    return;
  }
  if (e.ctrlKey && (e.key === "k" || e.key === "K") && !e.shiftKey) {
    e.preventDefault();
    showView("translate");
    concordance.lookUp(concordance.selectedText());
    return;
  }
  if (e.ctrlKey && e.shiftKey && e.code === "KeyS" && seg) {
    e.preventDefault();
    own(seg);
    if (seg.run) release(seg, { head: true });
    seg.draft.value = seg.data.text;
    edited(seg);
    return;
  }
  if (seg && seg.coveredBy && el === seg.draft && (e.key.length === 1 || e.key === "Backspace" || e.key === "Delete") && !e.ctrlKey && !e.altKey && !e.metaKey) {
    // Typing into a covered segment's read-only draft did nothing, silently.
    const head = seg.coveredBy.data.segment;
    say(`Segment ${seg.data.segment} is translated in segment ${head} (a paragraph match of segments ${seg.el.dataset.run}): edit it there (Alt+↑), or Translate separately (Ctrl+Shift+S copies this source) to write here.`, "error");
    return;
  }
  if (e.key === "?" && !typing(el) && !$("help").open) {
    e.preventDefault();
    $("help").showModal();
  }
}

// ---- views ---------------------------------------------------------------------------

function showView(name) {
  for (const v of ["translate", "glossary"]) {
    const tab = $(`tab-${v}`);
    const on = v === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`view-${v}`).hidden = !on;
  }
  if (name === "glossary") glossary.show();
}

function initTabs() {
  const tabs = [$("tab-translate"), $("tab-glossary")];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => showView(tab.id.slice(4)));
    tab.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
      const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      showView(next.id.slice(4));
      next.focus();
    });
  });
}

function init() {
  $("date").value = today();
  initTabs();
  concordance.init();
  glossary.init();
  $("article-form").addEventListener("submit", (e) => { e.preventDefault(); suggest(); });
  $("file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    $("source").value = await file.text();
    say(`Opened ${file.name}: Ctrl+Enter or Suggest.`);
    $("source").focus();
  });
  const segments = $("segments");
  segments.addEventListener("input", (e) => {
    const seg = segOf(e.target);
    if (seg && e.target === seg.draft) edited(seg);
  });
  // A press on a button of a segment keeps the focus where it is: were
  // the button to take it, a segment not yet active would become active
  // on the press, the active one above would fold its diffs, and the
  // button would move from under the pointer before the click (lost, or
  // landing on another segment's row). After the click, the segment the
  // button is in becomes the active one, unless its action moved the
  // focus itself (taking a match focuses the draft it filled).
  let pressedFrom = null;
  segments.addEventListener("mousedown", (e) => {
    if (e.button !== 0 || !e.target.closest("button") || !segOf(e.target)) return;
    e.preventDefault();
    pressedFrom = document.activeElement;
  });
  segments.addEventListener("click", (e) => {
    const seg = e.target.closest("button") && segOf(e.target);
    const moved = document.activeElement !== pressedFrom;
    pressedFrom = null;
    if (seg && !moved && !seg.el.contains(document.activeElement)) seg.draft.focus({ preventScroll: true });
  });
  let active = null;
  segments.addEventListener("focusin", (e) => {
    const seg = segOf(e.target);
    if (!seg || seg === active) return;
    if (active) active.el.classList.remove("active");
    seg.el.classList.add("active");
    active = seg;
  });
  // The toolbar sticks to the top and wraps on a narrow window: moving to
  // a segment stops below it however tall it is (style.css reads this).
  const toolbar = document.querySelector("#work .toolbar");
  new ResizeObserver(() => {
    if (toolbar.offsetHeight) document.documentElement.style.setProperty("--toolbar-height", `${toolbar.offsetHeight}px`);
  }).observe(toolbar);
  $("article-id").addEventListener("change", saveSoon);
  $("export-xliff").addEventListener("click", exportXliff);
  $("export-tsv").addEventListener("click", exportTsv);
  $("export-text").addEventListener("click", exportText);
  $("add-to-memory").addEventListener("click", addToMemory);
  $("pretranslate").addEventListener("click", pretranslateAll);
  $("help-open").addEventListener("click", () => $("help").showModal());
  api.onTokenNeeded(askToken);
  document.addEventListener("keydown", onKey);
  window.addEventListener("pagehide", flush);
  showMemory();
  const last = loadLast();
  if (last && last.text) {
    $("source").value = last.text;
    $("from").value = last.from || "";
    $("date").value = last.date || today();
    $("min-score").value = last.minScore || 60;
    suggest();
  }
}

init();
