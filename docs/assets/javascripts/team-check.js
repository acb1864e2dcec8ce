/* Verktøykassa: Ledergruppesjekken at /sjekk/ (docs-dev/ledergruppesjekk.md).
 *
 * A member answers the statements (one tap each) and gets a profile per dimension and a
 * link with the answers: /sjekk/?svar=<one digit per statement, 1–5, 0 = «vet ikke»>.
 * The leader pastes the members' links and gets the group's link (svar repeated): mean,
 * spread (lowest–highest member) and how many answered, per dimension, never anyone's
 * answers. A quick round in the room is the counts per level per dimension
 * (?runde=…). The two weakest dimensions and the most disputed one get the exercises,
 * theory and plans the page rendered for them; their «Legg i møteplanen» buttons are
 * planner.js's own. «Lagre resultatet» keeps dated snapshots in localStorage (per
 * version of the site); «Sammenlign» shows the change since one of them.
 *
 * Nothing is sent anywhere; no cookie. Data is written with textContent and DOM APIs
 * only. Loaded by the page alone, after its content: after an instant page switch
 * Material runs it again, and the element's data-vk-ready keeps it from running twice.
 */
(function () {
  "use strict";

  var MAX_MEMBERS = 50;
  var MAX_COUNT = 99;
  var MAX_SAVED = 30;
  var SVG = "http://www.w3.org/2000/svg";
  var MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "desember"];
  var EPSILON = 1e-9;

  /* ---- Words and numbers ------------------------------------------------------------------ */

  /** One decimal, rounded half up, with a Norwegian decimal comma: 3.25 → «3,3». */
  function decimal(value) {
    var rounded = Math.round(value * 10 + EPSILON) / 10;
    return rounded.toFixed(1).replace(".", ",").replace("-", "\u2212");
  }

  function signed(value) {
    var rounded = Math.round(Math.abs(value) * 10 + EPSILON) / 10;
    if (rounded === 0) return "0,0";
    return (value > 0 ? "+" : "\u2212") + rounded.toFixed(1).replace(".", ",");
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /** A moment in words: «3. desember 2026 kl. 10.15». */
  function moment(date) {
    return date.getDate() + ". " + MONTHS[date.getMonth()] + " " + date.getFullYear() + " kl. " +
      pad(date.getHours()) + "." + pad(date.getMinutes());
  }

  function quoted(value) {
    var text = String(value);
    return "«" + (text.length > 30 ? text.slice(0, 30) + "…" : text) + "»";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function decode(text) {
    try { return decodeURIComponent(text.replace(/\+/g, " ")); } catch (error) { return text; }
  }

  /** This version's root path (/ or /2026-host/), for the key of the saved snapshots. */
  function rootPath() {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(config.base || ".", location.href).pathname.replace(/\/?$/, "/");
    } catch (error) {
      return "/";
    }
  }

  /* ---- The address: ?svar=… (repeated) or ?runde=… ------------------------------------------ */

  /** The values of one parameter in the query, raw (undecoded), in order. */
  function params(search, name) {
    var found = [];
    String(search || "").replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("=");
      var key = decode(at < 0 ? pair : pair.slice(0, at));
      if (key === name) found.push(at < 0 ? "" : pair.slice(at + 1));
    });
    return found;
  }

  /**
   * The answers in a query, strictly: each `svar` is exactly one digit 0–5 per statement.
   * Returns {answers: [digit strings], problems: [Norwegian sentences]}.
   */
  function readAnswers(search, total) {
    var raw = params(search, "svar");
    var problems = [];
    if (raw.length > MAX_MEMBERS) {
      problems.push("Lenken hadde " + raw.length + " svar, men siden tar med høyst " + MAX_MEMBERS +
        ". De " + MAX_MEMBERS + " første er tatt med.");
      raw = raw.slice(0, MAX_MEMBERS);
    }
    var answers = [];
    raw.forEach(function (value, index) {
      var text = decode(value).trim();
      var which = raw.length === 1 ? "Svaret i lenken" : "Svar nummer " + (index + 1) + " i lenken";
      if (!text) {
        problems.push(which + " er tomt og er ikke tatt med.");
      } else if (!/^[0-5]+$/.test(text)) {
        var wrong = text.replace(/[0-5]/g, "").charAt(0);
        problems.push(which + " inneholder " + quoted(wrong) + ", men et svar består bare av sifrene 0 til 5. " +
          "Det er ikke tatt med.");
      } else if (text.length !== total) {
        problems.push(which + " har " + text.length + " sifre, men sjekken har " + total + " påstander. " +
          "Lenken kan være kuttet av, eller laget i en annen versjon av nettstedet. Det er ikke tatt med.");
      } else {
        answers.push(text);
      }
    });
    return { answers: answers, problems: problems };
  }

  /**
   * A quick round: per dimension, six counts (levels 1–5, then «vet ikke») joined by «.»,
   * dimensions joined by «_». Returns {counts: [[6 numbers]…] or null, problems}.
   */
  function readRound(search, dimensions) {
    var raw = params(search, "runde");
    if (!raw.length) return { counts: null, problems: [] };
    var text = decode(raw[0]).trim();
    var groups = text.split("_");
    var problem = null;
    if (groups.length !== dimensions.length) {
      problem = "Runden i lenken har tall for " + groups.length + " områder, men sjekken har " +
        dimensions.length + ".";
    }
    var counts = [];
    groups.forEach(function (group, index) {
      if (problem) return;
      var parts = group.split(".");
      if (parts.length !== 6 || parts.some(function (p) { return !/^\d{1,2}$/.test(p); })) {
        problem = "Runden i lenken kunne ikke leses ved området «" + dimensions[index].title + "»: hvert " +
          "område skal ha seks antall fra 0 til " + MAX_COUNT + ".";
        return;
      }
      counts.push(parts.map(Number));
    });
    return problem ? { counts: null, problems: [problem + " Runden er ikke vist."] } : { counts: counts, problems: [] };
  }

  /* ---- Numbers per dimension ----------------------------------------------------------------- */

  /** Each dimension's statements as [first, end) positions in an answer. */
  function spans(dimensions) {
    var at = 0;
    return dimensions.map(function (d) {
      var span = [at, at + d.statements];
      at += d.statements;
      return span;
    });
  }

  /** One member's mean per dimension (null where every statement was «vet ikke»). */
  function memberMeans(answer, ranges) {
    return ranges.map(function (range) {
      var sum = 0, n = 0;
      for (var i = range[0]; i < range[1]; i++) {
        var digit = Number(answer.charAt(i));
        if (digit > 0) { sum += digit; n += 1; }
      }
      return n ? sum / n : null;
    });
  }

  /** Alone: the mean per dimension and how many of its statements were answered. */
  function aloneStats(answer, dimensions) {
    var ranges = spans(dimensions);
    var means = memberMeans(answer, ranges);
    return dimensions.map(function (d, index) {
      var answered = 0;
      for (var i = ranges[index][0]; i < ranges[index][1]; i++) if (answer.charAt(i) !== "0") answered += 1;
      return { mean: means[index], min: null, max: null, answered: answered, of: d.statements };
    });
  }

  /** The group: per dimension the mean of the members' means, the lowest and highest
      member's mean, and how many members answered it. */
  function groupStats(answers, dimensions) {
    var ranges = spans(dimensions);
    var all = answers.map(function (answer) { return memberMeans(answer, ranges); });
    return dimensions.map(function (d, index) {
      var scores = all.map(function (means) { return means[index]; }).filter(function (v) { return v !== null; });
      if (!scores.length) return { mean: null, min: null, max: null, answered: 0 };
      var sum = scores.reduce(function (a, b) { return a + b; }, 0);
      return { mean: sum / scores.length, min: Math.min.apply(null, scores), max: Math.max.apply(null, scores),
        answered: scores.length };
    });
  }

  /** A round: per dimension the mean level, the lowest and highest level shown, how many. */
  function roundStats(counts, dimensions) {
    return dimensions.map(function (d, index) {
      var row = counts[index];
      var n = 0, sum = 0, min = null, max = null;
      for (var level = 1; level <= 5; level++) {
        var count = row[level - 1];
        if (!count) continue;
        n += count;
        sum += count * level;
        if (min === null) min = level;
        max = level;
      }
      return { mean: n ? sum / n : null, min: min, max: max, answered: n, unknown: row[5], counts: row };
    });
  }

  /** The two weakest dimensions (lowest mean; a tie goes to the first in the check). */
  function weakest(stats) {
    var order = stats.map(function (s, i) { return i; }).filter(function (i) { return stats[i].mean !== null; });
    order.sort(function (a, b) {
      var diff = stats[a].mean - stats[b].mean;
      return Math.abs(diff) < EPSILON ? a - b : diff;
    });
    return order.slice(0, 2);
  }

  /** The most disputed dimension: the largest spread among those two or more answered
      (a tie goes to the first in the check); -1 when nobody disagrees. */
  function disputed(stats) {
    var best = -1, widest = 0;
    stats.forEach(function (s, i) {
      if (s.min === null || s.answered < 2) return;
      var spread = s.max - s.min;
      if (spread > widest + EPSILON) { widest = spread; best = i; }
    });
    return best;
  }

  /* ---- The profile: an SVG chart built with DOM APIs, and a table with the same numbers ------- */

  function describe(s, kind) {
    if (s.mean === null) return "ikke besvart";
    var text = "snitt " + decimal(s.mean);
    if (kind !== "alone" && s.min !== null) text += ", fra " + decimal(s.min) + " til " + decimal(s.max);
    return text;
  }

  function drawChart(container, dimensions, stats, kind) {
    clear(container);
    var width = Math.max(280, Math.min(container.clientWidth || 640, 760));
    var left = 8, right = 56, top = 30, row = 46;
    var scale = function (value) { return left + (value - 1) / 4 * (width - left - right); };
    var height = top + row * dimensions.length + 8;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "img", "aria-labelledby": "vk-check-chart-title vk-check-chart-desc", class: "vk-check__svg" });
    chart.appendChild(svg("title", { id: "vk-check-chart-title" }, "Profilen per område"));
    chart.appendChild(svg("desc", { id: "vk-check-chart-desc" },
      "Skala fra 1 (helt uenig) til 5 (helt enig). " + dimensions.map(function (d, i) {
        return d.title + ": " + describe(stats[i], kind);
      }).join(". ") + "."));
    for (var level = 1; level <= 5; level++) {
      chart.appendChild(svg("line", { x1: scale(level), x2: scale(level), y1: top - 6, y2: height - 8,
        class: "vk-check__grid" }));
      chart.appendChild(svg("text", { x: scale(level), y: 16, "text-anchor": level === 1 ? "start" : level === 5 ? "end" : "middle",
        class: "vk-check__axis" }, String(level)));
    }
    dimensions.forEach(function (d, i) {
      var s = stats[i];
      var y = top + i * row;
      chart.appendChild(svg("text", { x: left, y: y + 14, class: "vk-check__label" }, d.title));
      if (s.mean === null) {
        chart.appendChild(svg("text", { x: width - 4, y: y + 32, "text-anchor": "end", class: "vk-check__value" },
          "–"));
        return;
      }
      chart.appendChild(svg("rect", { x: scale(1), y: y + 22, width: Math.max(2, scale(s.mean) - scale(1)), height: 14,
        rx: 2, class: "vk-check__bar" }));
      if (kind !== "alone" && s.min !== null && s.max > s.min) {
        chart.appendChild(svg("line", { x1: scale(s.min), x2: scale(s.max), y1: y + 29, y2: y + 29,
          class: "vk-check__spread" }));
        [s.min, s.max].forEach(function (end) {
          chart.appendChild(svg("line", { x1: scale(end), x2: scale(end), y1: y + 22, y2: y + 36,
            class: "vk-check__spread" }));
        });
      }
      chart.appendChild(svg("text", { x: width - 4, y: y + 34, "text-anchor": "end", class: "vk-check__value" },
        decimal(s.mean)));
    });
    container.appendChild(chart);
    container.appendChild(el("p", "vk-check__legend", kind === "alone"
      ? "Søylen er snittet av svarene dine på området, fra 1 (helt uenig) til 5 (helt enig)."
      : "Søylen er snittet, streken spredningen fra den laveste til den høyeste, fra 1 (helt uenig) til 5 (helt enig)."));
  }

  function drawTable(container, dimensions, stats, kind) {
    clear(container);
    var table = el("table", "vk-check__numbers");
    table.appendChild(el("caption", "", kind === "alone" ? "Svarene dine per område" : kind === "round"
      ? "Runden per område" : "Gruppen per område"));
    var head = el("thead"), headRow = el("tr");
    var columns = kind === "alone" ? ["Område", "Snitt", "Besvart"]
      : kind === "round" ? ["Område", "Snitt", "Spredning (lavest–høyest)", "Har svart", "Vet ikke"]
        : ["Område", "Snitt", "Spredning (lavest–høyest)", "Har svart"];
    columns.forEach(function (name) {
      var th = el("th", "", name);
      th.scope = "col";
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = el("tbody");
    dimensions.forEach(function (d, i) {
      var s = stats[i];
      var tr = el("tr");
      tr.setAttribute("data-vk-dimension", d.id);
      var th = el("th", "", d.title);
      th.scope = "row";
      tr.appendChild(th);
      tr.appendChild(el("td", "vk-check__mean", s.mean === null ? "–" : decimal(s.mean)));
      if (kind === "alone") {
        tr.appendChild(el("td", "", s.answered + " av " + s.of));
      } else {
        tr.appendChild(el("td", "vk-check__range", s.min === null ? "–" : decimal(s.min) + "–" + decimal(s.max)));
        tr.appendChild(el("td", "vk-check__answered", String(s.answered)));
        if (kind === "round") tr.appendChild(el("td", "", String(s.unknown)));
      }
      body.appendChild(tr);
    });
    table.appendChild(body);
    container.appendChild(table);
  }

  /* ---- The page ---------------------------------------------------------------------------------- */

  function setUp(root) {
    var data = JSON.parse(root.getAttribute("data-vk-check"));
    var dimensions = data.dimensions;
    var total = data.statements;
    var key = "vk-sjekk:" + rootPath();
    var $ = function (id) { return document.getElementById(id); };
    var form = $("vk-check-form");
    var notice = $("vk-check-notice");
    var status = $("vk-check-status");
    var current = null; // {kind, query, stats}

    root.hidden = false;

    /* What of the address could not be used, at the top. */
    function showProblems(problems) {
      clear(notice);
      notice.hidden = !problems.length;
      if (!problems.length) return;
      notice.appendChild(el("p", "", "Dette i lenken kunne ikke brukes:"));
      var list = el("ul");
      problems.forEach(function (text) { list.appendChild(el("li", "", text)); });
      notice.appendChild(list);
    }

    function formAnswer() {
      var digits = "", answered = 0, touched = false;
      for (var i = 0; i < total; i++) {
        var chosen = form.querySelector('input[name="vk-s-' + i + '"]:checked');
        digits += chosen ? chosen.value : "0";
        if (chosen) { touched = true; answered += 1; }
      }
      return { digits: digits, answered: answered, touched: touched };
    }

    function fillForm(answer) {
      for (var i = 0; i < total; i++) {
        var radio = form.querySelector('input[name="vk-s-' + i + '"][value="' + answer.charAt(i) + '"]');
        if (radio) radio.checked = true;
      }
    }

    function absolute(query) {
      return location.origin + location.pathname + query;
    }

    function queryOf(kind, values) {
      if (kind === "round") return "?runde=" + values;
      return "?" + values.map(function (v) { return "svar=" + v; }).join("&");
    }

    /* The result, the recommendations and the link, for what the page shows now. */
    function show(kind, stats, query, members) {
      current = { kind: kind, stats: stats, query: query };
      var any = stats.some(function (s) { return s.mean !== null; });
      var result = $("vk-check-result");
      result.hidden = !any;
      $("vk-check-result-title").textContent = kind === "alone" ? "Profilen" : kind === "round"
        ? "Resultatet av runden i rommet" : "Gruppens profil";
      $("vk-check-url-label").textContent = kind === "alone" ? "Lenken til svarene dine: send den til den som leder møtet"
        : kind === "round" ? "Lenken til runden" : "Lenken til gruppens resultat";
      $("vk-check-url").value = query ? absolute(query) : "";
      $("vk-check-print-date").textContent = "Skrevet ut " + moment(new Date());
      var low = weakest(stats), wide = kind === "alone" ? -1 : disputed(stats);
      summarise(kind, stats, low, wide, members);
      if (any) {
        drawChart($("vk-check-chart"), dimensions, stats, kind);
        drawTable($("vk-check-table"), dimensions, stats, kind);
      }
      advise(stats, low, wide, kind);
      refreshSaved();
    }

    function summarise(kind, stats, low, wide, members) {
      var box = $("vk-check-summary");
      clear(box);
      if (kind === "group") box.appendChild(el("p", "", members + " medlemmer har svart. Tallene viser gruppen " +
        "samlet, ikke hva den enkelte har svart."));
      if (kind === "round") {
        var most = Math.max.apply(null, stats.map(function (s) { return s.answered + (s.unknown || 0); }));
        box.appendChild(el("p", "", "Runden i rommet, med opptil " + most + " deltakere per område."));
      }
      if (low.length) {
        box.appendChild(el("p", "", (low.length === 2 ? "Svakest: " + dimensions[low[0]].title + " (" +
          decimal(stats[low[0]].mean) + ") og " + dimensions[low[1]].title + " (" + decimal(stats[low[1]].mean) + ")."
          : "Svakest: " + dimensions[low[0]].title + " (" + decimal(stats[low[0]].mean) + ").")));
      }
      if (wide >= 0) {
        var s = stats[wide];
        var line = el("p", "vk-check__disputed", "Mest uenighet: " + dimensions[wide].title + ", der svarene går fra " +
          decimal(s.min) + " til " + decimal(s.max) + ". Snakk om det først.");
        line.setAttribute("data-vk-disputed", dimensions[wide].id);
        box.appendChild(line);
      }
    }

    /* The pre-rendered recommendations of the weakest and most disputed dimensions, in
       that order, each with why it is there. */
    function advise(stats, low, wide, kind) {
      var list = $("vk-check-advice-list");
      var chosen = low.slice();
      if (wide >= 0 && chosen.indexOf(wide) < 0) chosen.push(wide);
      list.querySelectorAll("[data-vk-advice]").forEach(function (section) { section.hidden = true; });
      chosen.forEach(function (index) {
        var section = list.querySelector('[data-vk-advice="' + dimensions[index].id + '"]');
        if (!section) return;
        var reasons = [];
        if (low.indexOf(index) >= 0) reasons.push((kind === "alone" ? "Et av dine svakeste områder" : "Et av de svakeste områdene") +
          ": snitt " + decimal(stats[index].mean) + ".");
        if (index === wide) reasons.push("Området der svarene spriker mest: fra " + decimal(stats[index].min) +
          " til " + decimal(stats[index].max) + ".");
        section.querySelector(".vk-check__why").textContent = reasons.join(" ");
        list.appendChild(section); // moved, not copied: planner.js's buttons keep their listeners
        section.hidden = false;
      });
      $("vk-check-advice-intro").hidden = chosen.length > 0;
    }

    /* ---- Alone: the form --------------------------------------------------------------------- */

    function fromForm() {
      var answer = formAnswer();
      $("vk-check-progress").textContent = "Du har svart på " + answer.answered + " av " + total + " påstander.";
      var query = answer.touched ? queryOf("alone", [answer.digits]) : "";
      try { history.replaceState(history.state, "", query || location.pathname); } catch (error) { /* file: */ }
      show("alone", aloneStats(answer.digits, dimensions), query, 1);
    }

    form.addEventListener("change", fromForm);
    $("vk-check-reset").addEventListener("click", function () {
      form.reset();
      fromForm();
      $("vk-check-answer").focus();
    });
    var toProfile = el("button", "md-button md-button--primary", "Se profilen");
    toProfile.type = "button";
    toProfile.addEventListener("click", function () {
      var heading = $("vk-check-result-title");
      heading.scrollIntoView();
      heading.focus();
    });
    $("vk-check-reset").parentNode.insertBefore(toProfile, $("vk-check-reset"));
    $("vk-check-reset").parentNode.insertBefore(document.createTextNode(" "), $("vk-check-reset"));

    /* ---- The group: links pasted by the leader --------------------------------------------------- */

    $("vk-check-combine").addEventListener("click", function () {
      var text = $("vk-check-links").value;
      var messages = $("vk-check-group-messages");
      clear(messages);
      var found = [];
      var pattern = /[?&]svar=([^&\s#"'<>]*)/g, match;
      while ((match = pattern.exec(text)) !== null) found.push(match[1]);
      if (!found.length) {
        messages.appendChild(el("p", "", "Fant ingen lenker med svar i teksten. Lim inn lenkene slik medlemmene " +
          "sendte dem; hver slutter på «?svar=» og en rekke sifre."));
        $("vk-check-links").focus();
        return;
      }
      var read = readAnswers(queryOf("group", found), total);
      if (read.answers.length < 2) {
        read.problems.forEach(function (p) { messages.appendChild(el("p", "", p)); });
        messages.appendChild(el("p", "", "Gruppens resultat trenger svar fra minst to medlemmer; fant " +
          read.answers.length + " som kunne brukes."));
        return;
      }
      location.assign(location.pathname + queryOf("group", found));
    });

    /* ---- The quick round in the room --------------------------------------------------------------- */

    $("vk-check-round-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var messages = $("vk-check-round-messages");
      clear(messages);
      var bad = null;
      var groups = dimensions.map(function (d) {
        return [1, 2, 3, 4, 5, 0].map(function (level) {
          var input = document.getElementById("vk-r-" + d.id + "-" + level);
          var value = input.value.trim() === "" ? "0" : input.value.trim();
          var ok = /^\d{1,2}$/.test(value);
          input.setAttribute("aria-invalid", ok ? "false" : "true");
          if (!ok && !bad) bad = { input: input, title: d.title };
          return ok ? String(Number(value)) : "0";
        }).join(".");
      });
      if (bad) {
        messages.appendChild(el("p", "", "Antallet ved «" + bad.title + "» må være et helt tall fra 0 til " +
          MAX_COUNT + "."));
        bad.input.focus();
        return;
      }
      location.assign(location.pathname + queryOf("round", groups.join("_")));
    });

    /* ---- Sharing, saving and comparing ---------------------------------------------------------- */

    function say(text) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    $("vk-check-copy").addEventListener("click", function () {
      var input = $("vk-check-url");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { say("Lenken er kopiert."); }, function () {
          input.select();
          say("Merk lenken i feltet og kopier den med Ctrl+C (Cmd+C på Mac).");
        });
      } else {
        input.focus();
        input.select();
        say("Merk lenken i feltet og kopier den med Ctrl+C (Cmd+C på Mac).");
      }
    });
    if (navigator.share) {
      var share = $("vk-check-native-share");
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: data.title, url: $("vk-check-url").value }).catch(function () { /* cancelled */ });
      });
    }
    $("vk-check-print").addEventListener("click", function () { window.print(); });
    window.addEventListener("beforeprint", function () {
      var date = document.getElementById("vk-check-print-date");
      if (date) date.textContent = "Skrevet ut " + moment(new Date());
    });

    /** The saved snapshots, each checked: {date: Date, query, kind}; what is not ours is left out. */
    function readSaved() {
      var list;
      try { list = JSON.parse(localStorage.getItem(key) || "[]"); } catch (error) { return []; }
      if (!Array.isArray(list)) return [];
      return list.filter(function (entry) {
        return entry && typeof entry.query === "string" && /^\?(svar|runde)=[0-9._&=svarunde]*$/.test(entry.query) &&
          typeof entry.date === "string" && !isNaN(new Date(entry.date).getTime());
      }).map(function (entry) { return { date: new Date(entry.date), query: entry.query }; }).slice(-MAX_SAVED);
    }

    function writeSaved(list) {
      var value = JSON.stringify(list.map(function (entry) {
        return { date: entry.date.toISOString(), query: entry.query };
      }));
      try { localStorage.setItem(key, value); return true; } catch (error) { return false; }
    }

    /** A snapshot's numbers, read with the address's rules (null when they no longer fit). */
    function statsOf(query) {
      var round = readRound(query, dimensions);
      if (round.counts) return { kind: "round", stats: roundStats(round.counts, dimensions) };
      var read = readAnswers(query, total);
      if (read.problems.length || !read.answers.length) return null;
      if (read.answers.length === 1) return { kind: "alone", stats: aloneStats(read.answers[0], dimensions) };
      return { kind: "group", stats: groupStats(read.answers, dimensions), members: read.answers.length };
    }

    function snapshotName(entry) {
      var read = statsOf(entry.query);
      var what = !read ? "kan ikke leses i denne versjonen" : read.kind === "alone" ? "ett svar"
        : read.kind === "round" ? "runde i rommet" : "gruppen, " + read.members + " svar";
      return moment(entry.date) + " (" + what + ")";
    }

    function refreshSaved() {
      var saved = readSaved();
      var box = $("vk-check-saved");
      box.hidden = !saved.length;
      var list = $("vk-check-saved-list");
      clear(list);
      var select = $("vk-check-earlier");
      clear(select);
      saved.slice().reverse().forEach(function (entry, index) {
        var item = el("li");
        var link = el("a", "", snapshotName(entry));
        link.href = location.pathname + entry.query;
        item.appendChild(link);
        list.appendChild(item);
        var option = el("option", "", snapshotName(entry));
        option.value = String(saved.length - 1 - index);
        select.appendChild(option);
      });
    }

    $("vk-check-save").addEventListener("click", function () {
      if (!current || !current.query) return;
      var saved = readSaved();
      var entry = { date: new Date(), query: current.query };
      saved.push(entry);
      if (!writeSaved(saved.slice(-MAX_SAVED))) {
        say("Nettleseren lar ikke siden lagre noe her. Ta vare på lenken i stedet.");
        return;
      }
      refreshSaved();
      say("Resultatet er lagret på denne enheten " + moment(entry.date) + ". Det står under «Lagrede resultater», " +
        "med en lenke du også kan ta vare på.");
    });

    $("vk-check-compare").addEventListener("click", function () {
      var saved = readSaved();
      var entry = saved[Number($("vk-check-earlier").value)];
      var box = $("vk-check-comparison");
      clear(box);
      if (!entry || !current) return;
      var before = statsOf(entry.query);
      if (!before) {
        box.appendChild(el("p", "", "Resultatet fra " + moment(entry.date) + " passer ikke med påstandene i denne " +
          "versjonen av sjekken, og kan ikke sammenlignes."));
        box.focus();
        return;
      }
      box.appendChild(el("h3", "", "Endring siden " + moment(entry.date)));
      var table = el("table", "vk-check__numbers");
      table.appendChild(el("caption", "", "Snittet per område, før og nå"));
      var headRow = el("tr");
      ["Område", "Før", "Nå", "Endring"].forEach(function (name) {
        var th = el("th", "", name);
        th.scope = "col";
        headRow.appendChild(th);
      });
      var head = el("thead");
      head.appendChild(headRow);
      table.appendChild(head);
      var body = el("tbody");
      var ups = [], downs = [];
      dimensions.forEach(function (d, i) {
        var then = before.stats[i].mean, now = current.stats[i].mean;
        var tr = el("tr");
        tr.setAttribute("data-vk-dimension", d.id);
        var th = el("th", "", d.title);
        th.scope = "row";
        tr.appendChild(th);
        tr.appendChild(el("td", "", then === null ? "–" : decimal(then)));
        tr.appendChild(el("td", "", now === null ? "–" : decimal(now)));
        var words;
        if (then === null || now === null) {
          words = "kan ikke sammenlignes";
        } else {
          var change = Math.round(now * 10 + EPSILON) / 10 - Math.round(then * 10 + EPSILON) / 10;
          if (Math.abs(change) < 0.05) words = "uendret";
          else if (change > 0) { words = "bedre, " + signed(change); ups.push(d.title); }
          else { words = "svakere, " + signed(change); downs.push(d.title); }
        }
        tr.appendChild(el("td", "vk-check__change", words));
        body.appendChild(tr);
      });
      table.appendChild(body);
      box.appendChild(el("p", "", (ups.length ? "Bedre: " + ups.join(", ") + ". " : "Ingen områder er bedre. ") +
        (downs.length ? "Svakere: " + downs.join(", ") + "." : "Ingen områder er svakere.")));
      box.appendChild(table);
      box.focus();
    });

    /* ---- What the page opens with --------------------------------------------------------------- */

    var search = location.search;
    var round = readRound(search, dimensions);
    var read = readAnswers(search, total);
    var problems = read.problems.concat(round.problems);
    var mode = $("vk-check-mode");
    function modeLine(text) {
      clear(mode);
      mode.hidden = false;
      mode.appendChild(document.createTextNode(text + " "));
      var again = el("a", "", "Svar selv på sjekken");
      again.href = location.pathname;
      mode.appendChild(again);
    }
    if (round.counts && !read.answers.length) {
      form.hidden = true;
      $("vk-check-round").open = true;
      dimensions.forEach(function (d, i) {
        [1, 2, 3, 4, 5, 0].forEach(function (level, place) {
          document.getElementById("vk-r-" + d.id + "-" + level).value = String(round.counts[i][place]);
        });
      });
      modeLine("Siden viser en runde i rommet.");
      show("round", roundStats(round.counts, dimensions), queryOf("round", params(search, "runde")[0]), 0);
    } else if (read.answers.length >= 2) {
      form.hidden = true;
      modeLine("Siden viser gruppens resultat fra " + read.answers.length + " svar.");
      show("group", groupStats(read.answers, dimensions), queryOf("group", read.answers), read.answers.length);
    } else {
      if (read.answers.length === 1) fillForm(read.answers[0]);
      fromForm();
    }
    showProblems(problems);
    if (problems.length) notice.focus();
  }

  function start() {
    var root = document.getElementById("vk-check");
    if (!root || root.getAttribute("data-vk-ready")) return;
    root.setAttribute("data-vk-ready", "true");
    setUp(root);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  start();
})();
