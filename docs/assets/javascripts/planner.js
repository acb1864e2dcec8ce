/* Verktøykassa: the meeting plan (møteplan) on every page.
 *
 * The plan's address format, read with the rules of the ready-made plans and written
 * back; the plan kept in localStorage; the header's link to the plan with its count;
 * «Legg i møteplanen» on an exercise page and on each card of the finder; the exercise
 * page's «Skriv ut for deltakerne». The planner itself at /moteplan/ is
 * planner-page.js (with planner-export.js), loaded by that page alone: a phone's first
 * view of any other page carries only this file (docs-dev/planner.md).
 *
 * The whole plan is the page's address (format: docs-dev/planner.md), mirrored in
 * localStorage under a key that holds this version's base path, so each cohort's
 * version keeps its own plan. Nothing is sent anywhere. Data is written with
 * textContent only.
 *
 * Loaded on every page (mkdocs.yml's extra_javascript). Material's instant navigation
 * swaps the content without reloading scripts, so each page is set up from Material's
 * document$, which emits on the first load and after every page switch.
 */
(function () {
  "use strict";

  // The ready-made plans' rules (toolkit/content/models.py: a block's minutes, a meeting's
  // duration, a free item's text), and the planner's own: how many blocks, how long a
  // title. tests/test_planner.py holds these equal to toolkit/pages/planner.py's.
  var LIMITS = { minutes: 480, meeting: 600, blocks: 100, text: 200, title: 120 };
  var RESERVED = ["pause", "punkt", "teori"];
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var DEFAULTS = { start: "09:00", teori: 15, pause: 10, punkt: 10 };
  var MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "desember"];
  var WEEKDAYS = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];
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

  /* ---- Words -------------------------------------------------------------------------- */

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /** Minutes after midnight as Norwegian clock time: 570 → «09.30». */
  function clock(minutes) {
    var day = ((minutes % 1440) + 1440) % 1440;
    return pad(Math.floor(day / 60)) + "." + pad(day % 60);
  }

  /** «09:30» → 570. */
  function startMinutes(start) {
    var parts = start.split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function points(count) {
    return count === 1 ? "1 punkt" : number(count) + " punkter";
  }

  /** 20000 → «20 000», as Norwegian writes it. */
  function number(value) {
    return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  }

  /** The date of «YYYY-MM-DD» when it is a real one (no 30 February, no year 0). */
  function realDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
    if (!m) return null;
    var year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
    if (year < 2000 || year > 2100) return null;
    var date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
    return date;
  }

  /** «2026-12-03» → «torsdag 3. desember 2026». */
  function longDate(iso) {
    var date = realDate(iso);
    if (!date) return "";
    return WEEKDAYS[date.getUTCDay()] + " " + date.getUTCDate() + ". " + MONTHS[date.getUTCMonth()] + " " +
      date.getUTCFullYear();
  }

  /** A slug as words, for a block this version does not have: «bare-for-varkullet» →
      «Bare for varkullet». */
  function readable(slug) {
    var words = String(slug).replace(/-/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /** A value from outside as it is quoted in a message: at most 40 characters. */
  function quoted(value) {
    var text = String(value);
    return "«" + (text.length > 40 ? text.slice(0, 40) + "…" : text) + "»";
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

  /* ---- The plan as an address, read with the ready-made plans' rules ----------------------- */

  function decode(text) {
    try { return decodeURIComponent(text); } catch (error) { return text; }
  }

  function wholeNumber(text, most) {
    if (!/^\d{1,4}$/.test(String(text))) return null;
    var value = parseInt(text, 10);
    return value >= 1 && value <= most ? value : null;
  }

  function minutesOf(text) {
    return wholeNumber(text, LIMITS.minutes);
  }

  function startOf(text) {
    var m = /^(\d{1,2})[:.](\d{2})$/.exec(String(text || "").trim());
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
    return (m[1].length === 1 ? "0" : "") + m[1] + ":" + m[2];
  }

  function emptyPlan() {
    return { start: DEFAULTS.start, tid: null, slutt: "", tittel: "", dato: "", blocks: [] };
  }

  var nextKey = 1; // blocks keep a key across moves, so focus can follow them

  function block(fields) {
    fields.key = nextKey++;
    return fields;
  }

  /**
   * One token of `blokker` as a block, with what could not be used of it said in
   * `problems` («Punkt 3: …»). Null when the token cannot be read at all.
   */
  function parseToken(token, place, problems) {
    var parts = token.split(":");
    var head = decode(parts[0]);
    var at = "Punkt " + place + " (";

    function minutes(text, fallback, name, instead) {
      if (text === undefined || text === "") return fallback;
      var value = minutesOf(text);
      if (value) return value;
      problems.push(at + name + "): " + quoted(decode(text)) + " er ikke et helt antall minutter fra 1 til " +
        LIMITS.minutes + "; bruker " + instead + ".");
      return fallback;
    }

    if (head === "pause" && parts.length <= 2) {
      return block({ kind: "pause", minutes: minutes(parts[1], DEFAULTS.pause, "pause", DEFAULTS.pause + " min") });
    }
    if (head === "teori" && parts.length <= 3) {
      var slug = decode(parts[1] || "");
      if (!SLUG.test(slug)) return null;
      return block({ kind: "teori", slug: slug,
        minutes: minutes(parts[2], DEFAULTS.teori, "teori: " + slug, DEFAULTS.teori + " min") });
    }
    if (head === "punkt") {
      var text = decode(parts.slice(2).join(":").replace(/\+/g, " ")).trim();
      var name = text ? "«" + text.slice(0, 40) + "»" : "eget punkt";
      if (text.length > LIMITS.text) {
        problems.push(at + name + "): teksten var lengre enn " + LIMITS.text + " tegn og er kortet ned.");
        text = text.slice(0, LIMITS.text);
      }
      return block({ kind: "punkt", text: text,
        minutes: minutes(parts[1], DEFAULTS.punkt, name, DEFAULTS.punkt + " min") });
    }
    if (!SLUG.test(head) || parts.length > 2 || RESERVED.indexOf(head) >= 0) return null;
    return block({ kind: "ovelse", slug: head, minutes: minutes(parts[1], null, head, "øvelsens egen tid") });
  }

  /**
   * A plan from an address query, and what of it could not be used, in words: the
   * same rules as a ready-made plan's (minutes 1–480, a meeting of at most 600 minutes,
   * a free item's text at most 200 characters), real clock times and dates, and at most
   * 100 blocks. `blokker` is split on its raw commas before decoding, so a comma inside
   * a free item's text (%2C) stays in the text. Returns {plan, problems, hasBlocks}.
   */
  function parse(search) {
    var plan = emptyPlan();
    var problems = [];
    var hasBlocks = false;
    var slutt = null;
    String(search || "").replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("=");
      var name = decode(at < 0 ? pair : pair.slice(0, at));
      var raw = at < 0 ? "" : pair.slice(at + 1);
      var value = decode(raw.replace(/\+/g, " ")).trim();
      if (name === "start") {
        var start = startOf(value);
        if (start) plan.start = start;
        else problems.push("Starttiden " + quoted(value) + " finnes ikke; bruker " + DEFAULTS.start + ".");
      } else if (name === "tid") {
        plan.tid = wholeNumber(value, LIMITS.meeting);
        if (!plan.tid) {
          problems.push("Tiden til rådighet " + quoted(value) + " er ikke et helt antall minutter fra 1 til " +
            LIMITS.meeting + "; planen har ingen tid til rådighet.");
        }
      } else if (name === "slutt") {
        slutt = value;
      } else if (name === "tittel") {
        plan.tittel = value.slice(0, LIMITS.title);
        if (value.length > LIMITS.title) problems.push("Tittelen var lengre enn " + LIMITS.title + " tegn og er kortet ned.");
      } else if (name === "dato") {
        if (realDate(value)) plan.dato = value;
        else problems.push("Datoen " + quoted(value) + " finnes ikke; planen har ingen dato.");
      } else if (name === "blokker") {
        hasBlocks = true;
        var tokens = raw.split(",").filter(Boolean);
        if (tokens.length > LIMITS.blocks) {
          problems.push("Planen hadde " + number(tokens.length) + " punkter, men en plan kan ha høyst " +
            LIMITS.blocks + ". De " + LIMITS.blocks + " første er tatt med.");
          tokens = tokens.slice(0, LIMITS.blocks);
        }
        tokens.forEach(function (token, index) {
          var parsed = parseToken(token, index + 1, problems);
          if (parsed) plan.blocks.push(parsed);
          else problems.push("Punkt " + (index + 1) + " " + quoted(decode(token)) + " kunne ikke leses og er utelatt.");
        });
      }
    });
    if (slutt !== null) {
      var end = startOf(slutt);
      if (plan.tid) {
        problems.push("Planen hadde både tid til rådighet og en sluttid; bruker tiden til rådighet.");
      } else if (!end) {
        problems.push("Sluttiden " + quoted(slutt) + " finnes ikke; planen har ingen sluttid.");
      } else if (startMinutes(end) <= startMinutes(plan.start)) {
        problems.push("Sluttiden " + end + " er ikke etter starttiden " + plan.start + "; planen har ingen sluttid.");
      } else if (startMinutes(end) - startMinutes(plan.start) > LIMITS.meeting) {
        problems.push("Sluttiden " + end + " gir et møte på mer enn " + LIMITS.meeting +
          " minutter; planen har ingen sluttid.");
      } else {
        plan.slutt = end;
      }
    }
    return { plan: plan, problems: problems, hasBlocks: hasBlocks };
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
    else if (plan.slutt) parts.push("slutt=" + plan.slutt);
    if (plan.tittel) parts.push("tittel=" + encodeURIComponent(plan.tittel));
    if (plan.dato) parts.push("dato=" + plan.dato);
    if (plan.blocks.length) parts.push("blokker=" + plan.blocks.map(token).join(","));
    return "?" + parts.join("&");
  }

  /* ---- Storage: this version's plan, kept in the browser -------------------------------- */

  /**
   * What is stored: {query, minutes} (minutes null when not a plausible number), or
   * {junk: true} for a value this script did not write (planted, or from an old
   * version of the site), or null when nothing is stored.
   */
  function readStored() {
    var text;
    try { text = localStorage.getItem(KEY); } catch (error) { return null; }
    if (text === null) return null;
    var value;
    try { value = JSON.parse(text); } catch (error) { return { junk: true }; }
    if (!value || typeof value !== "object" || typeof value.query !== "string" || value.query.charAt(0) !== "?") {
      return { junk: true };
    }
    var minutes = value.minutes;
    var plausible = typeof minutes === "number" && Math.floor(minutes) === minutes && minutes >= 0 &&
      minutes <= LIMITS.blocks * LIMITS.minutes;
    return { query: value.query, minutes: plausible ? minutes : null };
  }

  /** The stored plan, read with the address's rules ({plan, problems}), or null. */
  function storedPlan() {
    var stored = readStored();
    return stored && !stored.junk ? parse(stored.query) : null;
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
    try {
      var list = JSON.parse(sessionStorage.getItem(OWN_KEY));
      return Array.isArray(list) ? list.filter(function (q) { return typeof q === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function rememberOwn(query) {
    var list = ownQueries().filter(function (q) { return q !== query; });
    list.push(query);
    try { sessionStorage.setItem(OWN_KEY, JSON.stringify(list.slice(-50))); } catch (error) { /* no matter */ }
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
    var stored = storedPlan();
    var count = stored ? stored.plan.blocks.length : 0;
    link.hidden = !count;
    link.href = ROOT + "moteplan/" + (stored ? serialise(stored.plan) : "");
    var shown = link.querySelector(".vk-plan-link__count");
    shown.textContent = "";
    shown.appendChild(document.createTextNode(String(count)));
    shown.appendChild(srOnly(count === 1 ? " punkt" : " punkter"));
  }

  /* ---- «Legg i møteplanen» on exercise pages and finder cards ---------------------------- */

  /** Where the exercise is in the stored plan (1, 2, …), or 0. */
  function placeInPlan(slug) {
    var stored = storedPlan();
    if (!stored) return 0;
    for (var i = 0; i < stored.plan.blocks.length; i++) {
      var b = stored.plan.blocks[i];
      if (b.kind === "ovelse" && b.slug === slug) return i + 1;
    }
    return 0;
  }

  /** Adds the exercise to the stored plan and says what the plan is now. */
  function addToStoredPlan(slug, title, duration) {
    var raw = readStored();
    var stored = raw && !raw.junk ? parse(raw.query) : null;
    var plan = stored ? stored.plan : emptyPlan();
    if (plan.blocks.length >= LIMITS.blocks) {
      return "Planen har allerede " + LIMITS.blocks + " punkter, som er det meste en plan kan ha. «" + title +
        "» er ikke lagt til.";
    }
    plan.blocks.push(block({ kind: "ovelse", slug: slug, minutes: null }));
    var known = raw && !raw.junk && raw.minutes !== null && duration > 0;
    var minutes = known ? raw.minutes + duration : (plan.blocks.length === 1 && duration > 0 ? duration : null);
    writeStored(plan, minutes);
    updateHeaderLink();
    // A stored value this script did not write is replaced, and the reader is told.
    return (raw && raw.junk ? "Planen som var lagret i nettleseren, kunne ikke leses, så en ny plan er startet. " : "") +
      "«" + title + "» er lagt i møteplanen. Planen har nå " + points(plan.blocks.length) +
      (minutes === null ? "." : ", til sammen " + minutes + " minutter.");
  }

  function openLink() {
    var open = el("a", "vk-plan-add__open", "Åpne møteplanen");
    var stored = storedPlan();
    open.href = ROOT + "moteplan/" + (stored ? serialise(stored.plan) : "");
    return open;
  }

  /** The row's note when the exercise is already in the plan: «Ligger i møteplanen». */
  function showPresence(status, slug) {
    if (status.getAttribute("data-vk-asking")) return;
    var place = placeInPlan(slug);
    if (!place && status.getAttribute("data-vk-said")) return; // keep what the last click said
    status.textContent = "";
    if (!place) return;
    status.appendChild(document.createTextNode("Ligger i møteplanen som punkt " + place + ". "));
    status.appendChild(openLink());
  }

  function bindAddButton(button, status, slug, title, duration) {
    var region = announcer();
    status.setAttribute("data-vk-slug", slug);

    function add() {
      var message = addToStoredPlan(slug, title, duration);
      status.removeAttribute("data-vk-asking");
      status.setAttribute("data-vk-said", "true");
      status.textContent = message + " ";
      status.appendChild(openLink());
      announce(region, message);
    }

    /* Already in the plan: ask before adding it a second time. */
    function ask(place) {
      var question = "«" + title + "» ligger allerede i møteplanen, som punkt " + place +
        ". Vil du legge den inn en gang til?";
      status.setAttribute("data-vk-asking", "true");
      status.textContent = question + " ";
      var yes = el("button", "md-button vk-plan-add__again", "Ja, legg den inn igjen");
      yes.type = "button";
      var no = el("button", "md-button vk-plan-add__again", "Nei");
      no.type = "button";
      yes.addEventListener("click", function () { add(); button.focus(); });
      no.addEventListener("click", function () {
        status.removeAttribute("data-vk-asking");
        showPresence(status, slug);
        button.focus();
        announce(region, "«" + title + "» er ikke lagt inn en gang til.");
      });
      status.appendChild(yes);
      status.appendChild(document.createTextNode(" "));
      status.appendChild(no);
      announce(region, question);
    }

    button.addEventListener("click", function () {
      if (status.getAttribute("data-vk-asking")) return; // the question is already there
      var place = placeInPlan(slug);
      if (place) ask(place); else add();
    });
    showPresence(status, slug);
  }

  /** Every «Legg i møteplanen» row on the page follows the stored plan (another tab). */
  function refreshPresence() {
    document.querySelectorAll(".vk-plan-add__status[data-vk-slug]").forEach(function (status) {
      showPresence(status, status.getAttribute("data-vk-slug"));
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
      var row = el("div", "vk-card__add");
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

  /* ---- The exercise page's «Skriv ut for deltakerne» -------------------------------------- */

  function headingText(heading) {
    var text = "";
    heading.childNodes.forEach(function (node) {
      if (!(node.classList && node.classList.contains("headerlink"))) text += node.textContent;
    });
    return text.trim();
  }

  /**
   * The sections the participants do not need are marked, and planner.css leaves them
   * off paper while the page prints.
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

  /* ---- The planner at /moteplan/, set up by planner-page.js ------------------------------ */

  var active = null; // the planner on the page now: {root, reload(value), beforePrint()}

  function setUpPlanner() {
    if (active && !document.body.contains(active.root)) active = null;
    var root = document.getElementById("vk-planner");
    // The page's own script defines vkPlannerPage; on a first load it runs before this
    // file, after an instant page switch it may come later and call setUp itself.
    if (!root || root.getAttribute("data-vk-ready") || typeof window.vkPlannerPage !== "function") return;
    root.setAttribute("data-vk-ready", "true");
    active = window.vkPlannerPage(root, api);
  }

  // Another tab changed this version's plan: the header's count, the buttons' notes and
  // an open planner follow.
  window.addEventListener("storage", function (event) {
    if (event.key !== KEY) return;
    updateHeaderLink();
    refreshPresence();
    if (active && document.body.contains(active.root)) active.reload(event.newValue);
  });

  window.addEventListener("beforeprint", function () {
    if (active && document.body.contains(active.root)) active.beforePrint();
  });

  function setUp() {
    updateHeaderLink();
    setUpExercisePage();
    setUpFinder();
    setUpParticipantPrint();
    setUpPlanner();
  }

  var api = {
    LIMITS: LIMITS, DEFAULTS: DEFAULTS, RESERVED: RESERVED, ROOT: ROOT, KEY: KEY,
    parse: parse, serialise: serialise, block: block, emptyPlan: emptyPlan, minutesOf: minutesOf,
    wholeNumber: wholeNumber, startOf: startOf, realDate: realDate, readStored: readStored,
    writeStored: writeStored, ownQueries: ownQueries, rememberOwn: rememberOwn,
    clock: clock, startMinutes: startMinutes, points: points, number: number, longDate: longDate,
    readable: readable, el: el, srOnly: srOnly, announce: announce, headingText: headingText,
    updateHeaderLink: updateHeaderLink, refreshPresence: refreshPresence, setUp: setUpPlanner
  };
  window.vkPlanner = api;

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
