/* The preview's search (make serve): Material's own search worker, with its index fetched
 * here, off the page. Material's page script fetches search/search_index.json, parses it
 * and copies it to its worker on the page's own thread, on every reload after a save: at
 * 500 items 8.9 MB, a fifth of a second in which the reloaded page cannot paint. Under the
 * preview that file holds the configuration only, and this worker, which Material's page
 * starts instead of its own (the page's __config names it, with Material's worker as
 * `material`), fetches search/preview_index.json itself and hands it to Material's worker
 * code, loaded here. The design is in docs-dev/performance.md. A built site uses
 * search-pagefind.js instead.
 */
"use strict";

const SETUP = 0, QUERY = 2, RESULT = 3;
const own = new URL(self.location.href);
// Material's worker, beside this file: a name such as search.a7633da7.min.js, nothing else.
const material = own.searchParams.get("material") || "";
const root = new URL("../../../", own).href;  // this file is <root>/assets/javascripts/workers/
let replaying = false;
let missing = false;  // the index could not be loaded: every query gets a notice, not «Ingen treff»

addEventListener("message", event => {
  if (missing && event.data && event.data.type === QUERY) {
    event.stopImmediatePropagation();
    const items = String(event.data.data || "").trim() ? [[{
      location: "", score: 1, terms: {},
      title: "Søket er ikke tilgjengelig",
      text: "<p>Forhåndsvisningens søkeindeks kunne ikke lastes. Se etter feil der " +
            "<code>make serve</code> kjører, og last siden på nytt.</p>"
    }]] : [];
    postMessage({type: RESULT, data: {items}});
    return;
  }
  if (replaying || !event.data || event.data.type !== SETUP) return;
  event.stopImmediatePropagation();  // Material's worker gets the whole index below instead
  // What the page sends: its configuration, no pages, and its options (search.suggest).
  const given = event.data.data || {};
  fetch(new URL("search/preview_index.json", root))
    .then(response => response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`)))
    .then(index => Array.isArray(index.docs) ? index.docs : [])
    .catch(error => {
      console.warn("The preview's search index could not be loaded:", error);
      missing = true;
      return [];
    })
    .then(docs => {
      replaying = true;
      try {
        self.dispatchEvent(new MessageEvent("message", {data: {type: SETUP, data: {...given, docs}}}));
      } finally {
        replaying = false;
      }
    });
});

if (/^search\.[0-9a-f]+\.min\.js$/.test(material)) {
  importScripts(new URL(material, own).href);  // its listener comes after ours
} else {
  console.warn(`Not Material's search worker: «${material}»`);
}
