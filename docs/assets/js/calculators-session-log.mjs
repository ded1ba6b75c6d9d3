// The session log: dates of past sessions, kept on this device only (localStorage), never in
// the URL, never sent. This module owns the storage key and format; later versions, export
// and import belong here.
// Format: key `dermaroll:<site path>:<calculator>:<field>`, value a JSON array of local
// "YYYY-MM-DDTHH:MM" strings, sorted, without duplicates. No entries: no key.

// The log of one field of one calculator. `scope` keeps two sites on one origin apart.
// `maxEntries` is rules.yaml's max_log_entries (the field's data-max-entries): reading stops
// one past it, so that a damaged or hostile value cannot grow the page without end, and a log
// over the limit still reaches Python, which refuses it at the field (never trimmed in silence).
export function sessionLog(scope, calculator, field, maxEntries) {
  const key = `dermaroll:${scope}:${calculator}:${field}`;
  const readLimit = Number.isInteger(maxEntries) && maxEntries > 0 ? maxEntries + 1 : undefined;

  function read() {
    try {
      const entries = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(entries) ? entries.filter((e) => typeof e === "string").slice(0, readLimit) : [];
    } catch {
      return []; // storage blocked or damaged: an empty log, never an error
    }
  }

  function write(entries) {
    try {
      if (entries.length) localStorage.setItem(key, JSON.stringify(entries));
      else localStorage.removeItem(key);
    } catch {
      /* private mode or full: the log lasts for this page only */
    }
  }

  // The log with one more entry, as add() would store it.
  function withEntry(entry) {
    const entries = read();
    if (!entries.includes(entry)) entries.push(entry);
    return entries.sort();
  }

  return { read, write, withEntry, add: (entry) => write(withEntry(entry)), clear: () => write([]) };
}
