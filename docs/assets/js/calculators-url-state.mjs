// URL state: the inputs of a form live in the page's query string, so an answer can be
// shared as a link. Fields marked data-in-url="false" (the session log) never go there.
import { controlOf, fieldsOf } from "./calculators-form.mjs";
import { el } from "./calculators-render.mjs";

const MAX_VALUE = 64; // characters read from one URL parameter

const inUrl = (field) => field.dataset.inUrl !== "false";

// Fill the form from the URL, before the first answer.
export function restoreFromUrl(form) {
  const params = new URLSearchParams(location.search);
  for (const field of fieldsOf(form)) {
    const control = controlOf(field);
    if (!inUrl(field) || !params.has(control.name)) continue;
    const value = params.get(control.name).slice(0, MAX_VALUE);
    if (control.tagName === "SELECT") {
      // An edited URL may name an option that does not exist: keep it, so Python says so.
      if (!Array.from(control.options).some((o) => o.value === value)) {
        control.append(el("option", { value, "data-from-url": "" }, value));
      }
    }
    control.value = value;
  }
}

// Write the inputs that belong in the URL, without adding a history entry.
export function saveToUrl(form, inputs) {
  const kept = {};
  for (const field of fieldsOf(form)) {
    const name = controlOf(field).name;
    if (inUrl(field) && name in inputs) kept[name] = inputs[name];
  }
  const query = new URLSearchParams(kept).toString();
  history.replaceState(history.state, "", `${location.pathname}${query ? "?" + query : ""}${location.hash}`);
}
