// The calculators' worker, one per tab: {id, init: {version}} boots it and answers
// {ready, boot: "snapshot" | "cold"}; then {id, calculator, inputs[, format: "ics"]} gets
// {id, ok, result | error}. A cold boot installs the wheel itself (a snapshot cannot follow
// loadPackage): fetched with the lock's sha256 as integrity, unpacked into site-packages.
// It copies the ready interpreter's memory before its first answer (no reader input in
// it) and stores it once the reader pauses; the next visit restores it (README, Decisions).
import { loadPyodide, version as RUNTIME_VERSION } from "../pyodide/pyodide.mjs";
import { watchBoot } from "./calculator-worker-progress.mjs";
import { snapshotStore } from "./snapshot-store.mjs";

// Progress and faults to the page's watchdog (calculators-worker-client.mjs), from here on.
const progress = watchBoot((message) => self.postMessage(message));

const RUNTIME = new URL("../pyodide/", import.meta.url);
const QUIET_MS = 1000; // no request for this long after an answer: store the snapshot
let booting = null;
let handle = null;
let unmade = null; // {py, store}: a cold boot's snapshot, made before reader input reaches Python
let snapshot = null; // {bytes, store, taken} while a snapshot is still to be stored
let quietTimer = 0;

function integrity(hex) {
  const bytes = hex.match(/../g).map((h) => parseInt(h, 16));
  return "sha256-" + btoa(String.fromCharCode(...bytes));
}

async function fetchOk(url, options) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText} for ${url}`);
  return response;
}

// The wheel's bytes, checked against the lock's sha256 by the browser.
async function fetchWheel(lock) {
  const entry = (await lock).packages.calculators;
  const response = await fetchOk(new URL(entry.file_name, RUNTIME), { integrity: integrity(entry.sha256) });
  return new Uint8Array(await response.arrayBuffer());
}

async function coldBoot(lockFileURL, store) {
  const lock = fetchOk(lockFileURL).then((r) => r.json());
  const wheel = fetchWheel(lock); // downloads while the runtime boots
  wheel.catch(() => {}); // awaited below; never an unhandled rejection meanwhile
  const py = await loadPyodide({ indexURL: RUNTIME.href, lockFileContents: lock,
    packageBaseUrl: RUNTIME.href, _makeSnapshot: Boolean(store) });
  performance.mark("calc:runtime-ready");
  progress.stage("python");
  const sitePackages = py.runPython("import sys; next(p for p in sys.path if p.endswith('site-packages'))");
  py.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
  handle = py.pyimport("calculators.browser").handle;
  performance.mark("calc:imported");
  if (store) unmade = { py, store };
  return "cold";
}

async function warmBoot(bytes, lockFileURL) {
  const factory = import("../pyodide/pyodide.asm.mjs"); // as loadPyodide would, but now
  const read = bytes.then((b) => (performance.mark("calc:snapshot-read"), b));
  read.catch(() => {}); // loadPyodide awaits it later; a damaged entry must not go unhandled
  // Pyodide 314's wasm makes its own memory (INITIAL_MEMORY has no effect): a heap that grew
  // (more rules) would not fit. Grow the fresh memory to the snapshot's size first.
  const createPyodideModule = async (settings) => {
    const module = await (await factory).default(settings);
    const snapshot = await read;
    const heap = snapshot.length - new Uint32Array(snapshot.buffer, snapshot.byteOffset, 2)[1];
    if (module.HEAP8.length < heap) module.growMemory(heap);
    return module;
  };
  const py = await loadPyodide({ indexURL: RUNTIME.href, lockFileURL, _loadSnapshot: read, createPyodideModule });
  performance.mark("calc:runtime-ready");
  progress.stage("python");
  handle = py.pyimport("calculators.browser").handle;
  performance.mark("calc:imported");
  return "snapshot";
}

async function boot(version) {
  // lockFileURL must be absolute: a relative one fails with "Invalid base URL".
  const lockFileURL = new URL(`pyodide-lock.json?v=${encodeURIComponent(version)}`, RUNTIME).href;
  performance.mark("calc:boot");
  const store = snapshotStore(RUNTIME, RUNTIME_VERSION, version);
  const saved = store && await store.find();
  performance.mark("calc:snapshot-lookup");
  if (saved) {
    try {
      return await warmBoot(saved.bytes, lockFileURL);
    } catch (error) {
      // Damaged, from another runtime build, or refused: forget it and boot as usual.
      console.warn("calculators: the stored snapshot was not usable, booting without it:", error);
      await store.drop();
    }
  }
  return coldBoot(lockFileURL, store);
}

// Everything the calculators can reach in the browser is imported, and the rules loaded,
// before the snapshot: a restored interpreter has its modules in memory but no files on disk.
// (The wheel holds only what the browser imports: no CLI, no rules_check.)
const PREPARE = `
def _prepare():
    import importlib, os, calculators
    from calculators.browser import rulebook
    for name in sorted(os.listdir(os.path.dirname(calculators.__file__))):
        module, ext = os.path.splitext(name)
        if ext == ".py" and module != "__init__":
            importlib.import_module("calculators." + module)
    rulebook()
_prepare()
del _prepare
`;

// `taken`: "before-answer" (no request has reached Python yet) or "after-answer" (only the
// first answer to a form as built has: the rules' defaults, nothing of the reader's).
function takeSnapshot(taken) {
  const { py, store } = unmade;
  unmade = null; // once per worker, whatever happens
  try {
    py.runPython(PREPARE);
    snapshot = { bytes: py.makeMemorySnapshot(), store, taken };
  } catch (error) {
    console.warn("calculators: no snapshot made:", error);
    self.postMessage({ event: "snapshot", status: "failed", taken });
  }
}

async function storeSnapshot() {
  const { bytes, store, taken } = snapshot;
  snapshot = null; // once per worker, whatever happens
  let status;
  try {
    status = await store.save(bytes);
  } catch (error) {
    console.warn("calculators: the snapshot was not stored:", error);
    status = "failed";
  }
  self.postMessage({ event: "snapshot", status, taken });
}

function answered() {
  if (!snapshot) return;
  clearTimeout(quietTimer);
  quietTimer = setTimeout(storeSnapshot, QUIET_MS);
}

self.onmessage = async (event) => {
  const { id, calculator, inputs, init, format, pristine } = event.data || {};
  try {
    if (init) {
      booting ??= boot(String(init.version || ""));
      const how = await booting;
      self.postMessage({ id, ok: true, result: { ready: true, boot: how } });
      return;
    }
    if (!booting) throw new Error("the worker was not initialised");
    await booting;
    // A first answer to the form as built goes out before the snapshot is made, not after:
    // about 80 ms sooner on a first visit (README). Any other request waits for it.
    if (unmade && !(pristine === true && format === undefined)) takeSnapshot("before-answer");
    const text = handle(String(calculator), JSON.stringify(inputs ?? {}), format === "ics" ? "ics" : "json");
    self.postMessage({ id, ok: true, result: JSON.parse(text) });
    if (unmade) takeSnapshot("after-answer");
    answered();
  } catch (error) {
    if (init) booting = null; // let a later page try again
    self.postMessage({ id, ok: false, error: String((error && error.message) || error) });
  }
};
