// The offline copy, page side: registers the service worker (sw.js at the site's root, which
// the build writes with the list of every file of the build) so that the site opens and the
// calculators answer without a network after one visit.
//
// Only a built site offers one: its pages link a web app manifest. Under `mkdocs serve` the
// pages have no manifest link, and a service worker that a built site left on the same
// address is removed here, so that live reload always shows the files being edited.
//
// A page never mixes builds. The service worker serves each page and all it loads from one
// build. As a page loads, it asks whether a newer build exists; the newer one installs in
// the background, then, if the reader has not started typing, takes over and the page
// reloads from it, whole. Otherwise it waits, and takes over at the next page load. A tab
// left open while another took the new build over is from the old build: its next
// navigation is a full page load rather than an instant one.
import { laterPages } from "./theme-pages.mjs";

const ROOT = new URL("../../", import.meta.url); // this file lives in assets/js/
const SW_URL = new URL("sw.js", ROOT);
const BUSY_MS = 30000; // wait at most this long for the page to settle before registering
const QUIET_MS = 1000; // "settled": no file has arrived, and no input, for this long

const offered = () => document.querySelector('link[rel="manifest"]') !== null;

// Once `done()` holds, looked at as attributes change.
const until = (done) => new Promise((resolve) => {
  if (done()) return resolve();
  const observer = new MutationObserver(() => { if (done()) { observer.disconnect(); resolve(); } });
  observer.observe(document.documentElement, { subtree: true, attributes: true });
  setTimeout(() => observer.disconnect(), BUSY_MS); // settled() has stopped waiting by then
});

// Input counts too: filling the copy (13 MB fetched, hashed, stored) slowed answers (README).
const quiet = () => new Promise((resolve) => {
  let timer = 0;
  const observer = new PerformanceObserver(() => wait());
  const wait = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { observer.disconnect(); removeEventListener("input", wait, true); resolve(); }, QUIET_MS);
  };
  observer.observe({ entryTypes: ["resource"] }); // not `type`: older browsers reject it
  addEventListener("input", wait, true);
  wait();
});

// Loaded, its calculator ready (or failed), a held-back theme in (theme-later.js), no file
// and no input for QUIET_MS. Only then does a first visit fill the offline copy (the first
// answer does not wait for it), and is a waiting build asked to take over: asked while the
// old build still served the page's files, Chromium left it waiting (README, Offline).
function settled() {
  const loaded = document.readyState === "complete" ? Promise.resolve()
    : new Promise((resolve) => addEventListener("load", resolve, { once: true }));
  const runs = typeof WebAssembly === "object" && typeof Worker === "function"; // canRun() of calculators-worker-client.mjs
  const busy = () => (runs && document.querySelector("form[data-calculator]:not([data-ready]):not([data-failed])")) ||
    (document.querySelector("script[data-theme-later]") && !document.documentElement.dataset.themeLoaded);
  const settling = loaded.then(() => until(() => !busy())).then(quiet);
  return Promise.race([settling, new Promise((resolve) => setTimeout(resolve, BUSY_MS))]);
}

let touched = false; // the reader has typed into this page: do not reload it under them
addEventListener("input", () => { touched = true; }, { capture: true, once: true });
let takingOver = false;

function takeOver(registration) {
  const waiting = registration.waiting;
  if (!waiting || touched || takingOver) return;
  takingOver = true;
  waiting.postMessage({ type: "take-over" }); // its activation changes our controller: reload
}

// Learn of a newer build at once (it may be installed already), then install it and take over.
function followUpdates(registration) {
  const pageSettled = settled(); // a build waiting or installed: asked only after this
  const watch = (worker) => worker?.addEventListener("statechange", () => {
    if (worker.state === "installed") pageSettled.then(() => takeOver(registration));
  });
  pageSettled.then(() => takeOver(registration));
  watch(registration.installing);
  registration.addEventListener("updatefound", () => watch(registration.installing));
  registration.update().catch(() => {}); // offline: this build is the one
}

async function register() {
  try {
    const registration = navigator.serviceWorker.controller && await navigator.serviceWorker.getRegistration(ROOT.href);
    if (registration) {
      followUpdates(registration);
    } else {
      await settled();
      await navigator.serviceWorker.register(SW_URL);
    }
  } catch (error) {
    console.warn("offline copy not available:", error); // e.g. a host that refuses sw.js
  }
}

async function removeLeftovers() {
  const registration = await navigator.serviceWorker.getRegistration(ROOT.href);
  if (registration && registration.scope === ROOT.href) await registration.unregister();
}

// Another build took over while this page was open: leave it by full page loads only.
function leaveByFullLoads() {
  document.documentElement.dataset.staleBuild = "true";
  addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (link && !link.target && new URL(link.href).origin === location.origin) {
      event.stopPropagation(); // keep it from the theme's instant navigation: a plain load
    }
  }, true);
  laterPages(() => location.reload()); // an instant navigation that got past the click
}

if ("serviceWorker" in navigator && location.protocol !== "file:") {
  if (offered()) {
    // A first visit's page is first taken under control by its own copy: not a change of build.
    let ownCopy = !navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      // Asked by this page; a reader who began typing since keeps the page (older build).
      if (takingOver && !touched) location.reload();
      else if (ownCopy) ownCopy = false;
      else leaveByFullLoads();
    });
    register();
  } else {
    removeLeftovers();
  }
}
