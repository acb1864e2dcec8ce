/* Verktøykassa: what Material's search dialog shows beyond its own results
 * (docs-dev/search-at-scale.md).
 *
 * - The kind of each result («Øvelse», «Teori», «Tema», «Opptak», «Historie», «Møteplan»,
 *   «Side» for the site's own pages) as text at the start of its title, from the first
 *   segment of its address: the kinds come from the collection registry, written into
 *   each page as the JSON block #vk-search-kinds (overrides/main.html). Both engines: the
 *   built site's Pagefind worker and the preview's lunr.
 * - With Pagefind (a built site): the true number of matches, and the results past the
 *   first ten. The worker (workers/search-pagefind.js) answers with the best ten, the
 *   total and a MessagePort; this script reads them from Material's component$ (the
 *   search result component passes the worker's answer through), writes «47 treff»
 *   where Material wrote «10 treff», and asks the port for the next ten when the reader
 *   presses «Vis flere» or scrolls (or arrows) to it. They are rendered in Material's
 *   markup, so its styles, its arrow keys and Enter work on them as on the first ten.
 *
 * Loaded once on every page (extra_javascript); the search dialog outlives Material's
 * instant page switches, and so does this script. Texts from the index reach the page
 * as text nodes and <mark> elements only, never as HTML.
 */
