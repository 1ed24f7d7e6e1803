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
import { segmentElement } from "./segment.js";
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
  for (const data of doc.segments || []) {
    const n = data.segment;
    const el = segmentElement(data, {
      take: (index) => take(n, index),
      toggleStored: (index) => toggleStored(n, index),
      insert: (text) => insert(n, text),
    });
    const seg = { data, el, draft: el.querySelector("textarea.draft"), confirmed: false };
    const saved = work.segments[n];
    if (saved && saved.source === data.text) {
      seg.draft.value = saved.draft || "";
      seg.confirmed = Boolean(saved.confirmed);
    }
    showState(seg);
    segs.push(seg);
    fragment.append(el);
  }
  article = { text: req.text, req, segs, byNumber: new Map(segs.map((s) => [s.data.segment, s])) };
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

function showState(seg) {
  const drafted = seg.draft.value.trim() !== "";
  seg.el.classList.toggle("confirmed", seg.confirmed);
  seg.el.classList.toggle("drafted", drafted && !seg.confirmed);
  seg.el.dataset.state = seg.confirmed ? "confirmed" : drafted ? "draft" : "new";
  seg.el.querySelector(".seg-state").textContent = seg.confirmed ? "✓ Confirmed" : drafted ? "✎ Draft" : "";
}

function progress() {
  if (!article) return;
  const total = article.segs.length;
  const confirmed = article.segs.filter((s) => s.confirmed).length;
  const drafted = article.segs.filter((s) => !s.confirmed && s.draft.value.trim()).length;
  $("progress").textContent = `${confirmed} / ${total} confirmed · ${drafted} draft${drafted === 1 ? "" : "s"}`;
  $("progress-bar").max = Math.max(total, 1);
  $("progress-bar").value = confirmed;
}

function save() {
  saveTimer = 0;
  if (!article) return;
  const segments = {};
  for (const s of article.segs) {
    if (s.draft.value || s.confirmed) {
      segments[s.data.segment] = { source: s.data.text, draft: s.draft.value, confirmed: s.confirmed };
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
  seg.confirmed = false;
  showState(seg);
  progress();
  saveSoon();
}

/** Takes the match at `index` of the API's list into the segment's draft. */
function take(n, index) {
  const seg = article && article.byNumber.get(n);
  const match = seg && seg.data.matches && seg.data.matches[index];
  if (!match) return;
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
  const d = seg.draft;
  d.focus();
  d.setRangeText(text, d.selectionStart, d.selectionEnd, "end");
  edited(seg);
}

function confirm(seg) {
  if (!seg.draft.value.trim()) {
    say(`Segment ${seg.data.segment} has no translation to confirm.`, "error");
    return;
  }
  seg.confirmed = true;
  showState(seg);
  progress();
  clearTimeout(saveTimer);
  save();
  const next = article.segs[article.segs.indexOf(seg) + 1];
  if (next) focusDraft(next, true);
  else if (article.segs.every((s) => s.confirmed)) say("Every segment is confirmed: export or add to memory.", "ok");
}

function move(seg, step) {
  const i = seg ? article.segs.indexOf(seg) + step : 0;
  const next = article.segs[Math.max(0, Math.min(article.segs.length - 1, i))];
  if (next) focusDraft(next, true);
}

// ---- what leaves the page ----------------------------------------------------

function rows() {
  return article.segs.map((s) => ({
    segment: s.data.segment,
    paragraph: s.data.paragraph,
    lang: s.data.lang,
    source: s.data.text,
    draft: s.draft.value,
    confirmed: s.confirmed,
  }));
}

const baseName = () => ($("article-id").value.trim() || "article").replace(/[^\p{L}\p{N}._-]+/gu, "-");

async function exportXliff() {
  if (!article) return;
  flush();
  const targets = rows()
    .filter((r) => r.draft.trim())
    .map((r) => ({ segment: r.segment, target: r.draft.trim(), confirmed: r.confirmed }));
  try {
    const { text, from, date, min_score } = article.req;
    const name = baseName();
    const response = await api.pretranslate({ text, name: `${name}.txt`, format: "xliff", from, date, min_score, targets });
    download(`${name}.xlf`, await response.blob());
    say(`Exported XLIFF 2.0 with ${targets.length} of your translations.`, "ok");
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
  if (e.ctrlKey && !e.altKey && !e.shiftKey && /^Digit[1-9]$/.test(e.code) && article) {
    const target = seg || article.segs.find((s) => s.el.classList.contains("active"));
    if (target) { e.preventDefault(); takeRank(target.data.segment, Number(e.code.slice(5))); }
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
    seg.draft.value = seg.data.text;
    edited(seg);
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
  let active = null;
  segments.addEventListener("focusin", (e) => {
    const seg = segOf(e.target);
    if (!seg || seg === active) return;
    if (active) active.el.classList.remove("active");
    seg.el.classList.add("active");
    active = seg;
  });
  $("article-id").addEventListener("change", saveSoon);
  $("export-xliff").addEventListener("click", exportXliff);
  $("export-tsv").addEventListener("click", exportTsv);
  $("export-text").addEventListener("click", exportText);
  $("add-to-memory").addEventListener("click", addToMemory);
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
