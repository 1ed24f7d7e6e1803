// Building DOM nodes: one small element constructor the page's modules share,
// and the status area every module reports to.

/**
 * `h("li", {class: "match", dataset: {score: 87}}, "text", child)`: an element
 * with attributes (`class`, `dataset`, `on*` listeners, others as attributes)
 * and children (strings become text nodes, null/false are skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "value") el.value = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

const statusArea = () => document.getElementById("status");
let statusTimer = 0;

/** Shows a message in the aria-live status area; `kind` is info, ok or error. */
export function say(message, kind = "info") {
  const area = statusArea();
  clearTimeout(statusTimer);
  area.textContent = "";
  area.className = `status ${kind}`;
  const icon = { info: "ℹ", ok: "✓", error: "⚠" }[kind] ?? "";
  area.append(h("span", { class: "icon", "aria-hidden": "true" }, icon), " ", message);
  area.dataset.kind = kind;
  if (kind !== "error") statusTimer = setTimeout(() => { area.textContent = ""; area.className = "status"; }, 8000);
}

/** Today's date in the browser's time zone, as YYYY-MM-DD. */
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Offers `body` as a file download named `name`. */
export function download(name, body, type = "text/plain;charset=utf-8") {
  const blob = body instanceof Blob ? body : new Blob([body], { type });
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
