// The status line: one sentence that sums the answer up, in a visually hidden role="status"
// (rulebook/forms.py renders it before the answer). The answer itself is redrawn on every
// input and is not a live region; the status is written only once the input has settled (a
// `change` event: a choice made, a number left or confirmed, a session added or removed; or
// a pause in typing), so a screen reader hears one update per change, not one per keystroke.
import { formatLocal, mmRange, plural, VERDICT_TEXT } from "./calculators-render.mjs";

export const SETTLE_MS = 1000; // a pause in typing this long counts as a settled change

function labelOf(form, name) {
  const control = form.elements.namedItem(name);
  return control?.labels?.[0]?.textContent || "";
}

function summaryOf(form, result) {
  if (!result.valid) {
    const labels = Object.keys(result.errors).map((name) => labelOf(form, name)).filter(Boolean);
    return labels.length ? `No answer yet: check ${labels.join(", ")}.`
      : `No answer: ${Object.values(result.errors).join(" ")}`;
  }
  const parts = [`${VERDICT_TEXT[result.verdict] || result.verdict}.`];
  if (result.recommended_mm) parts.push(`Recommended needle length: ${mmRange(result.recommended_mm)}.`);
  if (result.next_earliest) parts.push(`Next session not before ${formatLocal(result.next_earliest)}.`);
  if (result.plan) parts.push(`Plan: ${plural(result.plan.length, "session")}.`);
  if (result.messages.length) parts.push(`${plural(result.messages.length, "note")} below.`);
  return parts.join(" ");
}

export function createAnnouncer(form) {
  const status = form.querySelector("[data-calc-status]");
  let text = "";
  let timer = 0;
  let settleNext = false;

  function flush() {
    clearTimeout(timer);
    if (status.textContent !== text) status.textContent = text;
  }

  return {
    // After each answer drawn: speak it now if its change is complete, else after a pause.
    answered(result, settled) {
      text = summaryOf(form, result);
      if (settled || settleNext) {
        settleNext = false;
        flush();
      } else {
        clearTimeout(timer);
        timer = setTimeout(flush, SETTLE_MS);
      }
    },
    // A change event: speak the answer to it, at once, or as soon as it arrives.
    settle(answerPending) {
      if (answerPending) settleNext = true;
      else flush();
    },
  };
}
