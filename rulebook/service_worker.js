// The site's service worker: the whole site, offline after one visit. Written into the site
// as sw.js by the build (rulebook/offline.py fills in the four /*…*/ values below).
//
// - Workbox precaches every file of this build (pages, theme, runtime, lock, wheel), each with
//   its sha256 (subresource integrity), so the cache holds exactly this build's bytes.
// - One build at a time: a page and everything it loads come from one build's cache. A newer
//   build installs in the background and waits; the page (offline.mjs) asks it to take over
//   ("take-over") and reloads itself, so that the new build serves the page and all it loads.
//   (Taking over inside the navigation's own fetch cannot work: a waiting worker is not
//   activated while the active one still handles a fetch.)
// - The calculators' memory snapshot (Cache Storage, SNAPSHOT_CACHE) follows the same
//   build: when a build takes over, snapshots of other wheels are deleted.
importScripts(/*WORKBOX*/);

const BUILD = /*BUILD*/ { id: "", wheel: "" };
const ENTRIES = /*ENTRIES*/ [];
const SNAPSHOT_CACHE = /*SNAPSHOT_CACHE*/ ""; // named in docs/assets/js/snapshot-store.mjs

const { precaching, routing } = self.workbox;

// Install fetches check integrity, so they may revalidate against the HTTP cache instead of
// downloading again what the first page load just fetched (the 13 MB runtime).
precaching.addPlugins([{
  requestWillFetch: async ({ request, event }) =>
    event && event.type === "install" && request.cache === "reload"
      ? new Request(request, { cache: "no-cache" })
      : request,
}]);
precaching.precache(ENTRIES);

// The page for a URL, from this build: "x/" is "x/index.html"; the query is the page's state.
async function page(request) {
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const exact = url.pathname.endsWith("/") ? new URL("index.html", url) : url;
  const hit = await precaching.matchPrecache(exact.href);
  if (hit) return hit;
  if (!url.pathname.endsWith("/") && await precaching.matchPrecache(`${url.href}/index.html`)) {
    return Response.redirect(`${url.href}/${new URL(request.url).search}`, 302);
  }
  try {
    return await fetch(request);
  } catch (error) {
    return (await precaching.matchPrecache("404.html")) || Response.error();
  }
}

routing.registerRoute(({ request }) => request.mode === "navigate", ({ request }) => page(request));
// Every other file of the build; query strings (cache keys such as ?v=) do not matter.
precaching.addRoute({ ignoreURLParametersMatching: [/.*/], directoryIndex: "index.html", cleanURLs: false });

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "take-over") self.skipWaiting();
  if (data.type === "build" && event.ports[0]) event.ports[0].postMessage(BUILD);
});

async function dropOtherSnapshots() {
  if (!BUILD.wheel || !SNAPSHOT_CACHE || !(await caches.has(SNAPSHOT_CACHE))) return;
  const cache = await caches.open(SNAPSHOT_CACHE);
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    const inScope = url.href.startsWith(self.registration.scope);
    if (inScope && url.searchParams.has("wheel") && url.searchParams.get("wheel") !== BUILD.wheel) {
      await cache.delete(request);
    }
  }
}

self.addEventListener("activate", (event) => {
  // The first visit's page becomes controlled at once, so that instant navigation works offline.
  event.waitUntil(Promise.all([self.clients.claim(), dropOtherSnapshots()]));
});
