// Form behaviour: the generated form's fields (rulebook/forms.py renders them; its
// DOM_CONTRACT lists every data-* attribute used here), which are shown, what they hold,
// their error messages, and the session log's list.
import { el, formatLocal, formatLocalTime } from "./calculators-render.mjs";

const ONLY_WHEN = "data-only-when-"; // data-only-when-OTHER="v1 v2": shown while OTHER is v1 or v2

export function fieldsOf(form) {
  return Array.from(form.querySelectorAll("[data-field]"));
}

export function controlOf(field) {
  return field.querySelector("input, select");
}

function isShown(form, field) {
  for (const { name, value } of field.attributes) {
    if (!name.startsWith(ONLY_WHEN)) continue;
    const control = form.elements.namedItem(name.slice(ONLY_WHEN.length));
    if (!control || !value.split(" ").includes(control.value)) return false;
  }
  return true;
}

export function updateVisibility(form) {
  for (const field of fieldsOf(form)) field.hidden = !isShown(form, field);
}

// The times of day in the fields' hints, in the reader's locale (the generator marks them).
export function localiseHintTimes(form) {
  for (const time of form.querySelectorAll("time[data-local-time]")) {
    time.textContent = formatLocalTime(time.getAttribute("datetime"));
  }
}

// Controls are enabled (inside their fieldset) once Python is ready.
export function enableFields(form) {
  form.querySelector("[data-calc-fields]").disabled = false;
}

// The local time as Python's datetime.fromisoformat reads it, without a zone.
export function localIso(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

// The inputs for the calculator: shown fields with a value, logs from their storage, and
// the clock field (if any) set to now. `logOf(name)` gives a field's session log.
export function readInputs(form, logOf) {
  const inputs = {};
  for (const field of fieldsOf(form)) {
    if (field.hidden) continue;
    const control = controlOf(field);
    if (field.dataset.kind === "datetime-list") {
      const entries = logOf(control.name).read();
      if (entries.length) inputs[control.name] = entries;
    } else if (control.value !== "") {
      inputs[control.name] = control.value;
    }
  }
  if (form.dataset.clockField) inputs[form.dataset.clockField] = localIso(new Date());
  return inputs;
}

// One field's error message (or none), at the field.
function showFieldError(field, message) {
  const control = controlOf(field);
  const slot = field.querySelector(".calc-error");
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

// An entry Add refused, while it stays in the control: its message stays at the field.
const refused = new WeakMap(); // field -> {value, message}

export function showErrors(form, errors) {
  for (const field of fieldsOf(form)) {
    const control = controlOf(field);
    const kept = refused.get(field);
    const local = kept && kept.value === control.value ? kept.message : undefined;
    showFieldError(field, errors[control.name] || local);
  }
}

// rules.yaml's max_log_entries, as the form carries it on a datetime-list field.
export function maxEntriesOf(field) {
  const value = Number(field.dataset.maxEntries);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export function isLogField(field) {
  return field.dataset.kind === "datetime-list";
}

// The log's list; each entry's Remove button names its session. After a removal, focus
// goes to the next entry's Remove (or the new last one's), or, with the log empty, to the
// date field: never lost to the page's <body>.
function renderLog(field, log, compute) {
  const list = field.querySelector("[data-log-list]");
  const entries = log.read();
  const removeButtons = () => list.getElementsByTagName("button");
  list.replaceChildren(...entries.map((entry, index) => el("li", { "data-log-entry": entry },
    formatLocal(entry), " ",
    Object.assign(el("button", { type: "button", className: "calc-log-remove",
      "aria-label": `Remove the session of ${formatLocal(entry)}` }, "Remove"), {
      onclick: () => {
        log.write(entries.filter((_, i) => i !== index));
        renderLog(field, log, compute);
        const left = removeButtons();
        (left[Math.min(index, left.length - 1)] || controlOf(field)).focus();
        compute();
      },
    }))));
  field.querySelector("[data-log-clear]").hidden = entries.length === 0;
}

// The Add button's name says which session it adds (WCAG 2.5.3: its visible word first).
function nameAddButton(field) {
  const control = controlOf(field);
  field.querySelector("[data-log-add]").setAttribute("aria-label",
    control.value ? `Add the session of ${formatLocal(control.value)}` : "Add a session: enter its date and time first");
}

// A datetime-list field: Add (button or Enter) and Remove edit the log, then recompute.
// `refusal(entries)` asks Python about the log with the new entry first (a session after
// now, a log over its limit): refused, the entry is not kept and Python's message shows at
// the field, with the typed value left in the control to correct.
// Returns what redraws the list and recomputes after another change (a file added back).
export function bindLog(field, log, compute, refusal) {
  const control = controlOf(field);
  const add = async () => {
    // The value as it was when Add was pressed: the field may change while Python answers.
    const value = control.value;
    if (!value) return;
    const message = await refusal(log.withEntry(value));
    if (message) {
      refused.set(field, { value, message });
      showFieldError(field, message);
      return;
    }
    refused.delete(field);
    log.add(value);
    if (control.value === value) control.value = "";
    nameAddButton(field);
    renderLog(field, log, compute);
    compute();
  };
  field.querySelector("[data-log-add]").addEventListener("click", add);
  control.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); add(); }
  });
  control.addEventListener("input", () => nameAddButton(field));
  field.querySelector("[data-log-clear]").addEventListener("click", () => {
    log.clear();
    renderLog(field, log, compute);
    control.focus(); // "Remove all" is hidden now
    compute();
  });
  nameAddButton(field);
  renderLog(field, log, compute);
  return () => {
    renderLog(field, log, compute);
    compute();
  };
}
