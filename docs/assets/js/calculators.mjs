// Page glue for the calculators, the entry module (mkdocs.yml loads it as type: module).
// Thin on purpose: the form is static HTML from the build, the answers come from Python in
// a worker; this module wires the others (README, "What is where") together for each form.
// Every URL comes from this module's own: the site works under any sub-path.
import { calculatorWorker as worker, canRun } from "./calculators-worker-client.mjs";
import { bindLog, controlOf, enableFields, fieldsOf, isLogField, localiseHintTimes, maxEntriesOf, readInputs,
  showErrors, updateVisibility } from "./calculators-form.mjs";
import { hideFailure, renderResult, saveFile, setLoading, showFailure, showLoading } from "./calculators-render.mjs";
import { createAnnouncer } from "./calculators-announce.mjs";
import { sessionLog } from "./calculators-session-log.mjs";
import { bindLogFile, keptLog } from "./calculators-log-io.mjs";
import { restoreFromUrl, saveToUrl } from "./calculators-url-state.mjs";
import { eachPage } from "./theme-pages.mjs";

const SITE_ROOT = new URL("../../", import.meta.url); // this file lives in assets/js/

// One worker per tab (calculators-worker-client.mjs), perhaps already started from <head>.

const megabytes = (bytes) => (bytes / 1e6).toFixed(1);

// The worker's state, shown by a form while it is on the page.
function follow(form) {
  const unsubscribe = worker.subscribe((event) => {
    if (!form.isConnected) { unsubscribe(); return; } // instant navigation replaced the page
    if (event.state === "loading") {
      hideFailure(form);
      showLoading(form, true);
      setLoading(form, event.loaded ? `Loading the calculator… ${megabytes(event.loaded)} MB`
        : "Loading the calculator…");
    } else if (event.state === "ready") {
      hideFailure(form);
      showLoading(form, false);
    } else if (event.state === "failed") {
      showFailure(form, event.failure);
    }
  });
}

function initForm(form) {
  if (form.dataset.calcBound) return; // eachPage may call again for this page: bind once
  form.dataset.calcBound = "true";
  // (Opened from file://, this module never loads: calculators-file.js says what to do.)
  if (!canRun()) {
    setLoading(form, "This browser cannot run the calculator (it needs WebAssembly and workers). " +
      "The reference tables give the same numbers.", true);
    return;
  }
  if (worker.version() && form.dataset.runtime !== worker.version()) {
    // A page of another build than the calculator running in this tab (the site was
    // updated while it was open): never mix them, load the page in full.
    location.reload();
    return;
  }
  const calculator = form.dataset.calculator;
  const logFields = new Map(fieldsOf(form).filter(isLogField).map((f) => [controlOf(f).name, f]));
  const logs = new Map([...logFields].map(([name, field]) =>
    [name, sessionLog(SITE_ROOT.pathname, calculator, name, maxEntriesOf(field))]));
  const logOf = (name) => logs.get(name);
  // The inputs of the form as built (the rules' defaults, no log): a first answer to exactly
  // these holds nothing of the reader's, so a cold worker may answer it before it copies its
  // memory for the next visit (calculator-worker.mjs); anything else waits for that copy.
  // A form that sends the reader's clock (frequency) is never as built.
  const asBuilt = form.dataset.clockField ? null : JSON.stringify(readInputs(form, () => ({ read: () => [] })));
  let asked = false;
  restoreFromUrl(form);
  updateVisibility(form);
  localiseHintTimes(form);
  const announcer = createAnnouncer(form);
  follow(form);
  let latest = 0;
  let shown = 0; // the ticket of the answer on screen
  // `settled`: the change behind this answer is complete (not a keystroke in a number).
  const compute = async (settled = false) => {
    updateVisibility(form);
    const inputs = readInputs(form, logOf);
    const ticket = ++latest;
    const pristine = !asked && asBuilt !== null && JSON.stringify(inputs) === asBuilt;
    asked = true;
    let result;
    try {
      result = await worker.call(pristine ? { calculator, inputs, pristine } : { calculator, inputs });
    } catch (failure) {
      if (ticket === latest) showFailure(form, failure);
      return;
    }
    if (ticket !== latest) return; // a newer input is on its way
    shown = ticket;
    hideFailure(form);
    showErrors(form, result.valid ? {} : result.errors);
    renderResult(form, result, SITE_ROOT);
    announcer.answered(result, settled);
    saveToUrl(form, inputs);
    const download = form.querySelector("[data-calc-download]");
    if (download) download.hidden = !(result.valid && result.plan && result.plan.length);
    // For bench/: time to first answer and per-input latency, read from the Performance API.
    performance.mark(form.dataset.answered ? "calc:answer" : "calc:first-answer");
    form.dataset.answered = "true";
  };
  form.addEventListener("submit", (event) => { event.preventDefault(); compute(true); });
  // What Python says about a log before an entry is kept in it (null: nothing against it).
  const refusal = async (name, entries) => {
    try {
      const result = await worker.call({ calculator, inputs: { ...readInputs(form, logOf), [name]: entries } });
      return result.valid ? null : result.errors[name] || null;
    } catch {
      return null; // the worker failed: compute() says so once the entry is in
    }
  };
  for (const [name, field] of logFields) {
    // The log also asks the browser to keep it, and can be saved to a file and added back.
    const log = keptLog(logOf(name), field.querySelector("[data-log-status]"));
    const refresh = bindLog(field, log, () => compute(true), (entries) => refusal(name, entries));
    bindLogFile(field, log, { calculator, refresh });
  }
  form.querySelector("[data-download-ics]")?.addEventListener("click", async () => {
    try {
      const answer = await worker.call({ calculator, inputs: readInputs(form, logOf), format: "ics" });
      if (answer.valid) saveFile(answer.ics, "text/calendar", "derma-rolling-plan.ics");
    } catch (failure) {
      showFailure(form, failure);
    }
  });
  form.addEventListener("input", () => compute(false)); // selects, numbers, dates: every control fires it
  // A change event ends an edit (a choice, a number left or confirmed): the status speaks.
  form.addEventListener("change", () => announcer.settle(shown !== latest));
  const whenReady = (started) => {
    if (started && started.boot) form.dataset.boot = started.boot; // "snapshot" or "cold" (tests, bench/)
    enableFields(form);
    hideFailure(form);
    showLoading(form, false);
    form.dataset.ready = "true";
    compute(true);
  };
  form.querySelector("[data-calc-retry]").addEventListener("click", () => {
    if (form.dataset.failed === "stale") { location.reload(); return; } // a newer build: load it whole
    // A form that was ready keeps its fields: its answer comes back with the new worker.
    worker.restart().then(() => (form.dataset.ready ? compute(true) : whenReady()), () => {});
  });
  worker.start(form.dataset.runtime).then(whenReady, (failure) => showFailure(form, failure));
}

function initPage() {
  document.querySelectorAll("form[data-calculator]").forEach(initForm);
}

// Each page Material's instant navigation brings, and this one (theme-pages.mjs).
eachPage(initPage);
