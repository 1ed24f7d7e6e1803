// The editors' view: find glossary entries (by any form, through the
// server's term recognition, and by substring over the list), add an entry,
// edit an entry's status and validity dates, and see the lint findings.

import * as api from "./api.js";
import { h, say, today } from "./dom.js";

const $ = (id) => document.getElementById(id);
const STATUSES = ["preferred", "admitted", "deprecated", "forbidden"];

/** The array inside an answer that is an array or wraps one. */
const items = (doc, ...keys) => {
  if (Array.isArray(doc)) return doc;
  for (const k of keys) if (doc && Array.isArray(doc[k])) return doc[k];
  return [];
};

let rows = null; // the whole glossary (GET /api/glossary), loaded on first use

async function allRows(reload = false) {
  if (!rows || reload) {
    rows = items(await api.glossaryList(), "entries", "rows");
    offerFiles(rows);
  }
  return rows;
}

/** The glossary's files as the choices of the add form's file field. */
function offerFiles(list) {
  const select = $("g-file");
  const have = new Set([...select.options].map((o) => o.value));
  for (const file of [...new Set(list.map((r) => r.file))].sort()) {
    if (!have.has(file)) select.append(h("option", { value: file }, file));
  }
}

const describe = (e) => (e && e.describe ? e.describe() : String(e));
const fold = (s) => String(s ?? "").toLowerCase().replace(/ё/g, "е");

function validity(row) {
  if (!row.valid_from && !row.valid_to) return "always";
  if (!row.valid_to) return `from ${row.valid_from}`;
  if (!row.valid_from) return `until ${row.valid_to}`;
  return `${row.valid_from} – ${row.valid_to}`;
}

function statusCell(status) {
  const icon = { preferred: "★", admitted: "✓", deprecated: "▼", forbidden: "⊘" }[status] ?? "";
  return h("span", { class: `status-chip status-${status}` }, h("span", { "aria-hidden": "true" }, icon), ` ${status}`);
}

function rowView(row, rerender) {
  const at = `${row.file}:${row.line}`;
  const tr = h("tr", { dataset: { at } },
    h("td", { class: "mono" }, at),
    h("td", { class: "mono" }, row.concept),
    h("td", { lang: "ru" }, row.ru, variants(row.ru_variants)),
    h("td", { lang: "en" }, row.en, variants(row.en_variants)),
    h("td", {}, statusCell(row.status)),
    h("td", { class: "nowrap" }, validity(row)),
    h("td", { class: "note" }, row.note),
    h("td", {}, h("button", { type: "button", class: "edit", "aria-label": `Edit ${at}`, onclick: () => tr.replaceWith(rowEditor(row, rerender)) }, "Edit")));
  return tr;
}

const variants = (v) => (v && v.length ? h("div", { class: "muted small" }, v.join(" | ")) : null);

function rowEditor(row, rerender) {
  const at = `${row.file}:${row.line}`;
  const status = h("select", { "aria-label": `Status of ${at}` },
    STATUSES.map((s) => h("option", { value: s, selected: s === row.status }, s)));
  const from = h("input", { type: "date", value: row.valid_from || "", "aria-label": `Valid from, ${at}` });
  const to = h("input", { type: "date", value: row.valid_to || "", "aria-label": `Valid until, ${at}` });
  const note = h("input", { type: "text", value: row.note || "", "aria-label": `Note of ${at}` });
  const save = async () => {
    const set = {};
    if (status.value !== row.status) set.status = status.value;
    if (from.value !== (row.valid_from || "")) set.valid_from = from.value;
    if (to.value !== (row.valid_to || "")) set.valid_to = to.value;
    if (note.value !== (row.note || "")) set.note = note.value;
    if (!Object.keys(set).length) return rerender();
    try {
      await api.glossaryEdit(row.file, row.line, set);
      say(`Saved ${at}: ${Object.entries(set).map(([k, v]) => `${k} = ${v || "(empty)"}`).join(", ")}`, "ok");
      await allRows(true);
      rerender();
    } catch (e) {
      say(describe(e), "error");
    }
  };
  const tr = h("tr", { class: "editing", dataset: { at } },
    h("td", { class: "mono" }, at),
    h("td", { class: "mono" }, row.concept),
    h("td", { lang: "ru" }, row.ru),
    h("td", { lang: "en" }, row.en),
    h("td", {}, status),
    h("td", { class: "dates" }, from, h("span", { "aria-hidden": "true" }, " – "), to),
    h("td", {}, note),
    h("td", {},
      h("button", { type: "button", class: "primary save", onclick: save }, "Save"),
      h("button", { type: "button", class: "ghost", onclick: () => rerender() }, "Cancel")));
  tr.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); save(); }
    if (e.key === "Escape") { e.preventDefault(); rerender(); }
  });
  queueMicrotask(() => status.focus());
  return tr;
}

