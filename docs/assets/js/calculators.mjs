// Page glue for the calculators. Thin on purpose: the form is static HTML from the build,
// the answers come from Python in a worker; this file moves values between the two and
// writes answers with DOM nodes and textContent only, never HTML strings.
const SITE_ROOT = new URL("../../", import.meta.url); // this file lives in assets/js/
const WORKER_URL = new URL("./calculator-worker.mjs", import.meta.url);

// ---- one worker per tab, created on first use and kept across instant navigation ----
let worker = null;
let ready = null;
let nextId = 1;
const pending = new Map();

function call(message) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...message, id });
  });
}

function startWorker(version) {
  if (ready) return ready;
  performance.mark("calc:worker-start");
  worker = new Worker(WORKER_URL, { type: "module" });
  worker.onmessage = (event) => {
    const { id, ok, result, error } = event.data;
    // The warm-start snapshot's fate ("saved", "no-room", "failed"), for tests and bench/.
    if (event.data.event === "snapshot") document.documentElement.dataset.calcSnapshot = event.data.status;
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    if (ok) entry.resolve(result);
    else entry.reject(new Error(error));
  };
  worker.onerror = (event) => {
    const error = new Error(event.message || "the calculator's worker failed to start");
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
    worker = null;
    ready = null;
  };
  ready = call({ init: { version } });
  ready.catch(() => { ready = null; });
  return ready;
}

// ---- helpers ----
const el = (tag, props = {}, ...children) => {
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

function mmRange([low, high]) {
  return low === high ? `${formatNumber(low)} mm` : `${formatNumber(low)}–${formatNumber(high)} mm`;
}

const VERDICT_TEXT = {
  ok: "Fits the guidance",
  caution: "Caution",
  "not-recommended": "Not recommended",
};

function ruleUrl(form, message) {
  const pattern = form.dataset.ruleUrl || "reference/{topic}/#{rule}";
  const path = pattern.replace("{topic}", encodeURIComponent(message.topic))
    .replace("{rule}", encodeURIComponent(message.rule));
  return new URL(path, SITE_ROOT).href;
}

// ---- one form ----
function fieldsOf(form) {
  return Array.from(form.querySelectorAll("[data-field]"));
}

function controlOf(field) {
  return field.querySelector("input, select");
}

function isShown(form, field) {
  for (const [key, value] of Object.entries(field.dataset)) {
    if (!key.startsWith("onlyWhen")) continue;
    const other = key.slice("onlyWhen".length).replace(/^./, (c) => c.toLowerCase())
      .replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
    const control = form.elements.namedItem(other);
    if (!control || !value.split(" ").includes(control.value)) return false;
  }
  return true;
}

function updateVisibility(form) {
  for (const field of fieldsOf(form)) field.hidden = !isShown(form, field);
}

// ---- the session log: on this device only (localStorage), never in the URL, never sent ----
function logKey(form, name) {
  return `dermaroll:${SITE_ROOT.pathname}:${form.dataset.calculator}:${name}`;
}

function readLog(form, name) {
  try {
    const entries = JSON.parse(localStorage.getItem(logKey(form, name)) || "[]");
    return Array.isArray(entries) ? entries.filter((e) => typeof e === "string").slice(0, 500) : [];
  } catch {
    return []; // storage blocked or damaged: an empty log, never an error
  }
}

function writeLog(form, name, entries) {
  try {
    if (entries.length) localStorage.setItem(logKey(form, name), JSON.stringify(entries));
    else localStorage.removeItem(logKey(form, name));
  } catch {
    /* private mode or full: the log lasts for this page only */
  }
}

function localIso(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function formatLocal(iso) {
  const date = new Date(iso); // "YYYY-MM-DDTHH:MM" without a zone is local time, as in Python
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { weekday: "short", day: "numeric", month: "short",
    year: "numeric", hour: "2-digit", minute: "2-digit" });
}

function renderLog(form, field, compute) {
  const name = controlOf(field).name;
  const list = field.querySelector("[data-log-list]");
  const entries = readLog(form, name);
  list.replaceChildren(...entries.map((entry, index) => el("li", { "data-log-entry": entry },
    formatLocal(entry), " ",
    Object.assign(el("button", { type: "button", className: "calc-log-remove",
      "aria-label": `Remove the session of ${formatLocal(entry)}` }, "Remove"), {
      onclick: () => {
        writeLog(form, name, entries.filter((_, i) => i !== index));
        renderLog(form, field, compute);
        compute();
      },
    }))));
  field.querySelector("[data-log-clear]").hidden = entries.length === 0;
}

function bindLog(form, field, compute) {
  const control = controlOf(field);
  const add = () => {
    if (!control.value) return;
    const entries = readLog(form, control.name);
    if (!entries.includes(control.value)) entries.push(control.value);
    entries.sort();
    writeLog(form, control.name, entries);
    control.value = "";
    renderLog(form, field, compute);
    compute();
  };
  field.querySelector("[data-log-add]").addEventListener("click", add);
  control.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); add(); }
  });
  field.querySelector("[data-log-clear]").addEventListener("click", () => {
    writeLog(form, control.name, []);
    renderLog(form, field, compute);
    compute();
  });
  renderLog(form, field, compute);
}

function readInputs(form) {
  const inputs = {};
  for (const field of fieldsOf(form)) {
    if (field.hidden) continue;
    const control = controlOf(field);
    if (field.dataset.kind === "datetime-list") {
      const entries = readLog(form, control.name);
      if (entries.length) inputs[control.name] = entries;
    } else if (control.value !== "") {
      inputs[control.name] = control.value;
    }
  }
  if (form.dataset.clockField) inputs[form.dataset.clockField] = localIso(new Date());
  return inputs;
}

