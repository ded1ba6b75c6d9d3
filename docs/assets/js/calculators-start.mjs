// Loaded from <head> on a calculator page only (overrides/main.html, `async`): starts the
// calculators' worker at once, so Python boots while the theme's CSS and scripts still load,
// instead of after them. calculators.mjs awaits the same start (one worker per tab). The
// wheel's hash, the worker's cache key, comes from the page's own head.
import { calculatorWorker, canRun } from "./calculators-worker-client.mjs";

const runtime = document.querySelector('meta[name="calculators-runtime"]');
if (runtime && canRun()) {
  calculatorWorker.start(runtime.content).catch(() => {}); // the form says why, when it binds
}