function table(found, rerender) {
  return h("table", { class: "grid", id: "glossary-table" },
    h("thead", {}, h("tr", {}, ["Where", "Concept", "Russian", "English", "Status", "Valid", "Note", ""].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, found.map((r) => rowView(r, rerender))));
}

function hitLine(hit) {
  const t = (hit.targets || [])[0];
  const flags = (hit.flags || []).map((f) => h("span", { class: `flag flag-${f.rule}`, title: f.message }, `⚠ ${f.rule}`));
  return h("li", {}, h("strong", {}, hit.text), " → ", t ? t.term : h("em", {}, "no target on the date"),
    " ", h("span", { class: "muted" }, `${hit.concept}, ${hit.entry.file}:${hit.entry.line}`), " ", flags);
}

async function find() {
  const text = $("glossary-find").value.trim();
  const date = $("glossary-date").value || today();
  const out = $("glossary-results");
  if (!text) return;
  try {
    const [hits, list] = await Promise.all([api.glossaryFind(text, date).then((d) => items(d, "hits", "terms")), allRows()]);
    const concepts = new Set(hits.map((x) => x.concept));
    const needle = fold(text);
    const found = list.filter((r) => concepts.has(r.concept)
      || [r.concept, r.ru, r.en, ...(r.ru_variants || []), ...(r.en_variants || [])].some((s) => fold(s).includes(needle)));
    const render = () => find();
    out.replaceChildren(
      hits.length ? h("ul", { class: "hits", "aria-label": "Terms recognized in the text" }, hits.map(hitLine)) : null,
      found.length ? table(found, render) : h("p", { class: "muted", id: "glossary-none" }, `No entry for «${text}».`));
  } catch (e) {
    say(describe(e), "error");
  }
}

async function add(form) {
  const data = Object.fromEntries(new FormData(form));
  const entry = {};
  for (const [k, v] of Object.entries(data)) if (String(v).trim()) entry[k] = String(v).trim();
  try {
    const added = await api.glossaryAdd(entry);
    const at = added && added.file ? ` at ${added.file}:${added.line}` : "";
    say(`Added ${entry.ru} → ${entry.en}${at}`, "ok");
    rows = null;
    form.reset();
    $("glossary-find").value = entry.ru;
    await find();
  } catch (e) {
    say(describe(e), "error");
    const field = e.field && form.elements.namedItem(e.field);
    if (field) field.focus();
  }
}

async function lint() {
  const out = $("glossary-lint-results");
  try {
    const findings = items(await api.glossaryLint(), "findings");
    out.replaceChildren(findings.length
      ? h("table", { class: "grid", id: "lint-table" },
        h("thead", {}, h("tr", {}, ["Where", "Rule", "Message", "Other row"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, findings.map((f) => h("tr", {},
          h("td", { class: "mono" }, `${f.file}:${f.line}`),
          h("td", {}, h("span", { class: "flag" }, `⚠ ${f.rule}`)),
          h("td", {}, f.message),
          h("td", { class: "mono" }, f.other ? `${f.other.file}:${f.other.line}` : "")))))
      : h("p", { class: "ok" }, "✓ No findings."));
    say(`Lint: ${findings.length} finding${findings.length === 1 ? "" : "s"}`, findings.length ? "info" : "ok");
  } catch (e) {
    say(describe(e), "error");
  }
}

/** The view is shown: load the list once (for the file choices and the finds). */
export function show() {
  if (!rows) allRows().catch((e) => say(describe(e), "error"));
}

export function init() {
  $("glossary-date").value = today();
  $("glossary-find-form").addEventListener("submit", (e) => { e.preventDefault(); find(); });
  $("glossary-add-form").addEventListener("submit", (e) => { e.preventDefault(); add(e.currentTarget); });
  $("glossary-lint").addEventListener("click", lint);
}
