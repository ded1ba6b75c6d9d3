// The worker client: the page's only line to the calculators' worker. One module worker per
// tab, created on first use and kept across Material's instant navigation (this module is
// loaded once per document, so its state outlives page swaps).
// Protocol: {id, calculator, inputs[, format]} -> {id, ok, result | error};
// the first message is {id, init: {version}}, answered once Python is ready.

export function createWorkerClient(workerUrl) {
  let worker = null;
  let ready = null;
  let nextId = 1;
  const pending = new Map(); // id -> {resolve, reject}

  function failAll(error) {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  }

  // The single place that creates a worker: a later restart (after a time-out or a crash)
  // replaces it here, and nowhere else.
  function spawn() {
    performance.mark("calc:worker-start"); // read by bench/
    worker = new Worker(workerUrl, { type: "module" });
    worker.onmessage = (event) => {
      const { id, ok, result, error } = event.data;
      const entry = pending.get(id);
      if (!entry) return;
      pending.delete(id);
      if (ok) entry.resolve(result);
      else entry.reject(new Error(error));
    };
    worker.onerror = (event) => {
      failAll(new Error(event.message || "the calculator's worker failed to start"));
      worker = null;
      ready = null;
    };
  }

  // One request, one answer. `_options` is where a per-call time-out ({timeout}) will go.
  function call(message, _options = {}) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  // Boot Python once per tab; every form on every page awaits the same promise.
  function start(version) {
    if (ready) return ready;
    spawn();
    ready = call({ init: { version } });
    ready.catch(() => { ready = null; });
    return ready;
  }

  return { start, call };
}
