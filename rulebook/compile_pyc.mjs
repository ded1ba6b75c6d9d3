// Byte code for our package, made by the very interpreter that runs it in the browser: the
// pinned Pyodide under Node. CPython's .pyc format changes with every minor version, so a
// .pyc from the build machine's Python would be ignored (or refused) in the browser.
// Usage: node compile_pyc.mjs RUNTIME_DIR < {"files": {"calculators/x.py": "source", ...}}
// Prints {"python": "3.14.2", "cache_tag": "cpython-314", "pyc": {"calculators/x.py": BASE64}}.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const runtimeDir = resolve(process.argv[2]) + "/";
const { loadPyodide } = await import(pathToFileURL(runtimeDir + "pyodide.mjs").href);
const { files } = JSON.parse(readFileSync(0, "utf-8"));
const pyodide = await loadPyodide({ indexURL: runtimeDir, stdout: (l) => process.stderr.write(l + "\n") });
pyodide.globals.set("files_json", JSON.stringify(files));
const out = pyodide.runPython(`
import base64, json, os, py_compile, site, sys

# Compiled where the wheel will be installed, so tracebacks name the installed files.
root = site.getsitepackages()[0]
result = {}
for name, source in json.loads(files_json).items():
    path = os.path.join(root, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(source)
    # Unchecked hash: the .pyc is used as is, whatever the file times after unpacking.
    cfile = py_compile.compile(path, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    with open(cfile, "rb") as f:
        result[name] = base64.b64encode(f.read()).decode()
json.dumps({"python": sys.version.split()[0], "cache_tag": sys.implementation.cache_tag,
            "pyc": result})
`);
process.stdout.write(out);
