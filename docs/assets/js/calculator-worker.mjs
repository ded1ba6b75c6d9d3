// The calculators' worker: boots the site's own Pyodide, loads our wheel through the lock
// (sha256-checked), then answers {id, calculator, inputs[, format]} with
// {id, ok, result | error}; format "ics" asks for the plan as a calendar file.
// One per tab; the page creates it once and keeps it across instant navigation.
import { loadPyodide } from "../pyodide/pyodide.mjs";
import { watchBoot } from "./calculator-worker-progress.mjs";

// Progress and faults to the page's watchdog (calculators-worker-client.mjs), from here on.
const progress = watchBoot((message) => self.postMessage(message));

const RUNTIME = new URL("../pyodide/", import.meta.url);
let booting = null;
let handle = null;

async function boot(version) {
  // lockFileURL must be absolute: a relative one fails with "Invalid base URL".
  const lockFileURL = new URL(`pyodide-lock.json?v=${encodeURIComponent(version)}`, RUNTIME).href;
  // `packages`: our wheel downloads while the runtime boots, instead of after it.
  const pyodide = await loadPyodide({ indexURL: RUNTIME.href, lockFileURL, packages: ["calculators"] });
  progress.stage("python");
  handle = pyodide.pyimport("calculators.browser").handle;
}

self.onmessage = async (event) => {
  const { id, calculator, inputs, init, format } = event.data || {};
  try {
    if (init) {
      booting ??= boot(String(init.version || ""));
      await booting;
      self.postMessage({ id, ok: true, result: { ready: true } });
      return;
    }
    if (!booting) throw new Error("the worker was not initialised");
    await booting;
    const text = handle(String(calculator), JSON.stringify(inputs ?? {}), format === "ics" ? "ics" : "json");
    self.postMessage({ id, ok: true, result: JSON.parse(text) });
  } catch (error) {
    if (init) booting = null; // let a later page try again
    self.postMessage({ id, ok: false, error: String((error && error.message) || error) });
  }
};
