/* Verktøykassa: the meeting planner (møteplan).
 *
 * On every page: the header's link to the plan with its count, «Legg i møteplanen» on
 * an exercise page and on each card of the finder, and the exercise page's «Skriv ut for
 * deltakerne». On /moteplan/ (toolkit/pages/planner.py): the planner itself, which lists
 * the blocks with clock times, moves, removes and re-times them, shares the plan as a
 * link and prints it with each exercise's handout.
 *
 * The whole plan is the page's address (format: docs-dev/planner.md), mirrored in
 * localStorage under a key that holds this version's base path, so each cohort's
 * version keeps its own plan. Nothing is sent anywhere; printing fetches the exercise
 * pages of this same site. Data from the page is written with textContent only.
 *
 * Loaded on every page (mkdocs.yml's extra_javascript). Material's instant navigation
 * swaps the content without reloading scripts, so each page is set up from Material's
 * document$, which emits on the first load and after every page switch; the header is
 * not swapped, so its link is made once and kept up to date.
 */
(function () {
  "use strict";

  var MAX_MINUTES = 480;
  var RESERVED = ["pause", "punkt", "teori"];
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var DEFAULTS = { start: "09:00", teori: 15, pause: 10, punkt: 10 };
  var MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "desember"];
  var WEEKDAYS = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];
  var KIND_LABELS = { ovelse: "Øvelse", teori: "Teori", pause: "Pause", punkt: "Eget punkt" };
  var ICON = "M21 11.11V5a2 2 0 0 0-2-2h-4.18C14.4 1.84 13.3 1 12 1s-2.4.84-2.82 2H5c-1.1 0-2 .9-2 2v14a2 2 0 0 0 2 2h6.11c1.26 1.24 2.98 2 4.89 2 3.87 0 7-3.13 7-7 0-1.91-.76-3.63-2-4.89M12 3c.55 0 1 .45 1 1s-.45 1-1 1-1-.45-1-1 .45-1 1-1M5 19V5h2v2h10V5h2v4.68c-.91-.43-1.92-.68-3-.68H7v2h4.1c-.6.57-1.06 1.25-1.42 2H7v2h2.08c-.05.33-.08.66-.08 1 0 1.08.25 2.09.68 3zm11 2c-2.76 0-5-2.24-5-5s2.24-5 5-5 5 2.24 5 5-2.24 5-5 5m.5-4.75 2.86 1.69-.75 1.22L15 17v-5h1.5z";

  // This version's root, from Material's config on the page the script was loaded with
  // (config.base is relative to that page; after an instant page switch it would not be).
  var ROOT = (function () {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(config.base || ".", location.href).href.replace(/\/?$/, "/");
    } catch (error) {
      return new URL("/", location.href).href;
    }
  })();
  var KEY = "vk-moteplan:" + new URL(ROOT).pathname;

  /* ---- The plan as an address ------------------------------------------------------- */

  function decode(text) {
    try { return decodeURIComponent(text); } catch (error) { return text; }
  }

  function minutesOf(text) {
    if (!/^\d{1,4}$/.test(String(text))) return null;
    var number = parseInt(text, 10);
    return number >= 1 && number <= MAX_MINUTES ? number : null;
  }

  function startOf(text) {
    var m = /^(\d{1,2})[:.](\d{2})$/.exec(String(text || "").trim());
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
    return (m[1].length === 1 ? "0" : "") + m[1] + ":" + m[2];
  }

  function emptyPlan() {
    return { start: DEFAULTS.start, tid: null, tittel: "", dato: "", blocks: [] };
  }

  var nextKey = 1; // blocks keep a key across moves, so focus can follow them

  function block(fields) {
    fields.key = nextKey++;
    return fields;
  }

  /** One token of `blokker`, or null when it cannot be read. */
  function parseToken(token) {
    var parts = token.split(":");
    var head = decode(parts[0]);
    if (head === "pause") {
      return block({ kind: "pause", minutes: minutesOf(parts[1]) || DEFAULTS.pause });
    }
    if (head === "teori") {
      var slug = decode(parts[1] || "");
      if (!SLUG.test(slug)) return null;
      return block({ kind: "teori", slug: slug, minutes: minutesOf(parts[2]) || DEFAULTS.teori });
    }
    if (head === "punkt") {
      var text = decode(parts.slice(2).join(":").replace(/\+/g, " ")).trim().slice(0, 200);
      return block({ kind: "punkt", text: text, minutes: minutesOf(parts[1]) || DEFAULTS.punkt });
    }
    if (!SLUG.test(head) || parts.length > 2) return null;
    return block({ kind: "ovelse", slug: head, minutes: parts.length > 1 ? minutesOf(parts[1]) : null });
  }

  /**
   * A plan from an address query. `blokker` is split on its raw commas before decoding,
   * so a comma inside a free item's text (%2C) stays in the text.
   */
  function parseQuery(search) {
    var plan = emptyPlan();
    plan.hasBlocks = false;
    plan.dropped = 0;
    String(search || "").replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("=");
      var name = decode(at < 0 ? pair : pair.slice(0, at));
      var raw = at < 0 ? "" : pair.slice(at + 1);
      var value = decode(raw.replace(/\+/g, " "));
      if (name === "start") plan.start = startOf(value) || plan.start;
      else if (name === "tid") plan.tid = minutesOf(value);
      else if (name === "tittel") plan.tittel = value.trim().slice(0, 120);
      else if (name === "dato") plan.dato = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "";
      else if (name === "blokker") {
        plan.hasBlocks = true;
        raw.split(",").forEach(function (token) {
          if (!token) return;
          var parsed = parseToken(token);
          if (parsed) plan.blocks.push(parsed);
          else plan.dropped += 1;
        });
      }
    });
    return plan;
  }

  function token(b) {
    if (b.kind === "ovelse") return b.slug + (b.minutes ? ":" + b.minutes : "");
    if (b.kind === "teori") return "teori:" + b.slug + ":" + b.minutes;
    if (b.kind === "pause") return "pause:" + b.minutes;
    return "punkt:" + b.minutes + ":" + encodeURIComponent(b.text);
  }

  /** The address query of a plan, in the order toolkit/pages/planner.py's query() writes. */
  function serialise(plan) {
    var parts = ["start=" + plan.start];
    if (plan.tid) parts.push("tid=" + plan.tid);
    if (plan.tittel) parts.push("tittel=" + encodeURIComponent(plan.tittel));
    if (plan.dato) parts.push("dato=" + plan.dato);
    if (plan.blocks.length) parts.push("blokker=" + plan.blocks.map(token).join(","));
    return "?" + parts.join("&");
  }

  /* ---- Storage: this version's plan, kept in the browser -------------------------------- */

  function readStored() {
    try {
      var value = JSON.parse(localStorage.getItem(KEY));
      return value && typeof value.query === "string" ? value : null;
    } catch (error) {
      return null;
    }
  }

  function writeStored(plan, minutes) {
    var value = JSON.stringify({ query: serialise(plan), blocks: plan.blocks.length, minutes: minutes });
    try { localStorage.setItem(KEY, value); } catch (error) { /* private mode: the address still holds it */ }
    return value;
  }

  /* Addresses this tab's planner wrote itself. Back in the history to one of them, the
     plan in storage is newer; any other address with blocks is a link from somewhere
     else, and wins over storage. Per tab (sessionStorage), so a link opened in a new
     tab or a colleague's browser always shows its own plan. */
  var OWN_KEY = KEY + ":skrevet";

  function ownQueries() {
    try { return JSON.parse(sessionStorage.getItem(OWN_KEY)) || []; } catch (error) { return []; }
  }

  function rememberOwn(query) {
    var list = ownQueries().filter(function (q) { return q !== query; });
    list.push(query);
    try { sessionStorage.setItem(OWN_KEY, JSON.stringify(list.slice(-50))); } catch (error) { /* no matter */ }
  }

  /* ---- Words -------------------------------------------------------------------------- */

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /** Minutes after midnight as Norwegian clock time: 570 → «09.30». */
  function clock(minutes) {
    var day = ((minutes % 1440) + 1440) % 1440;
    return pad(Math.floor(day / 60)) + "." + pad(day % 60);
  }

  function startMinutes(start) {
    var parts = start.split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function points(count) {
    return count === 1 ? "1 punkt" : count + " punkter";
  }

  function longDate(iso) {
    var parts = iso.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    if (isNaN(day.getTime())) return iso;
    return WEEKDAYS[day.getUTCDay()] + " " + parts[2] + ". " + MONTHS[parts[1] - 1] + " " + parts[0];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function srOnly(text) {
    return el("span", "vk-sr-only", text);
  }

  /* ---- A polite live region for what the buttons did ------------------------------------ */

  function announcer() {
    var region = document.getElementById("vk-plan-announce");
    if (!region) {
      region = el("div", "vk-sr-only");
      region.id = "vk-plan-announce";
      region.setAttribute("aria-live", "polite"); // no role: the finder's count is the page's status
      region.setAttribute("aria-atomic", "true");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(region, text) {
    // Emptied first, so that the same words said twice are read twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  /* ---- The header's link to the plan ---------------------------------------------------- */

  function updateHeaderLink() {
    var inner = document.querySelector(".md-header__inner");
    if (!inner) return;
    var link = inner.querySelector(".vk-plan-link");
    if (!link) {
      link = el("a", "md-header__button vk-plan-link");
      var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("viewBox", "0 0 24 24");
      svg.setAttribute("aria-hidden", "true");
      var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("d", ICON);
      svg.appendChild(path);
      link.appendChild(svg);
      link.appendChild(el("span", "vk-plan-link__label", "Møteplan"));
      link.appendChild(el("span", "vk-plan-link__count"));
      var title = inner.querySelector(".md-header__title");
      if (title) title.after(link); else inner.appendChild(link);
    }
    var stored = readStored();
    var count = stored ? stored.blocks : 0;
    link.hidden = !count;
    link.href = ROOT + "moteplan/" + (stored ? stored.query : "");
    var number = link.querySelector(".vk-plan-link__count");
    number.textContent = "";
    number.appendChild(document.createTextNode(String(count)));
    number.appendChild(srOnly(count === 1 ? " punkt" : " punkter"));
  }

  /* ---- «Legg i møteplanen» on exercise pages and finder cards ---------------------------- */

  function addToStoredPlan(slug, title, duration) {
    var stored = readStored();
    var plan = stored ? parseQuery(stored.query) : emptyPlan();
    plan.blocks.push(block({ kind: "ovelse", slug: slug, minutes: null }));
    var minutes = (stored && stored.minutes ? stored.minutes : 0) + (duration || 0);
    writeStored(plan, minutes);
    updateHeaderLink();
    return "«" + title + "» er lagt i møteplanen. Planen har nå " + points(plan.blocks.length) +
      ", til sammen " + minutes + " minutter.";
  }

  function bindAddButton(button, status, slug, title, duration) {
    var region = announcer();
    button.addEventListener("click", function () {
      var message = addToStoredPlan(slug, title, duration);
      status.textContent = message + " ";
      var open = el("a", "vk-plan-add__open", "Åpne møteplanen");
      open.href = ROOT + "moteplan/" + serialise(parseQuery(readStored().query));
      status.appendChild(open);
      announce(region, message);
    });
  }

  function setUpExercisePage() {
    document.querySelectorAll("[data-vk-plan-add]").forEach(function (button) {
      if (button.getAttribute("data-vk-ready")) return;
      button.setAttribute("data-vk-ready", "true");
      var row = button.closest(".vk-plan-add");
      var status = row.querySelector(".vk-plan-add__status");
      bindAddButton(button, status, button.getAttribute("data-vk-plan-add"),
        button.getAttribute("data-vk-title"), Number(button.getAttribute("data-vk-duration")));
      row.hidden = false;
    });
  }

  function setUpFinder() {
    document.querySelectorAll("#vk-finder-list .vk-card").forEach(function (card) {
      if (card.querySelector(".vk-card__add")) return;
      var slug = (card.getAttribute("data-id") || "").split("/").pop();
      var link = card.querySelector(".vk-card__title a");
      if (!SLUG.test(slug) || !link) return;
      var title = link.textContent.trim();
      var row = el("p", "vk-card__add");
      var button = el("button", "md-button vk-plan-add__button", "Legg i møteplanen");
      button.type = "button";
      button.appendChild(srOnly(": " + title));
      var status = el("span", "vk-plan-add__status");
      row.appendChild(button);
      row.appendChild(document.createTextNode(" "));
      row.appendChild(status);
      card.appendChild(row);
      bindAddButton(button, status, slug, title, Number(card.getAttribute("data-duration")));
    });
  }

  /* ---- Printing: handouts, for the leader or the participants ---------------------------- */

  function headingText(heading) {
    var text = "";
    heading.childNodes.forEach(function (node) {
      if (!(node.classList && node.classList.contains("headerlink"))) text += node.textContent;
    });
    return text.trim();
  }

  /**
   * The exercise page's «Skriv ut for deltakerne»: the sections the participants do
   * not need are marked, and print.css leaves them off paper while the page prints.
   */
  function setUpParticipantPrint() {
    document.querySelectorAll("[data-vk-print-participants]").forEach(function (button) {
      if (button.getAttribute("data-vk-ready")) return;
      button.setAttribute("data-vk-ready", "true");
      var keep = JSON.parse(button.getAttribute("data-vk-print-participants"));
      var article = button.closest("article");
      button.hidden = false;
      button.addEventListener("click", function () {
        var section = null;
        Array.prototype.forEach.call(article.children, function (child) {
          // «Relatert» and the address after it: print.css already keeps the address alone.
          if (child.tagName === "H2") section = child.id === "relatert" ? null : headingText(child);
          child.classList.toggle("vk-leader-only", section !== null && keep.indexOf(section) < 0);
        });
        document.documentElement.setAttribute("data-vk-print", "deltakere");
        window.print();
      });
    });
  }

  window.addEventListener("afterprint", function () {
    document.documentElement.removeAttribute("data-vk-print");
  });

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
  function handout(doc, pageUrl, variant, keep) {
    var article = doc.querySelector(".md-content article");
    if (!article) return null;
    var sheet = el("section", "vk-handout");
    var section = null;
    var done = false;
    Array.prototype.forEach.call(article.children, function (child) {
      if (done || child.matches("script, .vk-print, .vk-plan-add, .vk-print-address, .md-content__button")) return;
      if (child.tagName === "H2") {
        if (child.id === "relatert") { done = true; return; }
        section = headingText(child);
      }
      if (variant === "deltakere" && section !== null && keep.indexOf(section) < 0) return;
      var copy = document.importNode(child, true);
      copy.querySelectorAll("script, .headerlink, button").forEach(function (n) { n.remove(); });
      if (variant === "deltakere") {
        copy.querySelectorAll(".vk-summary__fact:not(.vk-summary__fact--key)").forEach(function (n) { n.remove(); });
      }
      [copy].concat(Array.prototype.slice.call(copy.querySelectorAll("[id], [href], [src]"))).forEach(function (n) {
        n.removeAttribute("id");
        ["href", "src"].forEach(function (name) {
          var value = n.getAttribute(name);
          if (value !== null && n.namespaceURI === "http://www.w3.org/1999/xhtml") {
            n.setAttribute(name, new URL(value, pageUrl).href);
          }
        });
      });
      sheet.appendChild(copy);
    });
    var address = el("p", "vk-print-address", "Nettadresse: " + pageUrl);
    sheet.appendChild(address);
    return sheet;
  }

  /* ---- The planner at /moteplan/ ----------------------------------------------------- */

  var active = null; // the planner on the page now, for the storage event

  function setUpPlanner() {
    var root = document.getElementById("vk-planner");
    if (!root || root.getAttribute("data-vk-ready")) return;
    root.setAttribute("data-vk-ready", "true");
    var data = JSON.parse(root.getAttribute("data-vk-planner"));
    var exercises = Object.create(null); // by slug; no prototype, so «constructor» is no exercise
    var theory = Object.create(null);
    data.exercises.forEach(function (e) { exercises[e.slug] = e; });
    data.theory.forEach(function (t) { theory[t.slug] = t; });
    var keep = data.participantSections;

    var list = document.getElementById("vk-planner-blocks");
    var summary = document.getElementById("vk-planner-summary");
    var empty = document.getElementById("vk-planner-empty");
    var status = document.getElementById("vk-planner-status");
    var undoRow = document.getElementById("vk-planner-undo");
    var undoText = document.getElementById("vk-planner-undo-text");
    var undoButton = document.getElementById("vk-planner-undo-button");
    var meeting = document.getElementById("vk-planner-meeting");
    var printStatus = document.getElementById("vk-plan-print-status");
    var copied = document.getElementById("vk-plan-copied");
    var article = root.closest("article") || root.parentElement;
    var sheets = el("div", "vk-plan-print");
    sheets.id = "vk-plan-print";
    article.appendChild(sheets);

    var plan;
    var undo = null; // {restore()}: puts back the last removal (or the replaced plan)
    var written = null; // what this page last put in storage
    var prepared = false; // the print sheets match the plan

    /* The plan's blocks with what they are in this version and their clock times. */
    function timed() {
      var at = startMinutes(plan.start);
      return plan.blocks.map(function (b) {
        var info = { block: b, kind: b.kind, missing: false, title: "", url: null, description: "" };
        if (b.kind === "ovelse" || b.kind === "teori") {
          var entry = (b.kind === "ovelse" ? exercises : theory)[b.slug];
          if (!entry || (b.kind === "ovelse" && RESERVED.indexOf(b.slug) >= 0)) {
            info.missing = true;
            info.title = b.slug;
          } else {
            info.title = entry.title;
            info.url = entry.url;
            info.description = entry.description;
          }
          info.minutes = b.kind === "ovelse" ? (b.minutes || (entry ? entry.duration : 0)) : b.minutes;
          info.defaultMinutes = b.kind === "ovelse" && entry ? entry.duration : null;
        } else if (b.kind === "pause") {
          info.title = "Pause";
          info.minutes = b.minutes;
        } else {
          info.title = b.text || "Punkt uten tekst";
          info.minutes = b.minutes;
        }
        if (!info.missing) {
          info.from = at;
          info.to = at + info.minutes;
          at = info.to;
        }
        return info;
      });
    }

    function totals(rows) {
      var start = startMinutes(plan.start);
      var minutes = rows.reduce(function (sum, r) { return sum + (r.missing ? 0 : r.minutes); }, 0);
      return { start: start, end: start + minutes, minutes: minutes };
    }

    function span(row) {
      return clock(row.from) + "–" + clock(row.to);
    }

    function summaryText(t) {
      return points(plan.blocks.length) + " · kl. " + clock(t.start) + "–" + clock(t.end) + " · " +
        t.minutes + " min i alt.";
    }

    function budgetText(t) {
      if (!plan.tid) return "";
      var left = plan.tid - t.minutes;
      if (left > 0) return plan.tid + " min til rådighet: " + left + " min igjen.";
      if (left === 0) return plan.tid + " min til rådighet: planen fyller tiden akkurat.";
      return plan.tid + " min til rådighet: " + (-left) + " min over tiden.";
    }

    function showSummary(rows) {
      var t = totals(rows);
      summary.textContent = "";
      summary.hidden = !plan.blocks.length;
      empty.hidden = !!plan.blocks.length;
      if (!plan.blocks.length) return t;
      summary.appendChild(el("span", "vk-planner__total", summaryText(t)));
      var budget = budgetText(t);
      if (budget) {
        summary.appendChild(document.createTextNode(" "));
        var over = plan.tid < t.minutes;
        summary.appendChild(el("strong", over ? "vk-planner__budget vk-planner__budget--over"
          : "vk-planner__budget", budget));
      }
      return t;
    }

    /* Writes the plan to the address and to storage; the print sheets are out of date. */
    function save(rows) {
      var query = serialise(plan);
      var url = location.pathname + query + location.hash;
      if (url !== location.pathname + location.search + location.hash) {
        history.replaceState(history.state, "", url);
      }
      written = writeStored(plan, totals(rows).minutes);
      rememberOwn(query);
      updateHeaderLink();
      prepared = false;
      sheets.textContent = "";
    }

    /* Clock times, totals, address and storage after a change of minutes or start. */
    function retime() {
      var rows = timed();
      rows.forEach(function (row) {
        var item = list.querySelector('[data-key="' + row.block.key + '"]');
        if (!item) return;
        item.querySelector(".vk-block__time").textContent = row.missing ? "–" : span(row);
        if (row.kind === "punkt") { // its text was edited: the heading and the buttons' names follow
          item.querySelector(".vk-block__title").textContent = row.title;
          item.querySelectorAll(".vk-block__buttons .vk-sr-only").forEach(function (hidden) {
            hidden.textContent = " «" + row.title + "»";
          });
          item.querySelector(".vk-block__minutes .vk-sr-only").textContent = " for «" + row.title + "»";
        }
      });
      showSummary(rows);
      save(rows);
      return rows;
    }

    function minutesField(row, index) {
      var id = "vk-block-" + row.block.key + "-min";
      var field = el("div", "vk-planner__field vk-block__minutes");
      var label = el("label", "", "Minutter");
      label.htmlFor = id;
      label.appendChild(srOnly(" for «" + row.title + "»"));
      var input = el("input");
      input.id = id;
      input.type = "number";
      input.min = "1";
      input.max = String(MAX_MINUTES);
      input.inputMode = "numeric";
      input.value = String(row.minutes);
      input.addEventListener("input", function () {
        var value = minutesOf(input.value);
        if (!value) return;
        row.block.minutes = value;
        retime();
      });
      input.addEventListener("change", function () {
        var value = minutesOf(input.value);
        if (!value) {
          input.value = String(timed()[index].minutes);
          return;
        }
        var t = totals(timed());
        say("«" + row.title + "» er " + value + " min. Planen er nå " + t.minutes +
          " min og slutter kl. " + clock(t.end) + "." + (budgetText(t) ? " " + budgetText(t) : ""));
      });
      field.appendChild(label);
      field.appendChild(input);
      return field;
    }

    function textField(row) {
      var id = "vk-block-" + row.block.key + "-text";
      var field = el("div", "vk-planner__field vk-block__text");
      var label = el("label", "", "Tekst");
      label.htmlFor = id;
      var input = el("input");
      input.id = id;
      input.type = "text";
      input.maxLength = 200;
      input.autocomplete = "off";
      input.value = row.block.text;
      input.addEventListener("input", function () {
        row.block.text = input.value.trim();
        retime();
      });
      field.appendChild(label);
      field.appendChild(input);
      return field;
    }

    function actionButton(action, text, row, disabled) {
      var button = el("button", "md-button vk-block__" + action, text);
      button.type = "button";
      button.setAttribute("data-action", action);
      button.appendChild(srOnly(" «" + row.title + "»"));
      button.disabled = disabled;
      return button;
    }

    function item(row, index, count) {
      var li = el("li", "vk-block vk-block--" + row.kind + (row.missing ? " vk-block--missing" : ""));
      li.setAttribute("data-key", String(row.block.key));
      li.appendChild(el("p", "vk-block__time", row.missing ? "–" : span(row)));
      var main = el("div", "vk-block__main");
      main.appendChild(el("p", "vk-block__kind", KIND_LABELS[row.kind]));
      var heading = el("h3", "vk-block__title");
      if (row.url) {
        var link = el("a", "", row.title);
        link.href = row.url;
        heading.appendChild(link);
      } else {
        heading.textContent = row.title;
      }
      main.appendChild(heading);
      if (row.missing) {
        main.appendChild(el("p", "vk-block__missing",
          "Finnes ikke i denne versjonen av nettstedet, og er ikke regnet med i tiden."));
      } else if (row.description) {
        main.appendChild(el("p", "vk-block__purpose", row.description));
      }
      li.appendChild(main);
      var controls = el("div", "vk-block__controls");
      if (row.kind === "punkt") controls.appendChild(textField(row));
      if (!row.missing) controls.appendChild(minutesField(row, index));
      var buttons = el("div", "vk-block__buttons");
      buttons.appendChild(actionButton("up", "Flytt opp", row, index === 0));
      buttons.appendChild(actionButton("down", "Flytt ned", row, index === count - 1));
      buttons.appendChild(actionButton("remove", "Fjern", row, false));
      controls.appendChild(buttons);
      li.appendChild(controls);
      return li;
    }

    /* The whole list again; focus goes back to the same control of the same block. */
    function render(focus) {
      var rows = timed();
      list.textContent = "";
      rows.forEach(function (row, index) { list.appendChild(item(row, index, rows.length)); });
      showSummary(rows);
      undoRow.hidden = !undo;
      if (focus) {
        var target = null;
        if (focus.key) {
          var li = list.querySelector('[data-key="' + focus.key + '"]');
          if (li) {
            var order = [focus.action, focus.action === "up" ? "down" : "up", "remove"];
            for (var i = 0; i < order.length && !target; i++) {
              var candidate = li.querySelector('[data-action="' + order[i] + '"]');
              if (candidate && !candidate.disabled) target = candidate;
            }
          }
        }
        if (!target && focus.fallback) target = focus.fallback;
        if (target) target.focus();
      }
      save(rows);
      return rows;
    }

    function say(text) {
      announce(status, text);
    }

    function position(key) {
      var rows = timed();
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].block.key === key) {
          var row = rows[i];
          return "punkt " + (i + 1) + " av " + rows.length + (row.missing ? "" : ", kl. " + span(row));
        }
      }
      return "";
    }

    function move(key, step) {
      var index = indexOf(key);
      var to = index + step;
      if (index < 0 || to < 0 || to >= plan.blocks.length) return;
      var moved = plan.blocks.splice(index, 1)[0];
      plan.blocks.splice(to, 0, moved);
      render({ key: key, action: step < 0 ? "up" : "down" });
      say("«" + titleOf(moved) + "» er flyttet " + (step < 0 ? "opp" : "ned") + ". Nå " + position(key) + ".");
    }

    function indexOf(key) {
      for (var i = 0; i < plan.blocks.length; i++) if (plan.blocks[i].key === key) return i;
      return -1;
    }

    function titleOf(b) {
      var rows = timed();
      for (var i = 0; i < rows.length; i++) if (rows[i].block === b) return rows[i].title;
      return "";
    }

    function offerUndo(text, restore) {
      undo = { restore: restore };
      undoText.textContent = text;
      undoButton.textContent = "Angre";
      undoButton.appendChild(srOnly(": " + text));
    }

    function remove(key) {
      var index = indexOf(key);
      if (index < 0) return;
      var title = titleOf(plan.blocks[index]);
      var removed = plan.blocks.splice(index, 1)[0];
      offerUndo("«" + title + "» er fjernet.", function () {
        plan.blocks.splice(Math.min(index, plan.blocks.length), 0, removed);
        return removed.key;
      });
      var next = plan.blocks[index] || plan.blocks[index - 1];
      render({ key: next ? next.key : null, action: "remove", fallback: undoButton });
      var t = totals(timed());
      say("«" + title + "» er fjernet fra planen. Planen er nå " + t.minutes +
        " min. Knappen «Angre» under listen legger det tilbake.");
    }

    undoButton.addEventListener("click", function () {
      if (!undo) return;
      var key = undo.restore();
      undo = null;
      render({ key: key, action: "remove", fallback: list });
      say(key ? "Lagt tilbake som " + position(key) + "." : "Planen er lagt tilbake.");
    });

    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button || !list.contains(button)) return;
      var key = Number(button.closest("[data-key]").getAttribute("data-key"));
      var action = button.getAttribute("data-action");
      if (action === "up") move(key, -1);
      else if (action === "down") move(key, 1);
      else remove(key);
    });

    /* Adding a block from the planner's own forms. */
    function added(b) {
      plan.blocks.push(b);
      render(null);
      var t = totals(timed());
      say("«" + titleOf(b) + "» er lagt til som " + position(b.key) + ". Planen er nå " + t.minutes + " min.");
    }

    root.querySelectorAll(".vk-planner__add").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var kind = form.getAttribute("data-kind");
        var minutesInput = form.querySelector('input[name="minutter"]');
        var minutes = minutesInput ? minutesOf(minutesInput.value) : null;
        if (minutesInput && !minutes) {
          say("Skriv inn minutter fra 1 til " + MAX_MINUTES + ".");
          minutesInput.focus();
          return;
        }
        if (kind === "ovelse") added(block({ kind: "ovelse", slug: form.elements.ovelse.value, minutes: null }));
        else if (kind === "teori") added(block({ kind: "teori", slug: form.elements.teori.value, minutes: minutes }));
        else if (kind === "pause") added(block({ kind: "pause", minutes: minutes }));
        else {
          var text = form.elements.tekst.value.trim();
          if (!text) { form.elements.tekst.focus(); return; }
          added(block({ kind: "punkt", text: text.slice(0, 200), minutes: minutes }));
          form.elements.tekst.value = "";
        }
      });
    });

    /* The meeting's title, date, start and time available. */
    function fillMeeting() {
      meeting.elements.tittel.value = plan.tittel;
      meeting.elements.dato.value = plan.dato;
      meeting.elements.start.value = plan.start;
      meeting.elements.tid.value = plan.tid ? String(plan.tid) : "";
    }

    meeting.addEventListener("submit", function (event) { event.preventDefault(); });
    meeting.addEventListener("input", function (event) {
      var field = event.target;
      if (field.name === "tittel") plan.tittel = field.value.trim().slice(0, 120);
      else if (field.name === "dato") plan.dato = /^\d{4}-\d{2}-\d{2}$/.test(field.value) ? field.value : "";
      else if (field.name === "start") {
        var start = startOf(field.value);
        if (!start) return;
        plan.start = start;
      } else if (field.name === "tid") plan.tid = minutesOf(field.value);
      retime();
    });
    meeting.addEventListener("change", function (event) {
      if (event.target.name !== "start" && event.target.name !== "tid") return;
      if (event.target.name === "start" && !startOf(event.target.value)) event.target.value = plan.start;
      var t = totals(timed());
      if (plan.blocks.length) {
        say("Planen går fra kl. " + clock(t.start) + " til " + clock(t.end) + "." +
          (budgetText(t) ? " " + budgetText(t) : ""));
      }
    });

    /* «Kopier lenke», with the address in a field to copy by hand when the clipboard
       cannot be used (an intranet served over plain http has no clipboard API). */
    var linkField = document.getElementById("vk-plan-link-field");
    var linkInput = document.getElementById("vk-plan-url");
    function copyByHand() {
      linkField.hidden = false;
      linkInput.value = location.href;
      linkInput.focus();
      linkInput.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      copied.textContent = done ? "Lenken er kopiert." : "Kopier lenken fra feltet under.";
    }
    document.getElementById("vk-plan-copy").addEventListener("click", function () {
      copied.textContent = "";
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(location.href).then(function () {
          copied.textContent = "Lenken er kopiert.";
        }, copyByHand);
      } else {
        copyByHand();
      }
    });

    document.getElementById("vk-plan-clear").addEventListener("click", function () {
      if (!plan.blocks.length) return;
      var blocks = plan.blocks;
      plan.blocks = [];
      offerUndo("Planen er tømt.", function () {
        plan.blocks = blocks.concat(plan.blocks);
        return blocks[0].key;
      });
      render({ fallback: undoButton });
      say("Planen er tømt. Knappen «Angre» legger punktene tilbake.");
    });

    /* Printing: the agenda, then each exercise's handout on a page of its own. */
    function agenda(variant) {
      var rows = timed().filter(function (row) { return !row.missing; });
      var t = totals(rows);
      var sheet = el("section", "vk-agenda");
      sheet.appendChild(el("h1", "", plan.tittel || "Møteplan"));
      var facts = [];
      if (plan.dato) facts.push(longDate(plan.dato).replace(/^./, function (c) { return c.toUpperCase(); }));
      facts.push("kl. " + clock(t.start) + "–" + clock(t.end));
      facts.push(t.minutes + " min");
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
      rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("td", "vk-agenda__time", span(row)));
        tr.appendChild(el("td", "vk-agenda__minutes", String(row.minutes)));
        var cell = el("td");
        cell.appendChild(el("strong", "", row.title));
        if (row.kind === "ovelse" || row.kind === "teori") {
          cell.appendChild(document.createTextNode(" (" + KIND_LABELS[row.kind].toLowerCase() + ")"));
        }
        if (row.description) cell.appendChild(el("span", "vk-agenda__purpose", row.description));
        tr.appendChild(cell);
        body.appendChild(tr);
      });
      sheet.appendChild(table);
      sheet.appendChild(el("p", "vk-agenda__variant", variant === "deltakere"
        ? "Utskrift for deltakerne." : "Utskrift for den som leder møtet."));
      sheet.appendChild(el("p", "vk-print-address", "Planen på nett: " + location.href));
      return sheet;
    }

    function prepare(variant, pages) {
      sheets.textContent = "";
      sheets.appendChild(agenda(variant));
      (pages || []).forEach(function (page) {
        var sheet = page.doc ? handout(page.doc, page.url, variant, keep) : null;
        if (!sheet) {
          sheet = el("section", "vk-handout");
          sheet.appendChild(el("h2", "", page.title));
          sheet.appendChild(el("p", "", "Øvelsesarket kunne ikke hentes. Skriv det ut fra " + page.url + "."));
        }
        sheets.appendChild(sheet);
      });
      prepared = true;
    }

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

    root.querySelectorAll("[data-vk-plan-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        var variant = button.getAttribute("data-vk-plan-print");
        var seen = Object.create(null);
        var rows = timed().filter(function (row) {
          if (row.kind !== "ovelse" || row.missing || seen[row.block.slug]) return false;
          seen[row.block.slug] = true;
          return true;
        });
        printStatus.textContent = "Gjør klar utskriften …";
        Promise.all(rows.map(fetchPage)).then(function (pages) {
          prepare(variant, pages);
          printStatus.textContent = "Utskriften er klar: agendaen og " +
            (pages.length === 1 ? "1 øvelsesark" : pages.length + " øvelsesark") + ".";
          document.documentElement.setAttribute("data-vk-print", variant);
          window.print();
        });
      });
    });

    function load(source) {
      plan = source;
      fillMeeting();
    }

    var fromUrl = parseQuery(location.search);
    var stored = readStored();
    var own = ownQueries().indexOf(serialise(fromUrl)) >= 0;
    if (fromUrl.hasBlocks && !(own && stored)) {
      load(fromUrl);
      if (stored && stored.blocks && stored.query !== serialise(fromUrl)) {
        offerUndo("Planen fra lenken har erstattet planen som var lagret i nettleseren.", function () {
          load(parseQuery(stored.query));
          return null;
        });
      }
    } else {
      load(stored ? parseQuery(stored.query) : fromUrl);
    }
    if (fromUrl.dropped) {
      say(fromUrl.dropped === 1 ? "Ett punkt i lenken kunne ikke leses og er utelatt."
        : fromUrl.dropped + " punkter i lenken kunne ikke leses og er utelatt.");
    }
    root.hidden = false;
    render(null);

    active = {
      root: root,
      // The browser's own print command (Ctrl+P) prints the agenda alone.
      beforePrint: function () {
        if (!prepared) prepare("leder", []);
      },
      reload: function (value) {
        if (value === written) return;
        var next = readStored();
        load(next ? parseQuery(next.query) : emptyPlan());
        render(null);
      }
    };
  }

  // Another tab changed this version's plan: the header's count and an open planner follow.
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    updateHeaderLink();
    if (active && document.body.contains(active.root)) active.reload(event.newValue);
  });

  window.addEventListener("beforeprint", function () {
    if (active && document.body.contains(active.root)) active.beforePrint();
  });

  function setUp() {
    if (active && !document.body.contains(active.root)) active = null;
    updateHeaderLink();
    setUpExercisePage();
    setUpFinder();
    setUpParticipantPrint();
    setUpPlanner();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
