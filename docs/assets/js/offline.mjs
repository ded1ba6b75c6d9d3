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
const BUSY_MS = 30000; // wait at most this long for the calculators to be ready before registering

const offered = () => document.querySelector('link[rel="manifest"]') !== null;

// The first visit downloads the site again into the offline copy: do that once the page and
// its calculator have loaded, so that the reader's first answer does not wait for it.
function settled() {
  const loaded = document.readyState === "complete" ? Promise.resolve()
    : new Promise((resolve) => addEventListener("load", resolve, { once: true }));
  return loaded.then(() => new Promise((resolve) => {
    const busy = () => document.querySelector("form[data-calculator]:not([data-ready]):not([data-failed])");
    if (!busy()) return resolve();
    const observer = new MutationObserver(() => { if (!busy()) { observer.disconnect(); resolve(); } });
    observer.observe(document.body, { subtree: true, attributes: true });
    setTimeout(() => { observer.disconnect(); resolve(); }, BUSY_MS);
  }));
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
  const watch = (worker) => worker?.addEventListener("statechange", () => {
    if (worker.state === "installed") takeOver(registration);
  });
  // A build that was waiting when this page loaded: ask it once the page has settled. Asked
  // while the old build still served this page's load, Chromium left it waiting in 9 of 19
  // the runs (tests/test_browser_offline.py), and the reader stayed on the old build.
  settled().then(() => takeOver(registration));
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
    const hadController = Boolean(navigator.serviceWorker.controller);
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (takingOver) location.reload(); // this page asked the newer build to take over
      // (The first visit's page being taken under control is not a change of build.)
      else if (hadController) leaveByFullLoads();
    });
    register();
  } else {
    removeLeftovers();
  }
}
