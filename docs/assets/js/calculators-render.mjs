// Rendering: the answer, the loading line and small formatting helpers. Everything is built
// from DOM nodes and textContent, never from HTML strings: inputs and the URL can hold anything.

export const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "className") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
};

function formatNumber(x) {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2)));
}

export function mmRange([low, high]) {
  return low === high ? `${formatNumber(low)} mm` : `${formatNumber(low)}–${formatNumber(high)} mm`;
}

// The one way the page writes a date and time (plan, log, next session, button names):
// the reader's locale, so "8:00 PM" in en-US and "20:00" in en-GB, never both on one page.
// (The calendar drawing shows days only; the CLI has its own fixed format.)
const DATE_TIME = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric",
  month: "short", year: "numeric", hour: "numeric", minute: "2-digit" });

export function formatLocal(iso) {
  const date = new Date(iso); // "YYYY-MM-DDTHH:MM" without a zone is local time, as in Python
  if (Number.isNaN(date.getTime())) return iso;
  return DATE_TIME.format(date);
}

const TIME_OF_DAY = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

// A time of day alone ("20:00", as a hint gives the rules' default), in the same locale.
export function formatLocalTime(hhmm) {
  const date = new Date(`2000-01-01T${hhmm}`);
  return Number.isNaN(date.getTime()) ? hhmm : TIME_OF_DAY.format(date);
}

export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const VERDICT_TEXT = {
  ok: "Fits the guidance",
  caution: "Caution",
  "not-recommended": "Not recommended",
};

function ruleUrl(form, message, siteRoot) {
  const pattern = form.dataset.ruleUrl || "reference/{topic}/#{rule}";
  const path = pattern.replace("{topic}", encodeURIComponent(message.topic))
    .replace("{rule}", encodeURIComponent(message.rule));
  return new URL(path, siteRoot).href;
}

// The calculator's answer (or why there is none) into the form's data-calc-result <div>.
export function renderResult(form, result, siteRoot) {
  const output = form.querySelector("[data-calc-result]");
  if (!result.valid) {
    const general = Object.entries(result.errors).filter(([name]) => !form.elements.namedItem(name));
    output.replaceChildren(el("p", { className: "calc-invalid" },
      general.length ? general.map(([, m]) => m).join(" ") : "Correct the marked field to see the answer."));
    output.dataset.verdict = "invalid";
    return;
  }
  const children = [];
  if (result.recommended_mm) {
    children.push(el("p", { className: "calc-answer" }, "Recommended needle length: ",
      el("strong", { "data-calc-value": "recommended_mm" }, mmRange(result.recommended_mm))));
  }
  children.push(el("p", { className: `calc-verdict calc-verdict--${result.verdict}`, "data-verdict": result.verdict },
    VERDICT_TEXT[result.verdict] || result.verdict));
  const list = el("ul", { className: "calc-messages" });
  for (const message of result.messages) {
    // A note says what the calculator did and why (a plan kept to the limit), citing its rule.
    const note = message.note ? { "data-note": message.note } : {};
    list.append(el("li", { className: `calc-message calc-message--${message.level}`, "data-rule": message.rule, ...note },
      el("span", { className: "calc-level" }, message.level), " ", message.text, " ",
      el("a", { href: ruleUrl(form, message, siteRoot) }, `(${message.title})`)));
  }
  if (list.childElementCount) children.push(list); // no empty list for a reader to land in
  if (result.max_sessions_per_week !== undefined) {
    children.push(el("p", { className: "calc-limits" },
      `At most ${result.max_sessions_per_week} sessions in any 7 days, at least ` +
      `${result.min_gap_hours} hours apart (${result.preferred_gap_hours} hours preferred).`));
    if (result.next_earliest) {
      children.push(el("p", { className: "calc-next", "data-calc-value": "next_earliest" },
        "Next session: not before ", el("strong", {}, formatLocal(result.next_earliest)),
        result.next_preferred && result.next_preferred !== result.next_earliest
          ? `; better from ${formatLocal(result.next_preferred)}.` : "."));
    }
    if (result.plan && result.plan.length) {
      children.push(el("p", {}, `Plan: ${result.plan.length} sessions.`));
      children.push(el("ol", { className: "calc-plan", "data-calc-value": "plan" },
        ...result.plan.map((iso) => el("li", { "data-plan-entry": iso }, formatLocal(iso)))));
    }
  }
  const drawing = result.diagram_svg || result.calendar_svg;
  if (drawing) {
    // Our own Python drew it from rules.yaml; parse it as SVG (not HTML) and adopt the node.
    const doc = new DOMParser().parseFromString(drawing, "image/svg+xml");
    // adoptNode moves the parsed tree into the page; importNode copied it (0.2 ms more here).
    if (doc.documentElement.nodeName === "svg") children.push(document.adoptNode(doc.documentElement));
  }
  output.replaceChildren(...children);
  output.dataset.verdict = result.verdict;
}

// The loading line: its text, and on failure no more progress bar.
export function setLoading(form, text, failed = false) {
  const box = form.querySelector("[data-calc-loading]");
  box.querySelector("[data-calc-loading-text]").textContent = text;
  if (failed) {
    box.querySelector("progress")?.remove();
    box.classList.add("calc-loading--failed");
  }
}

export function showLoading(form, shown) {
  form.querySelector("[data-calc-loading]").hidden = !shown;
}

// A file the reader asked for (the plan as .ics), saved through a temporary link.
export function saveFile(text, type, filename) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Why the calculator cannot run now (a CalculatorFailure: plain words, a technical detail),
// with Try again and the reference tables beside it; the loading line goes.
export function showFailure(form, failure) {
  const box = form.querySelector("[data-calc-failed]");
  box.querySelector("[data-calc-failed-text]").textContent = failure.message;
  box.querySelector("[data-calc-failed-detail]").textContent = failure.detail ? `Details: ${failure.detail}` : "";
  box.hidden = false;
  form.dataset.failed = failure.kind || "error";
  showLoading(form, false);
}

export function hideFailure(form) {
  form.querySelector("[data-calc-failed]").hidden = true;
  delete form.dataset.failed;
}
