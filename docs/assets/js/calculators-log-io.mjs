// The session log's safety: save it to a file, add a saved file back, and ask the browser to
// keep the site's storage (navigator.storage.persist()). Nothing is overwritten without
// asking: adding a file to a log that is not empty opens a dialog (merge, replace, cancel).
import { ImportProblem, parseFile } from "./calculators-session-log.mjs";
import { localIso } from "./calculators-form.mjs";
import { plural, saveFile } from "./calculators-render.mjs";


// Asked once per page, on the first change the reader makes (Firefox shows a prompt: not on
// a mere visit). The answer is shown where the reader looks after logging.
let asked = null;

function askToKeep(status) {
  asked ??= (async () => {
    if (!navigator.storage || typeof navigator.storage.persist !== "function") return "unsupported";
    try {
      return (await navigator.storage.persisted()) || (await navigator.storage.persist()) ? "granted" : "denied";
    } catch {
      return "denied";
    }
  })();
  return asked.then((answer) => {
    status.dataset.persisted = answer;
    return answer;
  });
}

const MAY_CLEAR = "Your browser may clear this log if space runs short: save it to a file now and then.";
const KEPT_TEXT = { granted: "Your browser will keep this log.", denied: MAY_CLEAR, unsupported: MAY_CLEAR };

// The log, whose changes also ask the browser to keep it; `status` shows the answer.
export function keptLog(log, status) {
  const kept = (changed) => {
    if (changed === false) {
      status.textContent = log.isNewer()
        ? "This log was saved by a newer version of the site: reload the page to change it."
        : "The browser does not let this page store the log: it lasts until the page closes.";
      return changed;
    }
    askToKeep(status).then((answer) => {
      if (!status.textContent) status.textContent = KEPT_TEXT[answer];
    });
    return changed;
  };
  return { ...log, add: (entry) => kept(log.add(entry)), write: (entries) => kept(log.write(entries)),
    clear: () => kept(log.clear()) };
}

// The reader's choice in the import dialog: "merge", "replace" or "cancel" (also Escape).
function ask(dialog, text) {
  dialog.querySelector("[data-log-dialog-text]").textContent = text;
  return new Promise((resolve) => {
    const buttons = Array.from(dialog.querySelectorAll("[data-log-choice]"));
    const done = (choice) => {
      buttons.forEach((b) => { b.onclick = null; });
      dialog.oncancel = null;
      if (dialog.open) dialog.close();
      resolve(choice);
    };
    buttons.forEach((b) => { b.onclick = () => done(b.dataset.logChoice); });
    dialog.oncancel = (event) => { event.preventDefault(); done("cancel"); };
    dialog.showModal();
  });
}

async function addFromFile(file, { log, calculator, field, dialog, say, refresh }) {
  let entries;
  try {
    entries = parseFile(await file.text(), calculator, field, log.limit);
  } catch (error) {
    say(error instanceof ImportProblem ? error.message : `This file could not be read: ${error.message}`);
    return;
  }
  const current = log.read();
  const fresh = entries.filter((e) => !current.includes(e));
  if (!fresh.length) {
    say(`All ${plural(entries.length, "session")} in the file are already in your log.`);
    return;
  }
  let choice = "merge";
  if (current.length) {
    const both = entries.length - fresh.length;
    choice = await ask(dialog,
      `The file has ${plural(entries.length, "session")} (${both} already in your log); ` +
      `your log has ${current.length}. Add to my log: keep all ${current.length + fresh.length}. ` +
      `Replace my log: keep only the file's ${entries.length}; ` +
      `${plural(current.length - both, "session")} of your log would be removed.`);
  }
  if (choice === "cancel") { say("Nothing was changed."); return; }
  const next = choice === "replace" ? entries : [...current, ...fresh];
  if (log.limit && next.length > log.limit) {
    say(`Nothing was added: together that makes ${next.length} sessions; a log keeps at most ${log.limit}. ` +
      "Remove some, or replace your log with the file's.");
    return;
  }
  if (log.write(next) !== false) {
    say(choice === "replace" ? `Your log now holds the file's ${plural(entries.length, "session")}.`
      : `Added ${plural(fresh.length, "session")} from the file.`);
  }
  refresh();
}

// Save and add-back for one datetime-list field; `refresh` redraws the list and recomputes.
export function bindLogFile(field, log, { calculator, refresh }) {
  const status = field.querySelector("[data-log-status]");
  const say = (text) => { status.textContent = text; };
  const name = field.dataset.field;
  const input = field.querySelector("[data-log-file]");
  const dialog = field.querySelector("[data-log-dialog]");
  field.querySelector("[data-log-export]").addEventListener("click", () => {
    const now = localIso(new Date());
    saveFile(log.exportFile(now), "application/json", `derma-rolling-sessions-${now.slice(0, 10)}.json`);
    say(`Saved ${plural(log.read().length, "session")} to a file. Add it back here on any device.`);
  });
  field.querySelector("[data-log-import]").addEventListener("click", () => input.click());
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = ""; // the same file may be chosen again
    if (file) await addFromFile(file, { log, calculator, field: name, dialog, say, refresh });
  });
}
