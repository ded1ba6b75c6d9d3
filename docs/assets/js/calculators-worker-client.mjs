// The worker client: the page's only line to the calculators' worker. One module worker per
// tab, created on first use and kept across Material's instant navigation (this module is
// loaded once per document, so its state outlives page swaps).
// Protocol: {id, calculator, inputs[, format]} -> {id, ok, result | error};
// the first message is {id, init: {version}}, answered once Python is ready. Besides
// replies, the worker sends {event: "progress" | "fault"} (calculator-worker-progress.mjs).
//
// Never stuck:
// - Boot: a watchdog follows the worker's progress; STALL_MS without any (no byte, no
//   step) is a failure, and so is a fault the worker reports. Slow is not stuck.
// - A worker that dies (an uncaught error) is replaced by the next request; one that stops
//   without a word is found out by a request with no reply in REPLY_MS, which replaces it
//   and asks again, once.
// - Every failure is a `CalculatorFailure` with a plain sentence for the reader; listeners
//   see the state: {state: "loading", loaded} | {state: "ready"} | {state: "failed", failure}.

const STALL_MS = 12000; // a boot step (compiling WebAssembly, starting CPython) takes ~2 s here
const REPLY_MS = 5000; // an answer takes milliseconds

// What the calculators need of the browser; without it the form says "cannot run". (offline.mjs
// and the classic theme-later.js, which do not load this module, ask the same.)
export const canRun = () => typeof WebAssembly === "object" && typeof Worker === "function";

export class CalculatorFailure extends Error {
  constructor(kind, text, detail = "") {
    super(text);
    this.kind = kind;
    this.detail = detail;
  }
}

const TEXT = {
  missing: (f) => `A file the calculator needs is missing from the site (${f.file}: ${f.detail}).`,
  download: (f) => `A file the calculator needs could not be downloaded (${f.file}). ` +
    "Check the connection.",
  checksum: (f) => `A file of the calculator did not match its checksum, so it was not used (${f.file}). ` +
    "The site may be half-updated; trying again in a moment usually helps.",
  policy: () => "This site's security settings do not let the calculator run its WebAssembly " +
    "(the Content-Security-Policy lacks 'wasm-unsafe-eval').",
  wasm: () => "The calculator's runtime (WebAssembly) could not start: the file may be damaged.",
  worker: () => "The calculator's background worker could not start.",
  stale: () => "The site was updated while this page was open: reload the page to use the new version.",
  stalled: () => `The calculator stopped loading: nothing arrived for ${STALL_MS / 1000} seconds.`,
  silent: () => "The calculator stopped answering.",
  boot: (f) => `The calculator could not start: ${f.detail}`,
  error: (f) => `The calculator failed: ${f.detail}`,
};

export function failure(kind, info = {}) {
  if (kind === "wasm" && /Content.Security.Policy|unsafe-eval/i.test(info.detail || "")) kind = "policy";
  return new CalculatorFailure(kind, TEXT[kind]({ file: "", detail: "", ...info }), info.detail || "");
}

function createWorkerClient(workerUrl) {
  let worker = null;
  let version = "";
  let ready = null; // a promise while booting or ready; null while there is no worker
  let nextId = 1;
  let watchdog = 0;
  const pending = new Map(); // id -> {message, resolve, reject, timer, retried}
  const listeners = new Set();

  const emit = (state) => { for (const listener of listeners) listener(state); };

  // No worker any more; without `keepFailure`, the next request starts a new one. With it,
  // requests fail at once with the same failure until restart() ("Try again").
  function stop(keepFailure = false) {
    clearTimeout(watchdog);
    if (worker) {
      worker.onmessage = worker.onerror = null;
      worker.terminate();
    }
    worker = null;
    if (!keepFailure) ready = null;
  }

  function settle(entry, how, value) {
    clearTimeout(entry.timer);
    entry[how](value);
  }

  // The single place that creates a worker: every restart comes through here.
  function boot() {
    stop();
    emit({ state: "loading", loaded: 0 });
    let initId = 0;
    let booted = false;
    let resolveReady;
    let rejectReady;
    const promise = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
    promise.catch(() => {});
    ready = promise;
    const fail = (problem) => {
      if (ready !== promise) return; // a newer worker already replaced this one
      stop(true);
      for (const [id, entry] of pending) { pending.delete(id); settle(entry, "reject", problem); }
      emit({ state: "failed", failure: problem });
      rejectReady(problem);
    };
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => fail(failure("stalled")), STALL_MS);
    };
    alive();
    performance.mark("calc:worker-start"); // read by bench/
    try {
      worker = new Worker(workerUrl, { type: "module" });
    } catch (error) {
      fail(failure("worker", { detail: String(error.message || error) }));
      return promise;
    }
    const current = worker;
    worker.onmessage = (event) => {
      const data = event.data || {};
      if (data.event === "progress" && !booted) { alive(); emit({ state: "loading", loaded: data.loaded || 0 }); return; }
      if (data.event === "fault" && !booted) { fail(failure(data.kind, data)); return; }
      // The warm-start snapshot's fate ("saved", "no-room", "failed"), for tests and bench/.
      if (data.event === "snapshot") {
        document.documentElement.dataset.calcSnapshotTaken = data.taken || "";
        document.documentElement.dataset.calcSnapshot = data.status;
        return;
      }
      if (data.event) return;
      if (data.id === initId) {
        clearTimeout(watchdog);
        if (!data.ok) { fail(failure("boot", { detail: data.error })); return; }
        booted = true;
        emit({ state: "ready" });
        resolveReady(data.result);
        return;
      }
      const entry = pending.get(data.id);
      if (!entry) return;
      pending.delete(data.id);
      if (data.ok) settle(entry, "resolve", data.result);
      else settle(entry, "reject", failure("error", { detail: data.error }));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (!booted) fail(failure("worker", { detail: event.message || "" }));
      else if (worker === current) replace(); // an uncaught error: this worker is not to be trusted
    };
    initId = nextId++;
    worker.postMessage({ id: initId, init: { version } });
    return promise;
  }

  // No reply in time: the worker is gone (or stuck). Replace it and ask again, once.
  function expect(entry, ms) {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => replace(), ms);
  }

  function replace() {
    const waiting = [...pending.values()];
    pending.clear();
    waiting.forEach((entry) => clearTimeout(entry.timer));
    stop();
    if (!waiting.length) { emit({ state: "idle" }); return; } // the next request starts a new one
    const fresh = boot();
    for (const entry of waiting) {
      if (entry.retried) { entry.reject(failure("silent")); continue; }
      fresh.then(() => send(entry.message, true).then(entry.resolve, entry.reject), entry.reject);
    }
  }

  function send(message, retried = false) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const entry = { message, resolve, reject, retried, timer: 0 };
      pending.set(id, entry);
      expect(entry, REPLY_MS);
      worker.postMessage({ ...message, id });
    });
  }

  // One request, one answer; a missing worker (it died) is started first.
  async function call(message) {
    if (!ready) boot();
    await ready;
    return send(message);
  }

  // Boot Python once per tab; every form on every page awaits the same promise.
  function start(runtimeVersion) {
    version = runtimeVersion;
    return ready || boot();
  }

  // "Try again": a new worker, whatever the old one was doing.
  function restart() {
    return boot();
  }

  function subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { start, call, restart, subscribe, version: () => version };
}

// The tab's one client, shared by calculators-start.mjs (which starts the worker from <head>
// on a calculator page, while the theme still loads) and calculators.mjs (which awaits that
// same start, or makes it after an instant navigation).
export const calculatorWorker = createWorkerClient(new URL("./calculator-worker.mjs", import.meta.url));
