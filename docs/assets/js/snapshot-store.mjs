// Where the calculators' worker keeps a Pyodide memory snapshot between visits: Cache
// Storage, gzip-compressed (about 7 MB instead of 31 MB; gzip's CRC also catches a damaged
// entry). One entry per site, under a key of runtime version + wheel hash + format, so a new
// wheel or runtime never meets an old snapshot; saving one deletes the site's others.
// Everything here fails soft: no snapshot means a normal boot, never an error for the reader.
const FORMAT = "1-gzip"; // bump when what is stored, or how, changes
const CACHE = "calculators-snapshot";
const HEADROOM = 2; // keep at least this many snapshot sizes free in the quota

export function snapshotStore(runtimeURL, runtimeVersion, wheelHash) {
  if (typeof caches === "undefined" || typeof DecompressionStream === "undefined") return null;
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
    // only the lookup is awaited; inflating runs while the runtime downloads and compiles.
    async find() {
      let response;
      try {
        response = await (await open()).match(key);
      } catch {
        return null;
      }
      if (!response || !response.body) return null;
      const bytes = new Response(response.body.pipeThrough(new DecompressionStream("gzip")))
        .arrayBuffer().then((buffer) => new Uint8Array(buffer));
      bytes.catch(() => {}); // its user awaits it; a damaged entry is handled there
      return { bytes };
    },
    drop,
    // Store `bytes` unless the quota cannot take it; then delete this site's older entries.
    async save(bytes) {
      const estimate = await navigator.storage?.estimate?.().catch(() => null);
      if (estimate && estimate.quota - estimate.usage < HEADROOM * bytes.length / 4) {
        return "no-room"; // gzip leaves about a quarter; keep room for the site's other data
      }
      const body = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
      const compressed = await new Response(body).blob();
      const cache = await open();
      try {
        await cache.put(key, new Response(compressed, {
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
