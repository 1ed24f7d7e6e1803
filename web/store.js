// The translator's work in the browser's localStorage: drafts and
// confirmations per article (keyed by a hash of the article's text), and the
// last article, so that a reload brings everything back.

const PREFIX = "tilmash:v1:";
const LAST = `${PREFIX}last`;

/** A 53-bit hash of a text (cyrb53), as hex: the key of an article's work. */
export function hash(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

/** The text as the key sees it: line endings unified, outer space trimmed. */
export const canonical = (text) => text.replace(/\r\n?/g, "\n").trim();

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // full or disabled: the caller warns
  }
}

/**
 * The saved work of one article: `{segments: {N: {source, draft, confirmed}},
 * article, saved}`; empty when none.
 */
export function loadWork(text) {
  const work = read(PREFIX + hash(canonical(text)));
  return work && typeof work === "object" && work.segments ? work : { segments: {} };
}

/** Saves the work of one article; false when the browser refused. */
export function saveWork(text, work) {
  return write(PREFIX + hash(canonical(text)), { ...work, saved: new Date().toISOString() });
}

/** The last article asked about: `{text, from, date, minScore}` or null. */
export const loadLast = () => read(LAST);
export const saveLast = (last) => write(LAST, last);
