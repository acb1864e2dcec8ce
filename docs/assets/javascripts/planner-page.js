/* Verktøykassa: the meeting planner at /moteplan/ (toolkit/pages/planner.py).
 *
 * Lists the plan's blocks with their clock times, one line each until opened; moves,
 * removes, re-times them and adds new ones where the leader asks («Legg til her»);
 * keeps a summary of start, end and time left in view; says what of a link or of the
 * stored plan it could not use; shares the plan (planner-export.js) and prints it with
 * each exercise's handout (planner-print.js).
 *
 * Loaded by the planner's page alone, from a <script> tag in its content, before
 * Material's bundle and planner.js on a first load, and again after an instant page
 * switch. So this file only defines window.vkPlannerPage(root, core), which planner.js
 * calls with its helpers (the address format, storage, words) once both are there.
 * Data from the page and the address is written with textContent only.
 */
(function () {
  "use strict";

  var KIND_LABELS = { ovelse: "Øvelse", teori: "Teori", pause: "Pause", punkt: "Eget punkt" };
  var OPEN_LABELS = { ovelse: "Les om øvelsen", teori: "Les teorisiden" };
  var MAX_SHOWN_PROBLEMS = 10;

  /** The first sentence of a description: an agenda's one line about a block. */
  function firstSentence(text) {
    var m = /^(.+?[.!?])(\s|$)/.exec(String(text || "").trim());
    return m ? m[1] : String(text || "").trim();
  }

  window.vkPlannerPage = function (root, core) {
    var el = core.el, srOnly = core.srOnly, clock = core.clock, LIMITS = core.LIMITS;
    var data = JSON.parse(root.getAttribute("data-vk-planner"));
    var exercises = Object.create(null); // by slug; no prototype, so «constructor» is no exercise
    var theory = Object.create(null);
    data.exercises.forEach(function (e) { exercises[e.slug] = e; });
    data.theory.forEach(function (t) { theory[t.slug] = t; });
    var keep = data.participantSections;

    function byId(id) { return document.getElementById(id); }
    var notice = byId("vk-planner-notice");
    var noticeText = byId("vk-planner-notice-text");
    var noticeProblems = byId("vk-planner-problems");
    var noticeUndo = byId("vk-planner-notice-undo");
    var noticeClose = byId("vk-planner-notice-close");
    var meeting = byId("vk-planner-meeting");
    var agendaHeading = byId("vk-planner-agenda");
    var summary = byId("vk-planner-summary");
    var list = byId("vk-planner-blocks");
    var empty = byId("vk-planner-empty");
    var status = byId("vk-planner-status");
    var undoRow = byId("vk-planner-undo");
    var undoText = byId("vk-planner-undo-text");
    var undoButton = byId("vk-planner-undo-button");
    var adders = byId("vk-planner-adders");
    var addersHome = adders.parentElement;
    var addersTitle = byId("vk-planner-add");
    var addersCancel = byId("vk-planner-add-cancel");
    var shareStatus = byId("vk-plan-copied");
    var printStatus = byId("vk-plan-print-status");
    var calendarHint = byId("vk-plan-calendar-hint");
    var article = root.closest("article") || root.parentElement;
    var sheets = el("div", "vk-plan-print");
    sheets.id = "vk-plan-print";
    article.appendChild(sheets);

    var plan;
    var undo = null; // {restore()}: puts back the last removal
    var written = null; // what this page last put in storage
    var prepared = false; // the print sheets match the plan
    var opened = Object.create(null); // keys of the blocks shown open
    var insertAfter = null; // the key of the block after which «Legg til her» adds
    var newer = null; // what the newest version of the site has of the missing blocks

    /* ---- The plan's blocks with what they are in this version, and their clock times ---- */

    function timed() {
      var at = core.startMinutes(plan.start);
      return plan.blocks.map(function (b) {
        var info = { block: b, kind: b.kind, missing: false, title: "", url: null, description: "" };
        if (b.kind === "ovelse" || b.kind === "teori") {
          var entry = (b.kind === "ovelse" ? exercises : theory)[b.slug];
          if (!entry || (b.kind === "ovelse" && core.RESERVED.indexOf(b.slug) >= 0)) {
            info.missing = true;
            var known = newer && newer[b.kind][b.slug];
            info.title = known && known.title ? known.title : core.readable(b.slug);
            info.newest = known ? known.url : null;
          } else {
            info.title = entry.title;
            info.url = entry.url;
            info.description = entry.description;
          }
          info.minutes = b.kind === "ovelse" ? (b.minutes || (entry ? entry.duration : 0)) : b.minutes;
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
      var start = core.startMinutes(plan.start);
      var minutes = rows.reduce(function (sum, r) { return sum + (r.missing ? 0 : r.minutes); }, 0);
      return { start: start, end: start + minutes, minutes: minutes };
    }

    /** The minutes the meeting has: «Tid til rådighet», or from «Slutter klokka». */
    function available() {
      if (plan.tid) return plan.tid;
      if (plan.slutt) {
        var minutes = core.startMinutes(plan.slutt) - core.startMinutes(plan.start);
        return minutes > 0 ? minutes : null;
      }
      return null;
    }

    function span(row) {
      return clock(row.from) + "–" + clock(row.to);
    }

    function titleOf(b) {
      var rows = timed();
      for (var i = 0; i < rows.length; i++) if (rows[i].block === b) return rows[i].title;
      return "";
    }

    function indexOf(key) {
      for (var i = 0; i < plan.blocks.length; i++) if (plan.blocks[i].key === key) return i;
      return -1;
    }

    /* ---- The summary: in view while the agenda scrolls (planner.css) ----------------- */

    function summaryText(t) {
      return core.points(plan.blocks.length) + " · kl. " + clock(t.start) + "–" + clock(t.end) + " · " +
        t.minutes + " min i alt.";
    }

    function budgetText(t) {
      var minutes = available();
      if (!minutes) return "";
      var head = minutes + " min til rådighet, til kl. " + clock(t.start + minutes) + ": ";
      var left = minutes - t.minutes;
      if (left > 0) return head + left + " min igjen.";
      if (left === 0) return head + "planen fyller tiden akkurat.";
      return head + (-left) + " min over tiden.";
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
        var over = available() < t.minutes;
        summary.appendChild(el("strong", "vk-planner__budget vk-planner__budget--" + (over ? "over" : "ok"), budget));
      }
      return t;
    }

    /* ---- Address and storage ------------------------------------------------------------ */

    /* Writes the plan to the address and to storage; the print sheets are out of date. */
    function save(rows) {
      var query = core.serialise(plan);
      var url = location.pathname + query + location.hash;
      if (url !== location.pathname + location.search + location.hash) {
        history.replaceState(history.state, "", url);
      }
      written = core.writeStored(plan, totals(rows).minutes);
      core.rememberOwn(query);
      core.updateHeaderLink();
      prepared = false;
      sheets.textContent = "";
      calendarHint.hidden = !!plan.dato;
      var run = byId("vk-plan-run"); // «Kjør møtet»: the run view of this same plan
      if (run) run.href = new URL("kjor/" + query, location.href).href;
    }

    /* Clock times, totals, address and storage after a change of minutes, text or start. */
    function retime() {
      var rows = timed();
      rows.forEach(function (row) {
        var li = list.querySelector('[data-key="' + row.block.key + '"]');
        if (!li) return;
        li.querySelector(".vk-block__time").textContent = row.missing ? "–" : span(row);
        li.querySelector(".vk-block__length").textContent = row.missing ? "finnes ikke her" : row.minutes + " min";
        if (row.kind === "punkt") { // its text was edited: the title and the controls' names follow
          li.querySelector(".vk-block__title").textContent = row.title;
          li.querySelectorAll(".vk-block__named").forEach(function (hidden) {
            hidden.textContent = hidden.getAttribute("data-before") + "«" + row.title + "»";
          });
        }
      });
      showSummary(rows);
      save(rows);
      return rows;
    }

    /* ---- One block: a line that opens (a disclosure) ------------------------------------- */

    /** Hidden words that name the block, kept up to date when a free item's text changes. */
    function named(before, row) {
      var hidden = srOnly(before + "«" + row.title + "»");
      hidden.className += " vk-block__named";
      hidden.setAttribute("data-before", before);
      return hidden;
    }

    function minutesField(row) {
      var id = "vk-block-" + row.block.key + "-min";
      var field = el("div", "vk-planner__field vk-block__minutes");
      var label = el("label", "", "Minutter");
      label.htmlFor = id;
      label.appendChild(named(" for ", row));
      var input = el("input");
      input.id = id;
      input.type = "number";
      input.min = "1";
      input.max = String(LIMITS.minutes);
      input.inputMode = "numeric";
      input.value = String(row.minutes);
      input.addEventListener("input", function () {
        var value = core.minutesOf(input.value);
        if (!value) return;
        row.block.minutes = value;
        retime();
      });
      input.addEventListener("change", function () {
        var value = core.minutesOf(input.value);
        var now = timed()[indexOf(row.block.key)];
        if (!value) {
          input.value = String(now.minutes);
          say("Minuttene må være et helt tall fra 1 til " + LIMITS.minutes + ". «" + now.title + "» er fortsatt " +
            now.minutes + " min.");
          return;
        }
        var t = totals(timed());
        say("«" + now.title + "» er " + value + " min. Planen er nå " + t.minutes +
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
      input.maxLength = LIMITS.text;
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
      button.appendChild(named(" ", row));
      button.disabled = disabled;
      return button;
    }

    function item(row, index, count) {
      var key = row.block.key;
      var open = !!opened[key];
      var li = el("li", "vk-block vk-block--" + row.kind + (row.missing ? " vk-block--missing" : ""));
      li.setAttribute("data-key", String(key));

      var heading = el("h3", "vk-block__heading");
      var toggle = el("button", "vk-block__toggle");
      toggle.type = "button";
      toggle.setAttribute("data-action", "toggle");
      toggle.setAttribute("aria-expanded", String(open));
      toggle.setAttribute("aria-controls", "vk-block-" + key);
      toggle.appendChild(el("span", "vk-block__time", row.missing ? "–" : span(row)));
      toggle.appendChild(document.createTextNode(" "));
      toggle.appendChild(el("span", "vk-block__title", row.title));
      toggle.appendChild(document.createTextNode(" "));
      toggle.appendChild(el("span", "vk-block__length", row.missing ? "finnes ikke her" : row.minutes + " min"));
      heading.appendChild(toggle);
      li.appendChild(heading);

      var details = el("div", "vk-block__details");
      details.id = "vk-block-" + key;
      details.hidden = !open;
      details.appendChild(el("p", "vk-block__kind", KIND_LABELS[row.kind]));
      if (row.missing) {
        details.appendChild(el("p", "vk-block__missing",
          "Finnes ikke i denne versjonen av nettstedet, og er ikke regnet med i tiden."));
        if (row.newest) {
          var newest = el("a", "", "Se den i den nyeste versjonen av nettstedet");
          newest.href = row.newest;
          details.appendChild(el("p")).appendChild(newest);
        }
      } else if (row.description) {
        details.appendChild(el("p", "vk-block__purpose", row.description));
      }
      if (row.url) {
        var link = el("a", "", OPEN_LABELS[row.kind]);
        link.href = row.url;
        link.appendChild(named(" ", row));
        details.appendChild(el("p", "vk-block__open")).appendChild(link);
      }
      var controls = el("div", "vk-block__controls");
      if (row.kind === "punkt") controls.appendChild(textField(row));
      if (!row.missing) controls.appendChild(minutesField(row));
      var buttons = el("div", "vk-block__buttons");
      buttons.appendChild(actionButton("up", "Flytt opp", row, index === 0));
      buttons.appendChild(actionButton("down", "Flytt ned", row, index === count - 1));
      buttons.appendChild(actionButton("remove", "Fjern", row, false));
      controls.appendChild(buttons);
      details.appendChild(controls);
      li.appendChild(details);

      if (index < count - 1) { // after the last block, the forms under the list add
        var insert = el("button", "vk-block__insert");
        insert.type = "button";
        insert.setAttribute("data-action", "insert");
        var plus = el("span", "vk-block__plus", "+");
        plus.setAttribute("aria-hidden", "true");
        insert.appendChild(plus);
        insert.appendChild(document.createTextNode(" Legg til her"));
        insert.appendChild(named(" etter ", row));
        li.appendChild(insert);
      }
      return li;
    }

    /** The add forms under the list, or inside the block they add after. */
    function placeAdders() {
      var li = insertAfter !== null ? list.querySelector('[data-key="' + insertAfter + '"]') : null;
      if (!li) insertAfter = null;
      var home = li || addersHome;
      if (adders.parentElement !== home) home.appendChild(adders);
      list.querySelectorAll(".vk-block__insert").forEach(function (button) {
        button.hidden = !!li && li.contains(button); // the forms stand in its place
      });
      adders.classList.toggle("vk-planner__adders--here", !!li);
      addersCancel.hidden = !li;
      addersTitle.textContent = li ? "Legg til etter «" + titleOf(plan.blocks[indexOf(insertAfter)]) + "»"
        : "Legg til i planen";
    }

    /* The whole list again; focus goes back to the same control of the same block. */
    function render(focus) {
      var rows = timed();
      list.textContent = "";
      rows.forEach(function (row, index) { list.appendChild(item(row, index, rows.length)); });
      placeAdders();
      showSummary(rows);
      undoRow.hidden = !undo;
      if (focus) {
        var target = null;
        var li = focus.key ? list.querySelector('[data-key="' + focus.key + '"]') : null;
        if (li) {
          var order = [focus.action, focus.action === "up" ? "down" : "up", "remove", "toggle"];
          for (var i = 0; i < order.length && !target; i++) {
            var candidate = li.querySelector('[data-action="' + order[i] + '"]');
            if (candidate && !candidate.disabled && !candidate.closest("[hidden]")) target = candidate;
          }
        }
        if (!target && focus.fallback) target = focus.fallback;
        if (target) target.focus();
      }
      save(rows);
      if (!newer && rows.some(function (row) { return row.missing; })) lookUpNewest();
      return rows;
    }

    function say(text) {
      core.announce(status, text);
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

    /* ---- What the buttons of a block do ----------------------------------------------- */

    function toggle(key, button) {
      var open = !opened[key];
      if (open) opened[key] = true; else delete opened[key];
      button.setAttribute("aria-expanded", String(open));
      byId("vk-block-" + key).hidden = !open;
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
      if (insertAfter === key) insertAfter = null;
      offerUndo("«" + title + "» er fjernet.", function () {
        plan.blocks.splice(Math.min(index, plan.blocks.length), 0, removed);
        return removed.key;
      });
      var next = plan.blocks[index] || plan.blocks[index - 1];
      render({ key: next ? next.key : null, action: "toggle", fallback: undoButton });
      var t = totals(timed());
      say("«" + title + "» er fjernet fra planen. Planen er nå " + t.minutes +
        " min. Knappen «Angre» under listen legger det tilbake.");
    }

    /* «Legg til her»: the add forms open inside the block, and add after it. */
    function startInsert(key) {
      insertAfter = key;
      placeAdders();
      addersTitle.focus();
      say("Skjemaene for å legge til står nå etter «" + titleOf(plan.blocks[indexOf(key)]) + "».");
    }

    addersCancel.addEventListener("click", function () {
      var key = insertAfter;
      insertAfter = null;
      placeAdders();
      var li = list.querySelector('[data-key="' + key + '"]');
      var back = li && li.querySelector('[data-action="insert"]');
      if (back) back.focus();
    });

    undoButton.addEventListener("click", function () {
      if (!undo) return;
      var key = undo.restore();
      undo = null;
      render({ key: key, action: "toggle", fallback: list });
      say(key ? "Lagt tilbake som " + position(key) + "." : "Planen er lagt tilbake.");
    });

    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button || !list.contains(button) || adders.contains(button)) return;
      var key = Number(button.closest("[data-key]").getAttribute("data-key"));
      var action = button.getAttribute("data-action");
      if (action === "toggle") toggle(key, button);
      else if (action === "insert") startInsert(key);
      else if (action === "up") move(key, -1);
      else if (action === "down") move(key, 1);
      else remove(key);
    });

    /* ---- Adding a block from the planner's own forms ------------------------------------- */

    function added(b) {
      if (plan.blocks.length >= LIMITS.blocks) {
        say("Planen har allerede " + LIMITS.blocks + " punkter, som er det meste en plan kan ha.");
        return false;
      }
      var here = insertAfter !== null;
      var at = here ? indexOf(insertAfter) + 1 : plan.blocks.length;
      plan.blocks.splice(at, 0, b);
      insertAfter = null;
      render(here ? { key: b.key, action: "toggle" } : null);
      var t = totals(timed());
      say("«" + titleOf(b) + "» er lagt til som " + position(b.key) + ". Planen er nå " + t.minutes + " min.");
      return true;
    }

    adders.querySelectorAll(".vk-planner__add").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var kind = form.getAttribute("data-kind");
        var minutesInput = form.querySelector('input[name="minutter"]');
        var minutes = minutesInput ? core.minutesOf(minutesInput.value) : null;
        if (minutesInput && !minutes) {
          say("Skriv inn minutter fra 1 til " + LIMITS.minutes + ".");
          minutesInput.focus();
          return;
        }
        if (kind === "ovelse") added(core.block({ kind: "ovelse", slug: form.elements.ovelse.value, minutes: null }));
        else if (kind === "teori") added(core.block({ kind: "teori", slug: form.elements.teori.value, minutes: minutes }));
        else if (kind === "pause") added(core.block({ kind: "pause", minutes: minutes }));
        else {
          var text = form.elements.tekst.value.trim();
          if (!text) { form.elements.tekst.focus(); return; }
          if (added(core.block({ kind: "punkt", text: text.slice(0, LIMITS.text), minutes: minutes }))) {
            form.elements.tekst.value = "";
          }
        }
      });
    });

    /* ---- The meeting: title, date, start, and its end or the time available -------------- */

    var fields = meeting.elements;

    /** A field's message under it (aria-describedby), or none. */
    function fieldError(input, text) {
      var id = input.id + "-feil";
      var message = byId(id);
      if (!message) {
        message = el("p", "vk-planner__error");
        message.id = id;
        input.parentElement.appendChild(message);
      }
      message.textContent = text || "";
      message.hidden = !text;
      if (text) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", id);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    }

    /* The end and the minutes available show each other: whichever the leader gave. */
    function fillEnd() {
      var start = core.startMinutes(plan.start);
      var minutes = available();
      if (plan.tid) fields.slutt.value = clock(start + plan.tid).replace(".", ":");
      else if (plan.slutt) fields.tid.value = minutes ? String(minutes) : "";
      if (!plan.tid && !plan.slutt) {
        if (document.activeElement !== fields.slutt) fields.slutt.value = "";
        if (document.activeElement !== fields.tid) fields.tid.value = "";
      }
    }

    function fillMeeting() {
      fields.tittel.value = plan.tittel;
      fields.dato.value = plan.dato;
      fields.start.value = plan.start;
      fields.tid.value = plan.tid ? String(plan.tid) : "";
      fields.slutt.value = plan.slutt;
      fillEnd();
      ["dato", "start", "slutt", "tid"].forEach(function (name) { fieldError(fields[name], ""); });
    }

    function endAfterStart(end) {
      var minutes = core.startMinutes(end) - core.startMinutes(plan.start);
      return minutes > 0 && minutes <= LIMITS.meeting;
    }

    meeting.addEventListener("submit", function (event) { event.preventDefault(); });
    meeting.addEventListener("input", function (event) {
      var field = event.target;
      var value = field.value.trim();
      if (field.name === "tittel") {
        plan.tittel = value.slice(0, LIMITS.title);
      } else if (field.name === "dato") {
        plan.dato = core.realDate(value) ? value : "";
        fieldError(field, value && !plan.dato ? "Datoen finnes ikke. Velg en dato fra år 2000 til 2100." : "");
      } else if (field.name === "start") {
        var start = core.startOf(value);
        fieldError(field, start ? "" : "Skriv klokkeslettet som 09:00.");
        if (!start) return;
        plan.start = start;
        if (plan.slutt && !endAfterStart(plan.slutt)) {
          fieldError(fields.slutt, "Møtet slutter ikke etter at det starter.");
        } else {
          fieldError(fields.slutt, "");
        }
        fillEnd();
      } else if (field.name === "slutt") {
        var end = core.startOf(value);
        if (!value) {
          plan.slutt = "";
          fieldError(field, "");
          if (!plan.tid) fields.tid.value = "";
        } else if (!end || !endAfterStart(end)) {
          fieldError(field, end ? "Sluttiden må være etter starttiden, og møtet høyst " + LIMITS.meeting + " minutter."
            : "Skriv klokkeslettet som 10:30.");
          return;
        } else {
          fieldError(field, "");
          plan.slutt = end;
          plan.tid = null;
          fieldError(fields.tid, "");
        }
        fillEnd();
      } else if (field.name === "tid") {
        var minutes = core.wholeNumber(value, LIMITS.meeting);
        if (value && !minutes) {
          fieldError(field, "Skriv et helt antall minutter fra 1 til " + LIMITS.meeting + ".");
          return;
        }
        fieldError(field, "");
        plan.tid = minutes;
        if (minutes) {
          plan.slutt = "";
          fieldError(fields.slutt, "");
        }
        fillEnd();
      }
      retime();
    });
    meeting.addEventListener("change", function (event) {
      var name = event.target.name;
      if (name !== "start" && name !== "tid" && name !== "slutt") return;
      if (name === "start" && !core.startOf(event.target.value)) {
        event.target.value = plan.start;
        fieldError(event.target, "");
      }
      var t = totals(timed());
      if (plan.blocks.length) {
        say("Planen går fra kl. " + clock(t.start) + " til " + clock(t.end) + "." +
          (budgetText(t) ? " " + budgetText(t) : ""));
      }
    });

    /* ---- The notice at the top: a plan that took the place of another, and what could
           not be used of a link or of the stored plan ---------------------------------- */

    function showNotice(text, problems, source) {
      noticeText.textContent = text || "";
      noticeText.hidden = !text;
      noticeProblems.textContent = "";
      if (problems.length) {
        noticeProblems.appendChild(el("p", "", source === "link"
          ? "Dette i lenken kunne ikke brukes som det sto:"
          : "Dette i planen som var lagret i nettleseren, kunne ikke brukes som det sto:"));
        var ul = noticeProblems.appendChild(el("ul"));
        problems.slice(0, MAX_SHOWN_PROBLEMS).forEach(function (problem) { ul.appendChild(el("li", "", problem)); });
        if (problems.length > MAX_SHOWN_PROBLEMS) {
          ul.appendChild(el("li", "", "… og " + (problems.length - MAX_SHOWN_PROBLEMS) + " til."));
        }
      }
      noticeProblems.hidden = !problems.length;
      notice.hidden = !text && !problems.length;
    }

    noticeClose.addEventListener("click", function () {
      notice.hidden = true;
      agendaHeading.focus();
    });

    /* ---- Sharing: text, calendar, link, the phone's share sheet (planner-export.js) ------ */

    function exportInfo() {
      var rows = timed().filter(function (row) { return !row.missing; });
      var t = totals(rows);
      var minutes = available();
      return {
        title: plan.tittel, date: plan.dato, dateText: plan.dato ? core.longDate(plan.dato) : "",
        start: t.start, end: t.start + (minutes || t.minutes), agendaEnd: t.end,
        rows: rows.map(function (row) {
          return { from: row.from, to: row.to, minutes: row.minutes, title: row.title, kind: row.kind,
            purpose: firstSentence(row.description) };
        }),
        link: location.href,
        // The same meeting (version, date, start, title) keeps its UID however its blocks change.
        identity: [core.KEY, plan.dato, plan.start, plan.tittel].join("|"),
        host: location.hostname
      };
    }

    /* The text to copy by hand when the clipboard cannot be used (an intranet served
       over plain http has no clipboard API): in a read-only field, selected. */
    function copyByHand(fieldId, text, done, label) {
      var field = byId(fieldId);
      field.parentElement.hidden = false;
      field.value = text;
      field.focus();
      field.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      shareStatus.textContent = copied ? done : label;
    }

    function copy(fieldId, text, done, label) {
      shareStatus.textContent = "";
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () {
          shareStatus.textContent = done;
        }, function () { copyByHand(fieldId, text, done, label); });
      } else {
        copyByHand(fieldId, text, done, label);
      }
    }

    function copyLink() {
      copy("vk-plan-url", location.href, "Lenken er kopiert.", "Kopier lenken fra feltet under.");
    }

    byId("vk-plan-copy").addEventListener("click", copyLink);

    byId("vk-plan-copy-text").addEventListener("click", function () {
      copy("vk-plan-text", window.vkPlannerExport.text(exportInfo(), core),
        "Agendaen er kopiert som tekst. Lim den inn i invitasjonen eller i Teams.",
        "Kopier agendaen fra feltet under.");
    });

    byId("vk-plan-calendar").addEventListener("click", function () {
      if (!plan.dato) {
        shareStatus.textContent = "Velg datoen for møtet først: feltet «Dato» er klart.";
        fields.dato.focus();
        return;
      }
      var info = exportInfo();
      if (info.end <= info.start) { // an event needs a length: blocks, an end, or minutes available
        shareStatus.textContent = "Planen har ingen punkter og ingen sluttid ennå, så møtet har ingen lengde " +
          "å legge i kalenderen.";
        return;
      }
      var name = window.vkPlannerExport.fileName(info);
      var file = new Blob([window.vkPlannerExport.calendar(info, core, new Date())], { type: "text/calendar;charset=utf-8" });
      var link = el("a");
      link.href = URL.createObjectURL(file);
      link.download = name;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
      shareStatus.textContent = "Kalenderfilen «" + name + "» er lastet ned. Åpne den for å legge møtet i " +
        "Outlook eller en annen kalender.";
    });

    var share = byId("vk-plan-share");
    share.hidden = typeof navigator.share !== "function";
    share.addEventListener("click", function () {
      shareStatus.textContent = "";
      navigator.share({ title: plan.tittel || "Møteplan", url: location.href }).then(function () {
        shareStatus.textContent = "Planen er delt.";
      }, function (error) {
        if (!(error && error.name === "AbortError")) copyLink(); // not cancelled: copy the link instead
      });
    });

    document.getElementById("vk-plan-clear").addEventListener("click", function () {
      if (!plan.blocks.length) return;
      var blocks = plan.blocks;
      plan.blocks = [];
      insertAfter = null;
      offerUndo("Planen er tømt.", function () {
        plan.blocks = blocks.concat(plan.blocks);
        return blocks[0].key;
      });
      render({ fallback: undoButton });
      say("Planen er tømt. Knappen «Angre» legger punktene tilbake.");
    });

    /* ---- Printing: the agenda, then each exercise's handout (planner-print.js) ---------- */

    function prepare(variant, pages) {
      var rows = timed().filter(function (row) { return !row.missing; });
      var t = totals(rows);
      var info = {
        title: plan.tittel, dateText: plan.dato ? core.longDate(plan.dato) : "",
        start: t.start, end: t.end, minutes: t.minutes, rows: rows, link: location.href
      };
      sheets.textContent = "";
      window.vkPlannerPrint.sheets(info, variant, pages || [], keep, core).forEach(function (sheet) {
        sheets.appendChild(sheet);
      });
      prepared = true;
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
        Promise.all(rows.map(window.vkPlannerPrint.fetchPage)).then(function (pages) {
          prepare(variant, pages);
          printStatus.textContent = "Utskriften er klar: agendaen og " +
            (pages.length === 1 ? "1 øvelsesark" : pages.length + " øvelsesark") + ".";
          document.documentElement.setAttribute("data-vk-print", variant);
          window.print();
        });
      });
    });

    /* ---- A block this version does not have: its title and page in the newest version --- */

    /**
     * The newest version is the one with the `latest` alias in mike's versions.json,
     * beside this version's folder. Its exercise catalogue gives a missing exercise's
     * title; a theory page is asked for by address. The links go through `latest/`,
     * mike's redirect pages, so they keep pointing at the newest cohort. Only this
     * site is asked; in a build without versions there is no versions.json, and the
     * block keeps the title made from its slug.
     */
    function lookUpNewest() {
      newer = { ovelse: Object.create(null), teori: Object.create(null) };
      var all = new URL("../", core.ROOT);
      var current = new URL(core.ROOT).pathname.replace(/\/$/, "").split("/").pop();
      var wanted = timed().filter(function (row) { return row.missing; });
      function json(response) { return response.ok ? response.json() : Promise.reject(response); }
      fetch(new URL("versions.json", all).href).then(json).then(function (versions) {
        var newest = versions.filter(function (v) { return (v.aliases || []).indexOf("latest") >= 0; })[0];
        if (!newest || newest.version === current) return null;
        var home = new URL(newest.version + "/", all);
        var latest = new URL("latest/", all);
        var exercisesThere = wanted.some(function (row) { return row.kind === "ovelse"; })
          ? fetch(new URL("ovelser/ovelser.json", home).href).then(json) : Promise.resolve({ exercises: [] });
        var checks = wanted.filter(function (row) { return row.kind === "teori"; }).map(function (row) {
          var page = "teori/" + row.block.slug + "/";
          return fetch(new URL(page, home).href, { method: "HEAD" }).then(function (response) {
            if (response.ok) newer.teori[row.block.slug] = { title: null, url: new URL(page, latest).href };
          }, function () { /* not there either */ });
        });
        return Promise.all([exercisesThere.then(function (catalogue) {
          (catalogue.exercises || []).forEach(function (entry) {
            var slug = String(entry.id || "").split("/").pop();
            newer.ovelse[slug] = { title: String(entry.title || ""), url: new URL("ovelser/" + slug + "/", latest).href };
          });
        }, function () { /* no catalogue: the titles from the slugs stay */ })].concat(checks));
      }).then(function (found) {
        if (!found) return;
        timed().forEach(function (row, index, rows) {
          var li = row.missing && list.querySelector('[data-key="' + row.block.key + '"]');
          if (li && !li.contains(document.activeElement)) li.replaceWith(item(row, index, rows.length));
        });
        placeAdders();
      }, function () { /* no versions: a plain build */ });
    }

    /* ---- Which plan the planner opens with ------------------------------------------- */

    function load(source) {
      plan = source;
      opened = Object.create(null);
      insertAfter = null;
      fillMeeting();
    }

    function described(p) {
      return core.points(p.blocks.length);
    }

    var fromUrl = core.parse(location.search);
    var raw = core.readStored();
    var stored = raw && !raw.junk ? core.parse(raw.query) : null;
    // Compared as written: a link that differs only in what cannot be used is not ours.
    var own = core.ownQueries().indexOf(location.search) >= 0;
    var junk = raw && raw.junk ? "Planen som var lagret i nettleseren, kunne ikke leses og er ikke brukt. " : "";
    var told = "";
    // A link none of whose blocks can be read does not take the stored plan's place.
    var usable = fromUrl.hasBlocks && (fromUrl.plan.blocks.length || !stored);
    if (usable && !(own && stored)) {
      load(fromUrl.plan);
      var replaced = stored && stored.plan.blocks.length &&
        core.serialise(stored.plan) !== core.serialise(fromUrl.plan);
      var arrived = fromUrl.plan.tittel
        ? "Du åpnet planen «" + fromUrl.plan.tittel + "» (" + described(fromUrl.plan) + ")."
        : "Du åpnet en plan fra en lenke (" + described(fromUrl.plan) + ").";
      if (replaced) {
        var earlier = stored.plan;
        var link = location.pathname + location.search;
        told = arrived + " Den har tatt plassen til planen du hadde i nettleseren (" + described(earlier) + ").";
        showNotice(junk + told, fromUrl.problems, "link");
        noticeUndo.hidden = false;
        noticeUndo.addEventListener("click", function back() {
          noticeUndo.removeEventListener("click", back);
          load(earlier);
          render(null);
          noticeUndo.hidden = true;
          showNotice("Planen du hadde, er lagt tilbake. Planen fra lenken er ikke lagret.", [], "link");
          var again = el("a", "", "Åpne planen fra lenken igjen");
          again.href = link;
          noticeText.appendChild(document.createTextNode(" "));
          noticeText.appendChild(again);
          notice.focus();
          say("Planen du hadde, er lagt tilbake: " + described(earlier) + ".");
        });
      } else {
        showNotice(junk, fromUrl.problems, "link");
      }
    } else if (stored) {
      load(stored.plan);
      if (fromUrl.hasBlocks && !own) showNotice("", fromUrl.problems, "link"); // what the link had
      else showNotice("", stored.problems, "stored");
    } else {
      load(fromUrl.plan);
      showNotice(junk, fromUrl.problems, "link");
    }
    root.hidden = false;
    render(null);
    if (!notice.hidden) {
      var count = noticeProblems.querySelectorAll("li").length;
      say(((told || junk) + (count ? " Noe kunne ikke brukes som det sto; se meldingen øverst i planen." : "")).trim());
    }

    return {
      root: root,
      // The browser's own print command (Ctrl+P) prints the agenda alone.
      beforePrint: function () {
        if (!prepared) prepare("leder", []);
      },
      reload: function (value) {
        if (value === written) return;
        var next = core.readStored();
        var parsed = next && !next.junk ? core.parse(next.query) : null;
        load(parsed ? parsed.plan : core.emptyPlan());
        render(null);
      }
    };
  };

  if (window.vkPlanner) window.vkPlanner.setUp();
})();
