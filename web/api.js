// The server's HTTP API (see API.md): one function per call, JSON in and
// out; an error answer `{"error": {...}}` becomes an ApiError.

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
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { code: "network", message: `the server did not answer: ${e.message}` });
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
