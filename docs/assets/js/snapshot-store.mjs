// Where the calculators' worker keeps a Pyodide memory snapshot between visits: Cache
// Storage, with the snapshot's all-zero pages left out and nothing compressed (about 15 MB of
// its 31 MB): reading 15 MB back is quicker than inflating a gzip of the whole, the step a
// return visit waited on (README, Decisions). A SHA-256 of the stored bytes, checked off the
// worker's thread while it copies, catches a damaged entry, as gzip's CRC did before.
// One entry per site, under a key of runtime version + wheel hash + format, so a new wheel or
// runtime never meets an old snapshot; saving one deletes the site's others.
// Everything here fails soft: no snapshot means a normal boot, never an error for the reader.
const FORMAT = "2-pages"; // bump when what is stored, or how, changes
const CACHE = "calculators-snapshot";
const HEADROOM = 2; // keep at least this many snapshot sizes free in the quota

// Stored layout, little-endian: "PSN2", the snapshot's length, the page size, the number of
// runs of non-zero pages; the SHA-256 of everything after it; per run, its first page and its
// page count; then the runs' bytes (the last one cut at the snapshot's end).
const MAGIC = 0x324e5350; // "PSN2"
const PAGE = 4096;
const HEAD = 48; // 4 numbers, then the 32-byte digest

// The bytes a run of pages covers, [from, to): the last run ends at the snapshot's end.
const span = (page, count, length) => [page * PAGE, Math.min((page + count) * PAGE, length)];

function nonZeroRuns(bytes) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  const pages = Math.ceil(bytes.length / PAGE);
  const runs = [];
  for (let page = 0; page < pages; page++) {
    const from = page * (PAGE >> 2), to = Math.min(from + (PAGE >> 2), words.length);
    let used = false;
    for (let i = from; i < to && !used; i++) used = words[i] !== 0;
    for (let i = to << 2; i < Math.min((page + 1) * PAGE, bytes.length) && !used; i++) used = bytes[i] !== 0;
    if (!used) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === page) last[1]++;
    else runs.push([page, 1]);
  }
  return runs;
}

// The stored form of a snapshot (a Uint8Array).
export async function encodeSnapshot(snapshot) {
  const bytes = snapshot.byteOffset % 4 ? snapshot.slice() : snapshot;
  const runs = nonZeroRuns(bytes);
  const spans = runs.map(([page, count]) => span(page, count, bytes.length));
  const dataStart = HEAD + runs.length * 8;
  const out = new Uint8Array(dataStart + spans.reduce((sum, [a, b]) => sum + b - a, 0));
  const view = new DataView(out.buffer);
  [MAGIC, bytes.length, PAGE, runs.length].forEach((n, i) => view.setUint32(i * 4, n, true));
  runs.forEach(([page, count], i) => {
    view.setUint32(HEAD + i * 8, page, true);
    view.setUint32(HEAD + i * 8 + 4, count, true);
  });
  let at = dataStart;
  for (const [a, b] of spans) {
    out.set(bytes.subarray(a, b), at);
    at += b - a;
  }
  out.set(new Uint8Array(await crypto.subtle.digest("SHA-256", out.subarray(HEAD))), 16);
  return out;
}

// The snapshot back from its stored form; throws if the entry is not one, whole and intact.
export async function decodeSnapshot(buffer) {
  const stored = new Uint8Array(buffer);
  const view = new DataView(stored.buffer, stored.byteOffset, stored.length);
  const number = (i) => view.getUint32(i * 4, true);
  if (stored.length < HEAD || number(0) !== MAGIC || number(2) !== PAGE) throw new Error("not a stored snapshot");
  const length = number(1), count = number(3);
  const dataStart = HEAD + count * 8;
  if (dataStart > stored.length) throw new Error("the stored snapshot is cut short");
  const digest = crypto.subtle.digest("SHA-256", stored.subarray(HEAD)); // off this thread
  const snapshot = new Uint8Array(length);
  let at = dataStart;
  for (let i = 0; i < count; i++) {
    const page = view.getUint32(HEAD + i * 8, true), pages = view.getUint32(HEAD + i * 8 + 4, true);
    const [from, to] = span(page, pages, length);
    const size = to - from;
    if (size <= 0 || at + size > stored.length) throw new Error("the stored snapshot is cut short");
    snapshot.set(stored.subarray(at, at + size), from);
    at += size;
  }
  if (at !== stored.length) throw new Error("the stored snapshot has bytes to spare");
  const expected = stored.subarray(16, HEAD);
  if (!new Uint8Array(await digest).every((b, i) => b === expected[i])) throw new Error("the stored snapshot is damaged");
  return snapshot;
}

export function snapshotStore(runtimeURL, runtimeVersion, wheelHash) {
  if (typeof caches === "undefined" || !globalThis.crypto?.subtle) return null;
  const prefix = new URL("snapshot", runtimeURL).href; // this site's entries
  const key = `${prefix}?runtime=${encodeURIComponent(runtimeVersion)}` +
    `&wheel=${encodeURIComponent(wheelHash)}&format=${FORMAT}`;
  const open = () => caches.open(CACHE);

  async function drop() {
    try {
      await (await open()).delete(key);
    } catch { /* storage blocked: nothing to drop */ }
  }

  return {
    key,
    // {bytes: a promise of the stored snapshot}, or null when there is none. Decided fast:
    // only the lookup is awaited; reading runs while the runtime downloads and compiles.
    async find() {
      let response;
      try {
        response = await (await open()).match(key);
      } catch {
        return null;
      }
      if (!response) return null;
      const bytes = response.arrayBuffer().then(decodeSnapshot);
      bytes.catch(() => {}); // its user awaits it; a damaged entry is handled there
      return { bytes };
    },
    drop,
    // Store `bytes` unless the quota cannot take it; then delete this site's older entries.
    async save(bytes) {
      const stored = await encodeSnapshot(bytes);
      const estimate = await navigator.storage?.estimate?.().catch(() => null);
      if (estimate && estimate.quota - estimate.usage < HEADROOM * stored.length) {
        return "no-room"; // keep room for the site's other data
      }
      const cache = await open();
      try {
        await cache.put(key, new Response(stored, {
          headers: { "content-type": "application/octet-stream", "x-snapshot-bytes": String(bytes.length) },
        }));
      } catch (error) {
        await drop();
        return error && error.name === "QuotaExceededError" ? "no-room" : "failed";
      }
      for (const request of await cache.keys()) {
        if (request.url !== key && request.url.startsWith(prefix)) await cache.delete(request);
      }
      return "saved";
    },
  };
}
