// The concordance side panel: a phrase looked up in the memory's sources
// (GET /api/concordance), shown as keyword-in-context lines with their
// translations, without leaving the article.

import * as api from "./api.js";
import { h, say } from "./dom.js";

const $ = (id) => document.getElementById(id);

/** `ru` when the text has Cyrillic letters, else `en`. */
export const langOf = (text) => (/[\u0400-\u04FF]/.test(text) ? "ru" : "en");

function hitItem(hit) {
  const u = hit.unit || {};
  const meta = [u.article, u.date, u.origin].filter(Boolean).join(" · ");
  return h("li", { class: "conc-hit" },
    h("div", { class: "kwic", lang: hit.lang },
      h("span", { class: "left" }, hit.kwic.left),
      h("strong", { class: "hit" }, hit.kwic.hit),
      h("span", { class: "right" }, hit.kwic.right)),
    h("div", { class: "translation", lang: hit.lang === "ru" ? "en" : "ru" }, hit.translation),
    meta && h("div", { class: "meta muted" }, meta));
}

/** Looks `phrase` up and shows the hits in the side panel. */
export async function lookUp(phrase) {
  const q = phrase.trim().replace(/\s+/g, " ");
  const results = $("concordance-results");
  $("concordance-q").value = q;
  if (!q) {
    $("concordance-q").focus();
    return;
  }
  results.setAttribute("aria-busy", "true");
  try {
    const doc = await api.concordance(q, langOf(q));
    const total = doc.total ?? doc.candidates;
    results.replaceChildren(
      h("p", { class: "muted", id: "concordance-summary" },
        doc.shown ? `${doc.shown} of ${total} units with «${doc.phrase}»` : `«${doc.phrase}» is not in the memory`),
      h("ol", { class: "conc-list" }, (doc.hits || []).map(hitItem)));
  } catch (e) {
    results.replaceChildren();
    say(e.describe ? e.describe() : String(e), "error");
  } finally {
    results.removeAttribute("aria-busy");
  }
}

/** The text selected on the page: in a text field, or in the document. */
export function selectedText() {
  const el = document.activeElement;
  if (el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text"))) {
    const s = el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0);
    if (s.trim()) return s;
  }
  return String(window.getSelection() || "");
}

export function init() {
  const button = $("concordance-selection");
  // keep the focus (and with it a draft's selection) where it is
  button.addEventListener("mousedown", (e) => e.preventDefault());
  button.addEventListener("click", () => lookUp(selectedText()));
  $("concordance-form").addEventListener("submit", (e) => {
    e.preventDefault();
    lookUp($("concordance-q").value);
  });
}
