/* Verktøykassa: the meeting plan on paper (docs-dev/planner.md#printing).
 *
 * The sheets «Skriv ut møteplanen …» prints: the agenda (title, date, start–end and total,
 * a table of clock time, minutes and each block with its purpose, the plan's link in a
 * readable form), then one handout per exercise, taken from the exercise's own page on
 * this same site: for the leader the whole exercise, for the participants only the
 * sections they do. Functions of what planner-page.js hands over; loaded by the
 * planner's page alone. Data is written with textContent only.
 */
(function () {
  "use strict";

  var KIND_WORDS = { ovelse: "øvelse", teori: "teori" };

  /** The agenda sheet. `info`: {title, dateText, start, end, minutes, rows, link}. */
  function agenda(info, variant, core) {
    var el = core.el;
    var sheet = el("section", "vk-agenda");
    sheet.appendChild(el("h1", "", info.title || "Møteplan"));
    var facts = [];
    if (info.dateText) facts.push(info.dateText.charAt(0).toUpperCase() + info.dateText.slice(1));
    facts.push("kl. " + core.clock(info.start) + "–" + core.clock(info.end));
    facts.push(info.minutes + " min");
    sheet.appendChild(el("p", "vk-agenda__facts", facts.join(" · ")));
    var table = el("table", "vk-agenda__table");
    var head = el("tr");
    ["Tid", "Min", "Punkt"].forEach(function (text) {
      var th = el("th", "", text);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    info.rows.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("td", "vk-agenda__time", core.clock(row.from) + "–" + core.clock(row.to)));
      tr.appendChild(el("td", "vk-agenda__minutes", String(row.minutes)));
      var cell = el("td");
      cell.appendChild(el("strong", "", row.title));
      if (KIND_WORDS[row.kind]) cell.appendChild(document.createTextNode(" (" + KIND_WORDS[row.kind] + ")"));
      if (row.description) cell.appendChild(el("span", "vk-agenda__purpose", row.description));
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    sheet.appendChild(table);
    sheet.appendChild(el("p", "vk-agenda__variant", variant === "deltakere"
      ? "Utskrift for deltakerne." : "Utskrift for den som leder møtet."));
    sheet.appendChild(el("p", "vk-print-address", "Planen på nett: " +
      window.vkPlannerExport.readableLink(info.link)));
    return sheet;
  }

  /** An address in a fetched page, made absolute; only this site's own pages are read. */
  function sameSite(url) {
    var absolute = new URL(url, location.href);
    return absolute.origin === location.origin ? absolute : null;
  }

  /**
   * One exercise's handout from its page: the article up to «Relatert», without
   * buttons, scripts, permalinks or ids; for the participants only the sections they
   * do (`keep`) and the summary's key facts.
   */
  function handout(doc, pageUrl, variant, keep, core) {
    var source = doc.querySelector(".md-content article");
    if (!source) return null;
    var sheet = core.el("section", "vk-handout");
    var section = null;
    var done = false;
    Array.prototype.forEach.call(source.children, function (child) {
      if (done || child.matches("script, .vk-print, .vk-plan-add, .vk-print-address, .md-content__button")) return;
      if (child.tagName === "H2") {
        if (child.id === "relatert") { done = true; return; }
        section = core.headingText(child);
      }
      if (variant === "deltakere" && section !== null && keep.indexOf(section) < 0) return;
      var copied = document.importNode(child, true);
      copied.querySelectorAll("script, .headerlink, button").forEach(function (n) { n.remove(); });
      if (variant === "deltakere") {
        copied.querySelectorAll(".vk-summary__fact:not(.vk-summary__fact--key)").forEach(function (n) { n.remove(); });
      }
      [copied].concat(Array.prototype.slice.call(copied.querySelectorAll("[id], [href], [src]"))).forEach(function (n) {
        n.removeAttribute("id");
        ["href", "src"].forEach(function (name) {
          var value = n.getAttribute(name);
          if (value !== null && n.namespaceURI === "http://www.w3.org/1999/xhtml") {
            n.setAttribute(name, new URL(value, pageUrl).href);
          }
        });
      });
      sheet.appendChild(copied);
    });
    sheet.appendChild(core.el("p", "vk-print-address", "Nettadresse: " + pageUrl));
    return sheet;
  }

  /** An exercise's page, fetched from this site: {title, url, doc} (doc null when it failed). */
  function fetchPage(row) {
    var url = sameSite(row.url);
    var page = { title: row.title, url: url ? url.href : row.url, doc: null };
    if (!url) return Promise.resolve(page);
    return fetch(url.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
      .then(function (text) {
        page.doc = new DOMParser().parseFromString(text, "text/html");
        return page;
      })
      .catch(function () { return page; });
  }

  /** The agenda, then a handout for each fetched page (or a line with its address). */
  function sheets(info, variant, pages, keep, core) {
    return [agenda(info, variant, core)].concat(pages.map(function (page) {
      var sheet = page.doc ? handout(page.doc, page.url, variant, keep, core) : null;
      if (!sheet) {
        sheet = core.el("section", "vk-handout");
        sheet.appendChild(core.el("h2", "", page.title));
        sheet.appendChild(core.el("p", "", "Øvelsesarket kunne ikke hentes. Skriv det ut fra " + page.url + "."));
      }
      return sheet;
    }));
  }

  window.vkPlannerPrint = { sheets: sheets, fetchPage: fetchPage };
})();
