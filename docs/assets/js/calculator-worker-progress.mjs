// Boot progress and faults, told by the calculators' worker to the page (the worker client's
// watchdog listens). Installed once at the top of the worker, before Pyodide starts:
//
// - {event: "progress", loaded, stage?}: bytes keep arriving or a boot step finished, so a
//   slow network is progress, not a failure.
// - {event: "fault", kind, file?, detail}: a boot that cannot succeed, said at once instead
//   of waiting for the watchdog. Pyodide itself only logs some of these ("wasm
//   instantiation failed!") and never settles its promise.
//
// Kinds: missing (HTTP error), download (no response), checksum (integrity mismatch),
// wasm (WebAssembly refused or damaged; the detail says which), stale (the lock names another
// build's wheel than the page asked for: the site changed under an open page).
const EVERY_MS = 250; // at most this often a progress message while bytes arrive

export function watchBoot(post) {
  let loaded = 0;
  let last = 0;
  const progress = (stage) => {
    const now = Date.now();
    if (stage || now - last >= EVERY_MS) {
      last = now;
      post({ event: "progress", loaded, ...(stage ? { stage } : {}) });
    }
  };

  // Counted on a clone, read as it arrives: the response itself goes untouched to its reader.
  async function count(body) {
    if (!body) return;
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        loaded += value.byteLength;
        progress();
      }
    } catch {
      /* the real reader reports a broken download */
    }
  }

  // The page asks for the lock with its wheel's hash (?v=): the lock must name that wheel.
  async function checkBuild(version, response) {
    if (!version) return;
    try {
      const wheel = (await response.json()).packages.calculators.file_name;
      if (!wheel.includes(`+${version}-`)) {
        post({ event: "fault", kind: "stale", file: wheel, detail: `the page wants ${version}` });
      }
    } catch { /* an unreadable lock fails Pyodide's own reading of it, with its message */ }
  }

  const realFetch = self.fetch.bind(self);
  const fileOf = (input) => String(input instanceof Request ? input.url : input).split("?")[0].split("/").pop();
  self.fetch = async (input, init = {}) => {
    const file = fileOf(input);
    let response;
    try {
      response = await realFetch(input, init);
    } catch (error) {
      // With an integrity check, a failed fetch may be a mismatch, or an error page that
      // cannot match: ask again without it to tell which.
      const integrity = init.integrity || (input instanceof Request && input.integrity);
      let kind = "download";
      let detail = String((error && error.message) || error);
      if (integrity) {
        try {
          const plain = await realFetch(input instanceof Request ? input.url : input, { cache: "no-store" });
          kind = plain.ok ? "checksum" : "missing";
          if (!plain.ok) detail = `HTTP ${plain.status}`;
        } catch { /* no response either way: a download problem */ }
      }
      post({ event: "fault", kind, file, detail });
      throw error;
    }
    if (!response.ok) {
      post({ event: "fault", kind: "missing", file, detail: `HTTP ${response.status}` });
    } else if (file === "pyodide-lock.json") {
      checkBuild(new URL(input instanceof Request ? input.url : input, self.location).searchParams.get("v"),
        response.clone());
    } else {
      count(response.clone().body);
    }
    return response;
  };

  for (const name of ["instantiateStreaming", "instantiate", "compileStreaming", "compile"]) {
    const real = WebAssembly[name];
    if (typeof real !== "function") continue;
    WebAssembly[name] = function (...args) {
      return real.apply(WebAssembly, args).catch((error) => {
        post({ event: "fault", kind: "wasm", detail: String((error && error.message) || error) });
        throw error;
      });
    };
  }

  post({ event: "progress", loaded, stage: "started" });
  return { stage: (name) => progress(name) };
}
