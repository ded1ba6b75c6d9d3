// Material's document$ emits each page its instant navigation brings (and replays the
// current one to a new subscriber). On a calculator page it comes later (theme-later.js).
const theme = () => typeof window.document$ === "object" && window.document$ !== null &&
  typeof window.document$.subscribe === "function";

function whenThemeLoaded(subscribe) {
  if (theme()) subscribe(window.document$);
  else addEventListener("theme:loaded", () => subscribe(window.document$), { once: true });
}

// `fn` for the current page now, and for every page instant navigation brings later.
// (Called again for the current page when the theme arrives late: `fn` must be idempotent.)
export function eachPage(fn) {
  if (!theme()) fn(document); // document$ replays the current page once it subscribes
  whenThemeLoaded((document$) => document$.subscribe(fn));
}

// `fn` for every page instant navigation brings after the current one.
export function laterPages(fn) {
  whenThemeLoaded((document$) => {
    let current = true; // document$ replays the current page on subscribe
    document$.subscribe((page) => { if (!current) fn(page); current = false; });
  });
}
