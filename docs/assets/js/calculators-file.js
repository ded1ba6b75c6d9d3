// Opened from disk (file://), the browser blocks module scripts and Pyodide's fetches, so the
// calculator's own script never runs. This classic script (classic scripts do load there)
// replaces the endless "Loading" with what to do instead.
(function () {
  if (location.protocol !== "file:") return;
  document.querySelectorAll("form[data-calculator] [data-calc-loading]").forEach(function (box) {
    var progress = box.querySelector("progress");
    if (progress) progress.remove();
    box.classList.add("calc-loading--failed");
    box.querySelector("[data-calc-loading-text]").textContent =
      "This calculator cannot run from a file opened on disk: browsers block what it needs. " +
      "Serve the site folder over HTTP (for example: python3 -m http.server), " +
      "or use the reference tables.";
  });
})();
