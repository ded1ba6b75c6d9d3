// The theme's bundle, later: on a calculator page opened in full (overrides/main.html holds
// the bundle back there), load Material's bundle once the first answer is on screen (or the
// calculator failed), at the reader's first touch, click or key, or after THEME_LATER_MS,
// whichever comes first. Until then the page is plain HTML and CSS: links load pages in
// full, the navigation drawer opens (the theme does that with CSS); only the search, the
// palette toggle and instant navigation wait. Why: the bundle's 90 ms on the page's thread
// competed with Python's boot for this machine's two cores (README, Performance).
//
// The bundle starts on DOMContentLoaded (its `document$`), long past by then, so that event
// is sent again for it alone: nothing else of ours listens for it. Then <html> gets
// data-theme-loaded and window a `theme:loaded` event, on which theme-pages.mjs subscribes
// the page glue to document$. Classic, not a module: it also runs from file://.
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

  // A form that answered or failed; or no calculator to wait for (file://, no WebAssembly).
  function done() {
    var forms = document.querySelectorAll("form[data-calculator]");
    if (!forms.length || !("WebAssembly" in self) || location.protocol === "file:") return true;
    return document.querySelector("form[data-calculator][data-answered], form[data-calculator][data-failed]") !== null;
  }

  if (done()) { load(); return; }
  READER.forEach(function (type) { addEventListener(type, load, { capture: true, passive: true }); });
  observer = new MutationObserver(function () { if (done()) load(); });
  observer.observe(document.body, { subtree: true, attributes: true,
    attributeFilter: ["data-answered", "data-failed"] });
  timer = setTimeout(load, THEME_LATER_MS);
})();
