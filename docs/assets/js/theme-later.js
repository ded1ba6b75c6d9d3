// Calculator pages hold the theme's bundle back (overrides/main.html; README, Performance):
// it loads after the first answer or failure, the reader's first touch or key, or
// THEME_LATER_MS. It starts on DOMContentLoaded, long past by then, so that is sent again
// (nothing else of ours listens); then theme-pages.mjs subscribes the glue. Classic: file:// too.
(function () {
  "use strict";
  var THEME_LATER_MS = 10000;
  var holder = document.querySelector("script[data-theme-later]");
  if (!holder) return;
  var started = false;
  var timer = 0;
  var observer = null;
  var READER = ["pointerdown", "keydown", "focusin", "touchstart"];

  function load() {
    if (started) return;
    started = true;
    clearTimeout(timer);
    if (observer) observer.disconnect();
    READER.forEach(function (type) { removeEventListener(type, load, true); });
    var script = document.createElement("script");
    script.src = holder.getAttribute("data-theme-later");
    script.addEventListener("load", function () {
      document.dispatchEvent(new Event("DOMContentLoaded"));
      document.documentElement.setAttribute("data-theme-loaded", "true");
      dispatchEvent(new Event("theme:loaded"));
    });
    document.body.appendChild(script);
  }

  function done() {
    var forms = document.querySelectorAll("form[data-calculator]");
    // Nothing will answer: no form, or canRun() (calculators-worker-client.mjs) is false, or file://.
    if (!forms.length || typeof WebAssembly !== "object" || typeof Worker !== "function" ||
        location.protocol === "file:") return true;
    return document.querySelector("form[data-calculator][data-answered], form[data-calculator][data-failed]") !== null;
  }

  if (done()) { load(); return; }
  READER.forEach(function (type) { addEventListener(type, load, { capture: true, passive: true }); });
  observer = new MutationObserver(function () { if (done()) load(); });
  observer.observe(document.body, { subtree: true, attributes: true,
    attributeFilter: ["data-answered", "data-failed"] });
  timer = setTimeout(load, THEME_LATER_MS);
})();
