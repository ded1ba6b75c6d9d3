// The theme's pages, for the page glue: Material's instant navigation swaps pages without
// reloading scripts, and its `document$` emits each page (the current one again to a new
// subscriber). On a calculator page opened in full the theme arrives later (theme-later.js),
// so `document$` may not exist yet when our modules run. Without the theme at all, the
// current page is the only one.
const theme = () => typeof window.document$ === "object" && window.document$ !== null &&
  typeof window.document$.subscribe === "function";

function whenThemeLoaded(subscribe) {
  if (theme()) subscribe(window.document$);
  else addEventListener("theme:loaded", () => subscribe(window.document$), { once: true });
}

// `fn` for the current page now, and for every page instant navigation brings later.
// (Called again for the current page when the theme arrives late: `fn` must be idempotent.)
export function eachPage(fn) {
  if (theme()) { window.document$.subscribe(fn); return; }
  fn(document);
  whenThemeLoaded((document$) => document$.subscribe(fn));
}

// `fn` for every page instant navigation brings after the current one.
export function laterPages(fn) {
  whenThemeLoaded((document$) => {
    let current = true; // document$ replays the current page on subscribe
    document$.subscribe((page) => { if (!current) fn(page); current = false; });
  });
}
