// What leaves the page: TSV and plain target text built here, the JSON Lines
// "add to memory" sends, and the default article id.

/** One TSV field: tabs and line breaks would break the row. */
const field = (s) => String(s ?? "").replace(/[\t\r\n]+/g, " ");

/**
 * TSV of the article: one row per segment (`segment, source, target,
 * confirmed`), with a header line. `rows` are `{segment, source, lang,
 * draft, confirmed}`, and `segments` (`2–4`) for a row of several segments
 * joined for a paragraph match: its `segment` column names them.
 */
export function tsv(rows) {
  const lines = ["segment\tsource_lang\tsource\ttarget\tconfirmed"];
  for (const r of rows) {
    lines.push([r.segments ?? r.segment, r.lang, field(r.source), field(r.draft), r.confirmed ? "yes" : "no"].join("\t"));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The translation as plain text: drafts of one paragraph joined by a space,
 * paragraphs by a blank line; a segment without a draft keeps its source so
 * that nothing is silently dropped.
 */
export function targetText(rows) {
  const paragraphs = [];
  let current = null;
  let paragraph = null;
  for (const r of rows) {
    if (current === null || r.paragraph !== paragraph) {
      current = [];
      paragraphs.push(current);
      paragraph = r.paragraph;
    }
    current.push(r.draft.trim() || r.source);
  }
  return `${paragraphs.map((p) => p.join(" ")).join("\n\n")}\n`;
}

/** JSON Lines of the confirmed pairs, for `POST /api/import?format=jsonl`. */
export function memoryJsonl(rows, article, date) {
  return rows
    .filter((r) => r.confirmed && r.draft.trim())
    .map((r) => {
      const target = r.draft.trim();
      const pair = r.lang === "ru" ? { ru: r.source, en: target } : { ru: target, en: r.source };
      return JSON.stringify({ ...pair, article, position: r.segment - 1, date, origin: "tilmash-page" });
    })
    .join("\n");
}

/** `2026-11-30-inflyatsiya-v-kazakhstane`-like: the date and the first words. */
export function defaultArticleId(text, date) {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).slice(0, 4);
  return [date, ...words].join("-").slice(0, 80);
}