(function () {
  "use strict";

  var result = document.querySelector('[data-md-component="search-result"]');
  var config = document.getElementById("__config");
  if (!result || !config) return;
  var meta = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var settings = JSON.parse(config.textContent);
  var base = new URL(settings.base || ".", location.href);
  var highlight = (settings.features || []).indexOf("search.highlight") !== -1;
  var translations = settings.translations || {};
  var kindsBlock = document.getElementById("vk-search-kinds");
  var kinds = kindsBlock ? JSON.parse(kindsBlock.textContent) : {};
  var OTHER = kinds[""] || "Side";

  /* ---- The kind of each result ------------------------------------------------------ */

  // «Øvelse» for …/ovelser/<slug>/, «Side» for a page of the site's own (the finder too).
  function kindOf(href) {
    var url = new URL(href, location.href);
    var path = url.pathname.indexOf(base.pathname) === 0 ? url.pathname.slice(base.pathname.length)
      : url.pathname;
    var parts = path.split("/").filter(Boolean);
    return parts.length > 1 && Object.prototype.hasOwnProperty.call(kinds, parts[0])
      ? kinds[parts[0]] : OTHER;
  }

  function label(item) {
    var link = item.querySelector("a.md-search-result__link");
    var title = link && link.querySelector("h1");
    if (!title || title.querySelector(".vk-search-kind")) return;
    var kind = document.createElement("span");
    kind.className = "vk-search-kind";
    kind.textContent = kindOf(link.href);
    var gap = document.createElement("span");
    gap.className = "vk-sr-only";
    gap.textContent = ": ";
    kind.appendChild(gap);
    title.insertBefore(kind, title.firstChild);
  }

  function labelAll() {
    Array.prototype.forEach.call(list.children, label);
  }

  // Material renders the first results at once and the rest as the list scrolls.
  new MutationObserver(labelAll).observe(list, { childList: true });

  /* ---- More results from the Pagefind worker ----------------------------------------- */

  var state = null;  // the newest answer: {port, terms, shown, total, loading}
  var more = document.createElement("button");
  more.type = "button";
  more.className = "md-button vk-search-more";
  more.hidden = true;
  result.appendChild(more);

  function count(total) {
    var text = total === 1 ? translations["search.result.one"] : translations["search.result.other"];
    return text ? text.replace("#", String(total)) : total + " treff";
  }

  function showMore() {
    if (!state || state.shown >= state.total) {
      more.hidden = true;
      return;
    }
    more.hidden = false;
    more.textContent = state.loading ? "Henter flere treff …"
      : "Vis flere (" + (state.total - state.shown) + " til)";
  }

  // Copies parsed nodes as text nodes, <mark> and <p> elements only; any other element is
  // read as its text. DOMParser's document is inert: nothing in it loads or runs.
  function copy(from, into) {
    from.childNodes.forEach(function (node) {
      var tag = node.nodeType === 1 ? node.tagName : "";
      if (tag === "MARK" || tag === "P") {
        var kept = document.createElement(tag.toLowerCase());
        if (tag === "MARK" && node.hasAttribute("data-md-highlight")) kept.setAttribute("data-md-highlight", "");
        into.appendChild(copy(node, kept));
      } else {
        into.appendChild(document.createTextNode(node.textContent));
      }
    });
    return into;
  }

  // Text from the index (the worker's title with its marks, Pagefind's marked excerpt).
  function rich(html, into) {
    return copy(new DOMParser().parseFromString(String(html), "text/html").body, into);
  }

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  // A result's link as Material makes it: the words to mark on the page opened in `h`.
  function link(doc) {
    var url = new URL(doc.location, base);
    if (highlight) {
      url.searchParams.set("h", Object.keys(doc.terms || {}).filter(function (t) {
        return doc.terms[t];
      }).join(" "));
    }
    var a = el("a", "md-search-result__link");
    a.href = url.href;
    a.tabIndex = -1;
    return a;
  }

  function article(doc, parent) {
    var node = el("article", "md-search-result__article md-typeset");
    node.setAttribute("data-md-score", Number(doc.score || 0).toFixed(2));
    if (parent) node.appendChild(el("div", "md-search-result__icon md-icon"));
    node.appendChild(rich(doc.title, el(parent ? "h1" : "h2")));
    if (doc.text) rich(doc.text, node);
    return node;
  }

  // One result, [page, ...sections], in the markup of Material's renderSearchResultItem:
  // the page with its excerpt, the sections folded under «N flere på denne siden».
  function render(group) {
    var item = el("li", "md-search-result__item");
    var page = link(group[0]);
    page.appendChild(article(group[0], true));
    item.appendChild(page);
    var sections = group.slice(1);
    if (sections.length) {
      var details = el("details", "md-search-result__more");
      var summary = el("summary");
      summary.tabIndex = -1;
      var caption = el("div");
      caption.textContent = sections.length === 1 ? translations["search.result.more.one"]
        : (translations["search.result.more.other"] || "#").replace("#", String(sections.length));
      summary.appendChild(caption);
      details.appendChild(summary);
      sections.forEach(function (section) {
        var a = link(section);
        a.appendChild(article(section, false));
        details.appendChild(a);
      });
      item.appendChild(details);
    }
    return item;
  }

  // Asks the worker for the next results. `focus`: the reader pressed «Vis flere», so focus
  // moves on to the first new result (also when scrolling to the button had already asked).
  function request(focus) {
    var asked = state;
    if (!asked || asked.shown >= asked.total) return;
    asked.focus = asked.focus || focus;
    if (asked.loading) return;
    asked.loading = true;
    showMore();
    asked.port.onmessage = function (event) {
      if (asked !== state) return;  // a newer query has replaced the list
      var items = (event.data && event.data.items) || [];
      asked.loading = false;
      if (!items.length) {  // the worker could not fetch them: stop offering
        asked.total = asked.shown;
        showMore();
        return;
      }
      var first = null;
      items.forEach(function (group) {
        var item = render(group);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      asked.shown += items.length;
      showMore();
      if (asked.focus && first) first.focus();
      asked.focus = false;
    };
    asked.port.postMessage({ from: asked.shown });
  }

  more.addEventListener("click", function () { request(true); });

  // Scrolled to the end of the list, or moved there with the arrow keys: the next ten
  // come without a press, as Material's own search renders its results as the list
  // scrolls, so the arrows go on from the last result to the next.
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) request(false);
    }).observe(more);
  }
  list.addEventListener("focusin", function (event) {
    if (list.lastElementChild && list.lastElementChild.contains(event.target)) request(false);
  });

  // Each answer of the worker, after Material has rendered it: Material's component$
  // emits the search result component with the worker's data.
  function answered(component) {
    if (!component || component.ref !== result || !Array.isArray(component.items)) return;
    if (state && state.port) state.port.onmessage = null;
    state = null;
    if (component.more && typeof component.total === "number" && component.total > component.items.length) {
      state = { port: component.more, shown: component.items.length, total: component.total, loading: false };
      meta.textContent = count(component.total);
    }
    labelAll();
    showMore();
  }

  if (window.component$ && typeof window.component$.subscribe === "function") {
    window.component$.subscribe(answered);
  }
})();
