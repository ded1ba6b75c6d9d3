// The session log: dates of past sessions, kept on this device only (localStorage), never in
// the URL, never sent. This module owns the storage key and format; later versions, export
// and import belong here.
// Format: key `dermaroll:<site path>:<calculator>:<field>`, value a JSON array of local
// "YYYY-MM-DDTHH:MM" strings, sorted, without duplicates. No entries: no key.

const MAX_ENTRIES = 500; // a damaged or hostile value cannot grow the page without end

// The log of one field of one calculator. `scope` keeps two sites on one origin apart.
export function sessionLog(scope, calculator, field) {
  const key = `dermaroll:${scope}:${calculator}:${field}`;

  function read() {
    try {
      const entries = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(entries) ? entries.filter((e) => typeof e === "string").slice(0, MAX_ENTRIES) : [];
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

  function add(entry) {
    const entries = read();
    if (!entries.includes(entry)) entries.push(entry);
    entries.sort();
    write(entries);
  }

  return { read, write, add, clear: () => write([]) };
}
