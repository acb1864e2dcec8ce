/* Material's search dialog, answered by Pagefind; the design is in
 * docs-dev/search-at-scale.md. Every page fetches this file as it opens and it is served
 * as written, so its comments stay short.
 *
 * Material's worker protocol (9.8): SETUP (0) → READY (1); QUERY (2, the text) → RESULT
 * (3, {items: [[page, ...sections]]}), so Material's dialog, keys and texts stay. Pagefind
 * (a module: dynamic import) loads at the first letter typed, not when a page opens.
 * A RESULT also carries `total` (every match) and, when there are more than SHOWN, a
 * MessagePort `more` on which docs/assets/javascripts/search.js asks for the next SHOWN.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 10;        // results whose fragments are fetched and shown
const SECTIONS = 5;      // sections (headings) listed under a result
const SETTLE = 40;       // ms without a newer key press before a query is searched
const SHORT = 2;         // a last word this short (letters) is searched only after
const PAUSE = 350;       // a pause in the typing this long (ms): see answer()

// The version's root: this file is <root>/assets/javascripts/workers/search-pagefind.js.
const root = new URL("../../../", self.location.href).href;
let pagefind = null;     // the promise of the Pagefind module, once loading started
let latest = 0;          // the newest query; answers to older ones are dropped
let more = null;         // the port on which the page asks for more of the newest answer

function escape(text) {
  return String(text).replace(/[&<>"']/g, c => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"
  })[c]);
}

// Query words, as Material gives them to the page opened (`?h=`) for highlighting.
function termsOf(query) {
  const terms = {};
  for (const word of query.toLowerCase().split(/[\s\-]+/))
    if (word) terms[word.replace(/^[+\-]|[*~^]\d*$/g, "")] = true;
  return terms;
}

// Highlight the query words at the start of words in a title, as Material's lunr
// search does; Pagefind's excerpts come with <mark> already. Material shows the title
// as HTML, and a title is text from the page (Pagefind gives it unescaped): the words
// are found in the text, and every piece of it is escaped on its way into the HTML.
function markTitle(title, terms) {
  const text = String(title);
  const words = Object.keys(terms).filter(Boolean).sort((a, b) => b.length - a.length)
    .map(term => term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!words.length) return escape(text);
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])((?:${words.join("|")})[\\p{L}\\p{N}]*)`, "giu");
  let html = "", done = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index + match[1].length;
    html += escape(text.slice(done, start)) + `<mark data-md-highlight>${escape(match[2])}</mark>`;
    done = start + match[2].length;
  }
  return html + escape(text.slice(done));
}

// A Pagefind URL (absolute, inside this version) as Material's location, relative to it.
function locationOf(url) {
  const absolute = new URL(url, root).href;
  return absolute.startsWith(root) ? absolute.slice(root.length) : absolute;
}

function load() {
  if (!pagefind) {
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async module => {
      await module.options({language: "nb", excerptLength: 24});
      await module.init();
      return module;
    });
    pagefind.catch(() => { pagefind = null; });  // try again on the next query
  }
  return pagefind;
}

// One Material result: the page first, then the sections where the words occur.
function group(data, score, terms) {
  const page = {
    location: locationOf(data.url), title: markTitle(data.meta.title || data.url, terms),
    text: data.excerpt ? `<p>${data.excerpt}</p>` : "", score, terms
  };
  const sections = (data.sub_results || [])
    .filter(section => section.url.includes("#") && section.title !== data.meta.title)
    .slice(0, SECTIONS)
    .map((section, i) => ({
      location: locationOf(section.url), title: markTitle(section.title, terms),
      text: section.excerpt ? `<p>${section.excerpt}</p>` : "",
      score: score * (0.9 - i * 0.01), terms
    }));
  return [page, ...sections];
}

// Shown when this build's index cannot be loaded: a result that says so, in Norwegian.
function notice() {
  return [[{
    location: "", score: 1, terms: {},
    title: "Søket er ikke tilgjengelig",
    text: "<p>Søkeindeksen ble ikke funnet eller kunne ikke lastes. Prøv å laste siden på nytt; " +
          "i forhåndsvisningen (<code>make serve</code>) brukes Materials eget søk.</p>"
  }]];
}

// The results from `from` on, SHOWN of them, as Material's items.
async function page(results, from, terms) {
  const shown = results.slice(from, from + SHOWN);
  const data = await Promise.all(shown.map(result => result.data()));
  return data.map((d, i) => group(d, shown[i].score, terms));
}

// A port for the page to ask for more of this answer: {from} → {from, items}.
function offer(results, terms, id) {
  if (more) more.close();
  const channel = new MessageChannel();
  more = channel.port1;
  more.onmessage = async event => {
    const from = Math.max(0, Math.floor(Number(event.data && event.data.from) || 0));
    let items = [];
    try {
      if (id === latest) items = await page(results, from, terms);
    } catch (error) {
      console.warn("Pagefind could not fetch more results:", error);
    }
    if (id === latest) channel.port1.postMessage({from, items});
  };
  return channel.port2;
}

async function answer(query, id) {
  // Keys typed in quick succession (or pasted text arriving as keys) are one query: only
  // the newest is searched, so no index chunks or fragments are fetched for the prefixes.
  // A last word of one or two letters («p», «ps») is a prefix of a whole index chunk or
  // more: it waits for a pause, so a reader typing on fetches the chunks of the words
  // meant only (2,000 items, «psykologisk trygghet» at 150 ms a key: index chunks 246 KB
  // with every prefix searched, 103 KB so).
  const last = Array.from(query.split(/\s+/).pop() || "");
  await new Promise(resolve => setTimeout(resolve, last.length <= SHORT ? PAUSE : SETTLE));
  if (id !== latest) return null;
  const terms = termsOf(query);
  let module;
  try {
    module = await load();
  } catch (error) {
    console.warn("Pagefind could not be loaded:", error);
    return {items: notice()};
  }
  if (id !== latest) return null;  // typed on while Pagefind loaded: answer the newest only
  const search = await module.search(query);
  if (id !== latest || !search) return null;
  const items = await page(search.results, 0, terms);
  if (id !== latest) return null;
  const total = search.results.length;
  return {items, total, more: total > items.length ? offer(search.results, terms, id) : null};
}

addEventListener("message", async event => {
  const message = event.data;
  if (message.type === SETUP) {
    postMessage({type: READY});
  } else if (message.type === QUERY) {
    const id = ++latest;
    const query = String(message.data || "").trim();
    if (more) {  // the page may not ask for more of an older answer
      more.close();
      more = null;
    }
    if (query) load().catch(() => {});  // at the first letter; a missing index is reported below
    if (!query) {  // Material asks with the empty field as it starts
      postMessage({type: RESULT, data: {items: []}});
      return;
    }
    try {
      const data = await answer(query, id);
      if (data) postMessage({type: RESULT, data}, data.more ? [data.more] : []);
    } catch (error) {
      console.warn(`Search failed for «${query}»:`, error);
      if (id === latest) postMessage({type: RESULT, data: {items: []}});
    }
  }
});
