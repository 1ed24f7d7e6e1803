// The server's HTTP API (see API.md): one function per call, JSON in and
// out; an error answer `{"error": {...}}` becomes an ApiError.
//
// A server started with `--token FILE` wants `Authorization: Bearer TOKEN`
// on every API call. The page takes the token from its address once
// (`/#token=…`: a fragment never reaches the server or its logs, and is
// removed from the address bar at once) or asks for it when a call is
// refused with 401, then keeps it for this tab only (sessionStorage).

const TOKEN_KEY = "tilmash.token";

/** The token in the address's fragment, taken out of the address. */
function tokenFromAddress() {
  const found = /(?:^#|&)token=([^&]*)/.exec(location.hash);
  if (!found) return null;
  history.replaceState(null, "", location.pathname + location.search);
  try {
    return decodeURIComponent(found[1]);
  } catch {
    return null;
  }
}

let token = tokenFromAddress();
if (token) sessionStorage.setItem(TOKEN_KEY, token);
else token = sessionStorage.getItem(TOKEN_KEY);

/** Asks the translator for the token: set by the app (a dialog). */
let askToken = null;
/** The question being asked, shared by the calls refused meanwhile. */
let asking = null;

/**
 * Sets how the page asks for the token: `ask(wrong)` resolves to the
 * token, or to null when the translator gives up; `wrong` says the last
 * one was refused.
 */
export function onTokenNeeded(ask) {
  askToken = ask;
}

/** A new token after a 401, or null: one question for all waiting calls. */
function newToken() {
  if (!askToken) return Promise.resolve(null);
  asking ??= askToken(Boolean(token)).then((given) => {
    asking = null;
    token = given ? given.trim() : null;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    return token;
  });
  return asking;
}

/** An error answer of the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, error) {
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || "http_error";
    this.field = error.field;
    this.line = error.line;
  }

  /** The message as the status area shows it. */
  describe() {
    const where = [this.field && `field ${this.field}`, this.line && `line ${this.line}`]
      .filter(Boolean).join(", ");
    const status = this.status ? `${this.status} ` : "";
    return `${this.message}${where ? ` (${where})` : ""} [${status}${this.code}]`;
  }
}

async function call(method, path, { json, body, headers = {}, raw = false } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["Content-Type"] = "application/json";
  } else if (body !== undefined) {
    init.body = body;
  }
  let response;
  for (;;) {
    if (token) init.headers.Authorization = `Bearer ${token}`;
    try {
      response = await fetch(path, init);
    } catch (e) {
      // fetch says only "Failed to fetch": say what the translator can do.
      throw new ApiError(0, {
        code: "network",
        message: "the server does not answer: is tilmash serve still running? Your drafts stay in this browser",
      });
    }
    if (response.status !== 401 || !(await newToken())) break;
  }
  if (!response.ok) {
    let error = { message: `${response.status} ${response.statusText}` };
    try {
      const parsed = await response.json();
      if (parsed && parsed.error) error = parsed.error;
    } catch { /* not JSON: keep the status line */ }
    throw new ApiError(response.status, error);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
};

export const health = () => call("GET", "/healthz");

/** The suggest document for a whole article, in one request. */
export const suggest = (request) => call("POST", "/api/suggest", { json: request });

export const concordance = (q, lang, limit = 20) =>
  call("GET", `/api/concordance${query({ q, lang, limit })}`);

/** The pretranslated file (a Response, to read as a blob) with the page's drafts. */
export const pretranslate = (request) => call("POST", "/api/pretranslate", { json: request, raw: true });

/** Imports JSON Lines into the memory; the import summary. */
export const importJsonl = (lines, origin) =>
  call("POST", `/api/import${query({ format: "jsonl", origin })}`, {
    body: lines,
    headers: { "Content-Type": "application/x-ndjson" },
  });

export const glossaryFind = (find, date) => call("GET", `/api/glossary${query({ find, date })}`);
export const glossaryList = () => call("GET", "/api/glossary");
export const glossaryAdd = (entry) => call("POST", "/api/glossary", { json: entry });
export const glossaryEdit = (file, line, set) =>
  call("PATCH", `/api/glossary/${encodeURIComponent(file)}/${line}`, { json: { set } });
export const glossaryLint = () => call("GET", "/api/glossary/lint");
