/* Verktøykassa: the exercise finder at /ovelser/.
 *
 * Filters the cards that are already on the page (each carries its facts as data-
 * attributes), keeps the URL query in step with the form so a filtered list can be
 * shared, and tells screen readers how many exercises match. No dependencies.
 *
 * On a phone the filters (all but the text search) fold behind the «Filtrer» button, a
 * disclosure (aria-expanded) that shows how many filters are chosen, so the count and the
 * first card stay on the first screen; while the filters are open, «Vis N øvelser» at
 * the bottom of the screen counts along and folds them again. On a wider screen they
 * start open.
 *
 * The page loads this file from a <script> tag in its content. Material's instant
 * navigation replaces the content and runs such scripts again, so the script works
 * the same on a direct load and after a page switch; it only binds to elements of
 * the page it finds, which are new each time. URL parameters: docs-dev/exercises.md.
 */
(function () {
  "use strict";

  var form = document.getElementById("vk-finder");
  if (!form || form.getAttribute("data-ready")) return;
  form.setAttribute("data-ready", "true");

  var cards = Array.prototype.slice.call(document.querySelectorAll("#vk-finder-list .vk-card"));
  var count = document.getElementById("vk-finder-count");
  var maks = form.elements.maks;
  var forberedelse = form.elements.forberedelse;
  var themeBoxes = Array.prototype.slice.call(form.querySelectorAll('input[name="tema"]'));
  var toggle = document.getElementById("vk-finder-toggle");
  var panel = document.getElementById(toggle.getAttribute("aria-controls"));
  var active = toggle.querySelector(".vk-finder__active");
  var done = form.querySelector(".vk-finder__done");
  var PARAMS = ["tema", "maks", "forberedelse", "personer", "niva", "ledes", "q"];
  // Material's breakpoint for a tablet in landscape: narrower screens start folded.
  var WIDE = "(min-width: 60em)";

  // Fold case and Norwegian letters the way slugs do, so "mote" finds "Møte".
  function fold(text) {
    return text.toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function positive(value) {
    var number = parseInt(value, 10);
    return number > 0 ? number : null;
  }

  // Whole minutes from 0 up ("0" is a choice: no preparation), else null.
  function minutesOrNull(value) {
    if (!/^\d{1,4}$/.test(String(value || "").trim())) return null;
    return parseInt(value, 10);
  }

  // A shared link may ask for a limit that is not among the choices: offer it, named as
  // toolkit/pages/finder.py names the choices.
  function ensureOption(select, value, text) {
    if (!value || Array.prototype.some.call(select.options, function (o) { return o.value === value; })) return;
    var option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    select.appendChild(option);
  }

  function readUrl() {
    var query = new URLSearchParams(location.search);
    var themes = query.getAll("tema");
    themeBoxes.forEach(function (box) {
      box.checked = themes.indexOf(box.value) !== -1;
    });
    var limit = positive(query.get("maks"));
    ensureOption(maks, limit ? String(limit) : "", limit + " min eller mindre");
    maks.value = limit ? String(limit) : "";
    var prep = minutesOrNull(query.get("forberedelse"));
    var prepValue = prep === null ? "" : String(prep);
    ensureOption(forberedelse, prepValue, prep === 0 ? "Ingen forberedelse" : "Inntil " + prep + " min");
    forberedelse.value = prepValue;
    var people = positive(query.get("personer"));
    form.elements.personer.value = people ? String(people) : "";
    ["niva", "ledes"].forEach(function (name) {
      var select = form.elements[name];
      var value = query.get(name) || "";
      select.value = value;
      if (select.value !== value) select.value = "";
    });
    form.elements.q.value = query.get("q") || "";
  }

  function current() {
    return {
      tema: themeBoxes.filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; }),
      maks: positive(maks.value),
      forberedelse: minutesOrNull(forberedelse.value),
      personer: positive(form.elements.personer.value),
      niva: form.elements.niva.value,
      ledes: form.elements.ledes.value,
      q: form.elements.q.value.trim()
    };
  }

  // Themes: any of the chosen ones; every other filter narrows the list further.
  function matches(card, f, words) {
    var data = card.dataset;
    var themes = data.themes.split(" ");
    if (f.tema.length && !f.tema.some(function (t) { return themes.indexOf(t) !== -1; })) return false;
    if (f.maks && Number(data.duration) > f.maks) return false;
    if (f.forberedelse !== null && Number(data.preparation) > f.forberedelse) return false;
    if (f.personer && (f.personer < Number(data.min) || f.personer > Number(data.max))) return false;
    if (f.niva && data.difficulty !== f.niva) return false;
    if (f.ledes && data.ledBy !== f.ledes) return false;
    // The card's own text: not the buttons other scripts add to it («Legg i møteplanen»).
    var text = fold(Array.prototype.map.call(card.querySelectorAll(":scope > p:not(.vk-card__add)"),
      function (p) { return p.textContent; }).join(" "));
    return words.every(function (word) { return text.indexOf(word) !== -1; });
  }

  function writeUrl(f) {
    var query = new URLSearchParams(location.search);
    PARAMS.forEach(function (name) { query.delete(name); });
    f.tema.forEach(function (slug) { query.append("tema", slug); });
    if (f.maks) query.set("maks", f.maks);
    if (f.forberedelse !== null) query.set("forberedelse", f.forberedelse);
    if (f.personer) query.set("personer", f.personer);
    if (f.niva) query.set("niva", f.niva);
    if (f.ledes) query.set("ledes", f.ledes);
    if (f.q) query.set("q", f.q);
    var search = query.toString();
    var url = location.pathname + (search ? "?" + search : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history.replaceState(history.state, "", url);
    }
  }

  function announce(shown, total) {
    var noun = total === 1 ? "øvelse" : "øvelser";
    count.textContent = shown === total ? "Viser alle " + total + " " + noun + "."
      : shown === 0 ? "Ingen øvelser passer filtrene."
      : "Viser " + shown + " av " + total + " " + noun + ".";
  }

  // How many filters in the folding panel are chosen (each theme counts): the button says so.
  function chosen(f) {
    return f.tema.length + [f.maks, f.personer, f.niva, f.ledes].filter(Boolean).length
      + (f.forberedelse !== null ? 1 : 0);
  }

  function showActive(number) {
    active.textContent = number ? number + " valgt" : "";
    active.hidden = !number;
  }

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.hidden = !open;
  }

  function apply(updateUrl) {
    var f = current();
    var words = fold(f.q).split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var visible = matches(card, f, words);
      card.hidden = !visible;
      if (visible) shown += 1;
    });
    announce(shown, cards.length);
    done.textContent = "Vis " + shown + " " + (shown === 1 ? "øvelse" : "øvelser");
    showActive(chosen(f));
    if (updateUrl) writeUrl(f);
  }

  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply(true);
  });
  form.querySelector(".vk-finder__reset").addEventListener("click", function () {
    form.reset();
    apply(true);
  });
  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  // The list is what the filters were chosen for: fold them, and bring the form's top
  // (the count and the list follow it) into view with focus on «Filtrer».
  done.addEventListener("click", function () {
    setOpen(false);
    toggle.focus({ preventScroll: true });
    form.scrollIntoView({ block: "start" });
  });

  readUrl();

  // Material's search reads a `q` parameter when its script starts and opens itself
  // with that text. On this page `q` belongs to the finder, so on a direct load (this
  // script runs before Material's, which comes last in the body) it is taken out of
  // the address until the parser is done, and then written back from the form.
  if (document.readyState === "loading" && new URLSearchParams(location.search).has("q")) {
    var hidden = new URLSearchParams(location.search);
    hidden.delete("q");
    var rest = hidden.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    document.addEventListener("DOMContentLoaded", function () { writeUrl(current()); }, { once: true });
  }

  setOpen(window.matchMedia(WIDE).matches);
  form.hidden = false;
  apply(false);
})();
