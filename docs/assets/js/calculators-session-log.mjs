// The session log: dates of past sessions, kept on this device only (localStorage), never in
// the URL, never sent. This module owns the storage key and format, its versions, and the
// file a reader saves and adds back (export/import).
//
// Storage: key `dermaroll:<site path>:<calculator>:<field>`; no entries: no key.
//   version 1 (first builds): a JSON array of local "YYYY-MM-DDTHH:MM" strings.
//   version 2 (now): {"version": 2, "entries": [...]}, entries sorted, without duplicates.
// Reading migrates any older version (MIGRATIONS) and writes the current one back. A log
// written by a newer build is shown but never overwritten here (this page is older than it).
// A stored value that cannot be read is kept aside under `<key>:unreadable` before the
// first write replaces it: nothing the reader logged is lost by accident.
//
// File: {"format": FILE_FORMAT, "version": 2, "calculator", "field", "saved", "entries"}.
//
// Limits: `maxEntries` is rules.yaml's max_log_entries (the field's data-max-entries). Reading
// stops one past it, so that a damaged or hostile value cannot grow the page without end, and
// a log over the limit still reaches Python, which refuses it at the field: never trimmed in
// silence, and never trimmed when stored (a migration keeps every entry).

export const VERSION = 2;
export const FILE_FORMAT = "dermaroll-session-log";
const GUARD = 500; // the read limit where a field states none
const MAX_FILE_BYTES = 1_000_000;
const ENTRY = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

// version n -> its data in version n + 1.
const MIGRATIONS = {
  1: (entries) => ({ version: 2, entries }),
};

const strings = (list) => (Array.isArray(list) ? list.filter((e) => typeof e === "string") : []);
const tidy = (entries) => [...new Set(entries)].sort();

// {version, entries} from what was stored; null if it cannot be read.
export function upgrade(stored) {
  let data = stored;
  let version = Array.isArray(stored) ? 1 : stored && Number.isInteger(stored.version) ? stored.version : 0;
  if (!version) return null;
  if (version > VERSION) return { version, entries: strings(stored.entries) };
  while (version < VERSION) {
    data = MIGRATIONS[version](data);
    version = data.version;
  }
  return { version, entries: strings(data.entries) };
}

// A local date and time that exists on the calendar (not "2026-02-30T25:00").
function isEntry(value) {
  const match = typeof value === "string" && ENTRY.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const date = new Date(year, month - 1, day, hour, minute);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day &&
    hour < 24 && minute < 60;
}

// The log of one field of one calculator. `scope` keeps two sites on one origin apart.
export function sessionLog(scope, calculator, field, maxEntries) {
  const key = `dermaroll:${scope}:${calculator}:${field}`;
  const limit = Number.isInteger(maxEntries) && maxEntries > 0 ? maxEntries : undefined;
  const readLimit = limit ? limit + 1 : GUARD;
  let newer = false; // written by a newer build: read only

  function read() {
    let stored;
    try {
      const raw = localStorage.getItem(key);
      if (raw === null) return [];
      stored = safeParse(raw);
    } catch {
      return []; // storage blocked: an empty log, never an error
    }
    const data = upgrade(stored);
    if (!data) return []; // damaged: set aside at the next write
    newer = data.version > VERSION;
    const current = stored && !Array.isArray(stored) && stored.version === VERSION;
    if (!newer && !current) write(data.entries); // an older format: store it, whole, as this build's
    return data.entries.slice(0, readLimit);
  }

  // False when nothing could be written (private mode, full, or a newer build's log).
  function write(entries) {
    if (newer) return false;
    try {
      const old = localStorage.getItem(key);
      if (old !== null && !upgrade(safeParse(old)) && localStorage.getItem(`${key}:unreadable`) === null) {
        localStorage.setItem(`${key}:unreadable`, old);
      }
      if (entries.length) localStorage.setItem(key, JSON.stringify({ version: VERSION, entries: tidy(entries) }));
      else localStorage.removeItem(key);
      return true;
    } catch {
      return false; /* the log lasts for this page only */
    }
  }

  // The log with one more entry, as add() would store it.
  function withEntry(entry) {
    return tidy([...read(), entry]);
  }

  // The file a reader saves: this log, labelled, so that adding it back can be checked.
  function exportFile(savedAt) {
    return JSON.stringify({ format: FILE_FORMAT, version: VERSION, calculator, field,
      saved: savedAt, entries: read() }, null, 2) + "\n";
  }

  return { read, write, withEntry, add: (entry) => write(withEntry(entry)), clear: () => write([]),
    exportFile, isNewer: () => newer, key, limit };
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class ImportProblem extends Error {}

// The entries of a saved log file, checked whole: any problem and nothing is taken.
export function parseFile(text, calculator, field, limit = GUARD) {
  if (text.length > MAX_FILE_BYTES) throw new ImportProblem("This file is too large to be a saved session log.");
  const data = safeParse(text);
  if (!data || typeof data !== "object" || Array.isArray(data) || data.format !== FILE_FORMAT) {
    throw new ImportProblem("This file is not a session log saved by this site.");
  }
  if (!Number.isInteger(data.version) || data.version < 1) {
    throw new ImportProblem("This session log file has no valid version number.");
  }
  if (data.version > VERSION) {
    throw new ImportProblem("This file was saved by a newer version of the site. Reload the page and try again.");
  }
  if (data.calculator !== calculator || data.field !== field) {
    throw new ImportProblem(`This file holds another log (${String(data.calculator)}, ${String(data.field)}).`);
  }
  if (!Array.isArray(data.entries)) throw new ImportProblem("This file has no list of sessions.");
  if (data.entries.length > limit) {
    throw new ImportProblem(`Nothing was added: this file holds ${data.entries.length} sessions; a log keeps at most ${limit}.`);
  }
  const bad = data.entries.map((e, i) => [i + 1, e]).filter(([, e]) => !isEntry(e));
  if (bad.length) {
    const shown = bad.slice(0, 3).map(([n, e]) => `${n} (${JSON.stringify(e).slice(0, 40)})`).join(", ");
    const more = bad.length > 3 ? ` and ${bad.length - 3} more` : "";
    throw new ImportProblem(bad.length === 1
      ? `Nothing was added: entry ${shown} is not a date and time like 2026-03-01T20:00.`
      : `Nothing was added: entries ${shown}${more} are not dates and times like 2026-03-01T20:00.`);
  }
  return tidy(data.entries);
}
