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
// wasm (WebAssembly refused or damaged; the detail says which).
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

  const realFetch = self.fetch.bind(self);
  const fileOf = (input) => String(input instanceof Request ? input.url : input).split("?")[0].split("/").pop();
  self.fetch = async (input, init = {}) => {
    const file = fileOf(input);
    let response;
    try {
      response = await realFetch(input, init);
    } catch (error) {
      // With an integrity check, a failed fetch may be a mismatch: ask again without it.
      const integrity = init.integrity || (input instanceof Request && input.integrity);
      let kind = "download";
      if (integrity) {
        try {
          if ((await realFetch(input instanceof Request ? input.url : input, { cache: "no-store" })).ok) kind = "checksum";
        } catch { /* no response either way: a download problem */ }
      }
      post({ event: "fault", kind, file, detail: String((error && error.message) || error) });
      throw error;
    }
    if (!response.ok) {
      post({ event: "fault", kind: "missing", file, detail: `HTTP ${response.status}` });
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
