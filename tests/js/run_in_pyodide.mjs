// Runs calculator requests through the built wheel in real Pyodide under Node, the same way
// the browser worker does: the site's own runtime files, the site's lock (sha256-checked).
// Usage: node run_in_pyodide.mjs SITE_RUNTIME_DIR < requests.json > results.json
// requests.json: [{"calculator": "depth", "inputs": {...}}, ...]
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const runtimeDir = resolve(process.argv[2]) + "/";
const { loadPyodide } = await import(pathToFileURL(runtimeDir + "pyodide.mjs").href);
const requests = JSON.parse(readFileSync(0, "utf-8"));
const pyodide = await loadPyodide({
  indexURL: runtimeDir,
  lockFileURL: runtimeDir + "pyodide-lock.json",
  stdout: (line) => process.stderr.write(line + "\n"),
});
await pyodide.loadPackage("calculators", { messageCallback: (m) => process.stderr.write(m + "\n") });
const handle = pyodide.pyimport("calculators.browser").handle;
// The raw JSON text, so the test compares exactly what the browser would receive.
const results = requests.map((r) => handle(r.calculator, JSON.stringify(r.inputs)));
const version = pyodide.runPython("import sys; sys.version.split()[0]");
process.stdout.write(JSON.stringify({ python: version, results }));