function urlInputs(form, inputs) {
  const kept = {};
  for (const field of fieldsOf(form)) {
    const name = controlOf(field).name;
    if (field.dataset.inUrl !== "false" && name in inputs) kept[name] = inputs[name];
  }
  return kept;
}

function restoreFromUrl(form) {
  const params = new URLSearchParams(location.search);
  for (const field of fieldsOf(form)) {
    const control = controlOf(field);
    if (field.dataset.inUrl === "false" || !params.has(control.name)) continue;
    const value = params.get(control.name).slice(0, 64);
    if (control.tagName === "SELECT") {
      // An edited URL may name an option that does not exist: keep it, so Python says so.
      if (!Array.from(control.options).some((o) => o.value === value)) {
        control.append(el("option", { value, "data-from-url": "" }, value));
      }
    }
    control.value = value;
  }
}

function saveToUrl(inputs) {
  const params = new URLSearchParams(inputs);
  const query = params.toString();
  history.replaceState(history.state, "", `${location.pathname}${query ? "?" + query : ""}${location.hash}`);
}

function showErrors(form, errors) {
  for (const field of fieldsOf(form)) {
    const control = controlOf(field);
    const slot = field.querySelector(".calc-error");
    const message = errors[control.name];
    if (message) {
      control.setAttribute("aria-invalid", "true");
      slot.textContent = message;
      slot.hidden = false;
    } else {
      control.removeAttribute("aria-invalid");
      slot.textContent = "";
      slot.hidden = true;
    }
  }
}

function renderResult(form, result) {
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
    list.append(el("li", { className: `calc-message calc-message--${message.level}`, "data-rule": message.rule },
      el("span", { className: "calc-level" }, message.level), " ", message.text, " ",
      el("a", { href: ruleUrl(form, message) }, `(${message.title})`)));
  }
  children.push(list);
  if (result.max_sessions_per_week !== undefined) {
    children.push(el("p", { className: "calc-limits" },
      `At most ${result.max_sessions_per_week} sessions in any 7 days, at least ` +
      `${result.min_gap_hours} hours apart (${result.preferred_gap_hours} hours preferred).`));
    if (result.next_earliest) {
      children.push(el("p", { className: "calc-next", "data-calc-value": "next_earliest" },
        "Next session: not before ", el("strong", {}, formatLocal(result.next_earliest)),
        result.next_preferred ? `; better from ${formatLocal(result.next_preferred)}.` : "."));
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
    if (doc.documentElement.nodeName === "svg") children.push(document.importNode(doc.documentElement, true));
  }
  output.replaceChildren(...children);
  output.dataset.verdict = result.verdict;
}

function setLoading(form, text, failed = false) {
  const box = form.querySelector("[data-calc-loading]");
  box.querySelector("[data-calc-loading-text]").textContent = text;
  if (failed) {
    box.querySelector("progress")?.remove();
    box.classList.add("calc-loading--failed");
  }
}

function initForm(form) {
  if (form.dataset.calcBound) return; // document$ fires on every page: bind once
  form.dataset.calcBound = "true";
  // (Opened from file://, this module never loads: calculators-file.js says what to do.)
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    setLoading(form, "This browser cannot run the calculator (it needs WebAssembly and workers). " +
      "The reference tables give the same numbers.", true);
    return;
  }
  restoreFromUrl(form);
  updateVisibility(form);
  let latest = 0;
  const compute = async () => {
    updateVisibility(form);
    const inputs = readInputs(form);
    const ticket = ++latest;
    let result;
    try {
      result = await call({ calculator: form.dataset.calculator, inputs });
    } catch (error) {
      setLoading(form, `The calculator failed: ${error.message}`, true);
      form.querySelector("[data-calc-loading]").hidden = false;
      return;
    }
    if (ticket !== latest) return; // a newer input is on its way
    showErrors(form, result.valid ? {} : result.errors);
    renderResult(form, result);
    saveToUrl(urlInputs(form, inputs));
    const download = form.querySelector("[data-calc-download]");
    if (download) download.hidden = !(result.valid && result.plan && result.plan.length);
    // For bench/: time to first answer and per-input latency, read from the Performance API.
    performance.mark(form.dataset.answered ? "calc:answer" : "calc:first-answer");
    form.dataset.answered = "true";
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); compute(); });
  for (const field of fieldsOf(form)) {
    if (field.dataset.kind === "datetime-list") bindLog(form, field, compute);
  }
  form.querySelector("[data-download-ics]")?.addEventListener("click", async () => {
    const answer = await call({ calculator: form.dataset.calculator, inputs: readInputs(form), format: "ics" });
    if (!answer.valid) return;
    const url = URL.createObjectURL(new Blob([answer.ics], { type: "text/calendar" }));
    const link = el("a", { href: url, download: "derma-rolling-plan.ics" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  form.addEventListener("input", compute); // selects, numbers, dates: every control fires it
  startWorker(form.dataset.runtime).then((started) => {
    form.dataset.boot = started.boot; // "snapshot" on a warm start, else "cold"
    form.querySelector("[data-calc-fields]").disabled = false;
    form.querySelector("[data-calc-loading]").hidden = true;
    form.dataset.ready = "true";
    compute();
  }, (error) => {
    setLoading(form, `The calculator could not start: ${error.message}`, true);
  });
}

function initPage() {
  document.querySelectorAll("form[data-calculator]").forEach(initForm);
}

// Material's instant navigation swaps pages without reloading scripts: document$ emits for
// each page. Without Material, run once.
if (typeof window.document$ === "object" && window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(initPage);
} else {
  initPage();
}
