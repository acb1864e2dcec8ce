/* Verktøykassa: «Kjør møtet», the meeting plan on the meeting-room screen (toolkit/pages/run_meeting.py).
 *
 * The current block large (title, clock time, the time left as mm:ss, a progress bar),
 * the next block, and how far ahead or behind the plan the meeting is; for an exercise
 * its steps and reflection questions, its tips only behind «Notater for den som leder».
 * Advance by hand or by itself, back, «+5 min», pause, jump from the agenda; keys for a
 * presenter's remote; a signal at two minutes left and at zero; a sound only when the
 * leader turns it on; the Screen Wake Lock while the meeting runs. Where the meeting is
 * (the block, when it started, the minutes added, a pause) is kept in localStorage, so a
 * reload resumes it. docs-dev/planner.md describes it.
 *
 * Loaded by the run view's page alone, from a <script> tag in its content: on a first
 * load before Material's bundle and planner.js (whose helpers it uses: the address
 * format, storage, words), after an instant page switch again. Data is written with
 * textContent only; nothing is fetched.
 */
(function () {
  "use strict";

  if (window.vkRunMeeting) { window.vkRunMeeting.setUp(); return; }

  var MINUTE = 60000;
  var WARN = 2 * MINUTE; // the signal at two minutes left
  var MORE = 5; // «+5 min»
  var TICK = 250;
  var active = null; // the run view on the page now: {root, stop()}

  function setUp() {
    if (active && !document.body.contains(active.root)) { active.stop(); active = null; }
    var root = document.getElementById("vk-run");
    if (!root || root.getAttribute("data-vk-ready") || !window.vkPlanner) return;
    root.setAttribute("data-vk-ready", "true");
    active = runView(root, window.vkPlanner);
  }

  window.vkRunMeeting = { setUp: setUp };

  function boot() {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
    setUp();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot); else boot();

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  /** Milliseconds as «mm:ss», rounded up to the second (10:00 at the start, 00:00 at the end). */
  function countdown(ms) {
    var seconds = Math.ceil(Math.max(ms, 0) / 1000);
    return pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
  }

  function minutesWord(count) {
    return count === 1 ? "1 minutt" : count + " minutter";
  }

  function runView(root, core) {
    var el = core.el;
    var data = JSON.parse(root.getAttribute("data-vk-run"));
    var exercises = Object.create(null); // by slug; no prototype, so «constructor» is no exercise
    var theory = Object.create(null);
    data.exercises.forEach(function (e) { exercises[e.slug] = e; });
    data.theory.forEach(function (t) { theory[t.slug] = t; });
    var STATE_KEY = core.KEY + ":kjor";

    function byId(id) { return document.getElementById(id); }
    var view = {
      meeting: byId("vk-run-meeting"), notice: byId("vk-run-notice"), now: byId("vk-run-now"),
      place: byId("vk-run-place"), title: byId("vk-run-title"), left: byId("vk-run-left"),
      leftLabel: byId("vk-run-left-label"), fill: byId("vk-run-fill"), signal: byId("vk-run-signal"),
      pace: byId("vk-run-pace"), body: byId("vk-run-body"), next: byId("vk-run-next"),
      back: byId("vk-run-back"), pause: byId("vk-run-pause"), more: byId("vk-run-more"),
      forward: byId("vk-run-next-button"), start: byId("vk-run-start"), full: byId("vk-run-full"),
      end: byId("vk-run-end"), sound: byId("vk-run-sound"), notes: byId("vk-run-notes"),
      list: byId("vk-run-list"), ended: byId("vk-run-ended"), endedText: byId("vk-run-ended-text"),
      evaluation: byId("vk-run-evaluation"), resume: byId("vk-run-resume"), restart: byId("vk-run-restart"),
      planner: byId("vk-run-planner"), status: byId("vk-run-status")
    };
    var modes = root.querySelectorAll('input[name="vk-run-mode"]');

    /* ---- The plan: from the address, else the meeting being run, else the stored plan ---- */

    var saved = readState();
    var parsed = core.parse(location.search);
    var plan, problems = [];
    if (parsed.hasBlocks) {
      plan = parsed.plan;
      problems = parsed.problems;
    } else if (saved) {
      plan = core.parse(saved.query).plan;
    } else {
      var stored = core.readStored();
      plan = stored && !stored.junk ? core.parse(stored.query).plan : core.emptyPlan();
    }
    var query = core.serialise(plan);
    var rows = [];
    var missing = [];

    /** The blocks with their titles and minutes in this version (the ones it has not are left out). */
    function buildRows() {
      rows = [];
      missing = [];
      plan.blocks.forEach(function (b) {
        var row = { kind: b.kind, slug: b.slug || null, entry: null, title: "", minutes: b.minutes };
        if (b.kind === "ovelse" || b.kind === "teori") {
          var entry = (b.kind === "ovelse" ? exercises : theory)[b.slug];
          if (!entry || (b.kind === "ovelse" && core.RESERVED.indexOf(b.slug) >= 0)) {
            missing.push(core.readable(b.slug));
            return;
          }
          row.entry = entry;
          row.title = entry.title;
          if (b.kind === "ovelse") row.minutes = b.minutes || entry.duration;
        } else if (b.kind === "pause") {
          row.title = "Pause";
        } else {
          row.title = b.text || "Punkt uten tekst";
        }
        rows.push(row);
      });
    }
    buildRows();

    /* ---- Where the meeting is, kept in localStorage ------------------------------------- */

    function fresh() {
      return { query: query, mode: "hand", started: null, ended: null, origin: null, index: 0,
        starts: rows.map(function () { return null; }), paused: rows.map(function () { return 0; }),
        added: rows.map(function () { return 0; }), pausedAt: null, extra: false };
    }

    function numbers(list, nullable) {
      return Array.isArray(list) && list.length === rows.length && list.every(function (n) {
        return (nullable && n === null) || (typeof n === "number" && isFinite(n) && n >= 0);
      });
    }

    /** The stored run, when this script wrote it (anything else is not used). */
    function readState() {
      try {
        var value = JSON.parse(localStorage.getItem(STATE_KEY));
        return value && typeof value === "object" && typeof value.query === "string" &&
          value.query.charAt(0) === "?" ? value : null;
      } catch (error) {
        return null;
      }
    }

    function usable(value) {
      var time = function (n) { return n === null || (typeof n === "number" && isFinite(n)); };
      return value && value.query === query && (value.mode === "hand" || value.mode === "auto") &&
        time(value.started) && time(value.ended) && time(value.origin) && time(value.pausedAt) &&
        typeof value.index === "number" && Math.floor(value.index) === value.index &&
        value.index >= 0 && value.index < Math.max(rows.length, 1) &&
        numbers(value.starts, true) && numbers(value.paused) && numbers(value.added) &&
        value.added.every(function (n) { return n <= core.LIMITS.minutes; });
    }

    var state;

    /* A plan that ends in the evaluation the end offered runs it as one block more. */
    function withEvaluation() {
      if (!data.evaluation || !exercises[data.evaluation]) return;
      var entry = exercises[data.evaluation];
      rows.push({ kind: "ovelse", slug: data.evaluation, entry: entry, title: entry.title, minutes: entry.duration });
    }

    if (saved && saved.extra === true && saved.query === query) withEvaluation();
    state = usable(saved) ? saved : fresh();
    if (state !== saved) save();

    function save() {
      try { localStorage.setItem(STATE_KEY, JSON.stringify(state)); } catch (error) { /* private mode */ }
    }

    /* ---- Time ------------------------------------------------------------------------ */

    function now() { return Date.now(); }

    function length(i) { return (rows[i].minutes + state.added[i]) * MINUTE; }

    function pausedIn(i) {
      return state.paused[i] + (i === state.index && state.pausedAt !== null ? now() - state.pausedAt : 0);
    }

    function elapsed(i) {
      if (state.starts[i] === null) return 0;
      return Math.max(now() - state.starts[i] - pausedIn(i), 0);
    }

    function left(i) { return length(i) - elapsed(i); }

    /** When the current block will end: its time, or now when it is over. */
    function projectedEnd() {
      var i = state.index;
      var begun = state.starts[i] === null ? now() : state.starts[i] + pausedIn(i);
      return begun + Math.max(length(i), elapsed(i));
    }

    function plannedStart(i) {
      var at = state.origin;
      for (var j = 0; j < i; j++) at += rows[j].minutes * MINUTE;
      return at;
    }

    /** Minutes behind the plan (negative: ahead): the current block's end against the plan's. */
    function late() {
      var i = state.index;
      return Math.round((projectedEnd() - plannedStart(i) - rows[i].minutes * MINUTE) / MINUTE);
    }

    function paceText(minutes) {
      if (minutes > 0) return minutes + " min bak planen";
      if (minutes < 0) return -minutes + " min foran planen";
      return "I rute med planen";
    }

    function clockAt(ms) {
      var date = new Date(ms);
      return core.clock(date.getHours() * 60 + date.getMinutes());
    }

    /** Each block's clock time as the meeting now goes: the past as it went, the rest re-timed. */
    function times() {
      var result = [];
      if (!state.started) {
        var at = core.startMinutes(plan.start);
        rows.forEach(function (row) { result.push({ from: at, to: at + row.minutes }); at += row.minutes; });
        return result.map(function (t) { return core.clock(t.from) + "–" + core.clock(t.to); });
      }
      var next = projectedEnd();
      rows.forEach(function (row, i) {
        if (i < state.index) {
          result.push(state.starts[i] === null ? "" : clockAt(state.starts[i]));
        } else if (i === state.index) {
          result.push(clockAt(state.starts[i]) + "–" + clockAt(next));
        } else {
          var end = next + length(i);
          result.push(clockAt(next) + "–" + clockAt(end));
          next = end;
        }
      });
      return result;
    }

    /* ---- What the screen says ------------------------------------------------------------ */

    function say(text) { core.announce(view.status, text); }

    function entryList(tag, className, entries) {
      var list = el(tag, className);
      entries.forEach(function (entry) {
        var item = el("li");
        if (entry.lead) {
          item.appendChild(el("strong", "", entry.lead));
          item.appendChild(document.createTextNode(" "));
        }
        item.appendChild(document.createTextNode(entry.text || ""));
        list.appendChild(item);
      });
      return list;
    }

    function section(heading, list, className) {
      var part = el("section", "vk-run__part" + (className ? " " + className : ""));
      part.appendChild(el("h3", "", heading));
      part.appendChild(list);
      return part;
    }

    /** The block's own content: an exercise's steps and questions (its tips behind the toggle). */
    function showBody(row) {
      view.body.textContent = "";
      if (!row) return;
      var entry = row.entry;
      if (row.kind === "ovelse" && entry) {
        if (entry.description) view.body.appendChild(el("p", "vk-run__purpose", entry.description));
        var parts = el("div", "vk-run__parts");
        if (entry.steps.length) parts.appendChild(section("Slik gjør dere det", entryList("ol", "vk-run__steps", entry.steps)));
        if (entry.questions.length) {
          parts.appendChild(section("Refleksjonsspørsmål", entryList("ul", "vk-run__questions", entry.questions)));
        }
        view.body.appendChild(parts);
        if (view.notes.checked && entry.tips.length) {
          view.body.appendChild(section("Notater for den som leder", entryList("ul", "vk-run__tips", entry.tips),
            "vk-run__notes"));
        }
      } else if (row.kind === "teori" && entry) {
        if (entry.description) view.body.appendChild(el("p", "vk-run__purpose", entry.description));
      } else if (row.kind === "pause") {
        view.body.appendChild(el("p", "vk-run__purpose", "Pause. Vi fortsetter når klokka viser 00:00."));
      }
    }

    function describe(i) {
      var row = rows[i];
      return "Punkt " + (i + 1) + " av " + rows.length + ": " + row.title + ", " + minutesWord(row.minutes + state.added[i]) + ".";
    }

    var warned = {}; // the signals said for this block: {soon, over}
    var beeper = null;

    function beep(times) {
      if (!view.sound.checked || !beeper) return;
      try {
        var at = beeper.currentTime;
        for (var n = 0; n < times; n++) {
          var tone = beeper.createOscillator();
          var gain = beeper.createGain();
          tone.frequency.value = 880;
          gain.gain.setValueAtTime(0.0001, at + n * 0.4);
          gain.gain.exponentialRampToValueAtTime(0.3, at + n * 0.4 + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, at + n * 0.4 + 0.3);
          tone.connect(gain).connect(beeper.destination);
          tone.start(at + n * 0.4);
          tone.stop(at + n * 0.4 + 0.32);
        }
      } catch (error) { /* no sound: the screen says it */ }
    }

    /** The signals at two minutes left and at zero: said once each per block. */
    function signal(ms) {
      var kind = !state.started || state.ended ? "" : ms <= 0 ? "over" : ms <= WARN ? "soon" : "";
      view.now.setAttribute("data-vk-signal", kind);
      view.signal.hidden = !kind;
      view.signal.textContent = kind === "over" ? "■ Tiden er ute" : kind === "soon" ? "▲ To minutter igjen" : "";
      if (kind && !warned[kind]) {
        warned[kind] = true;
        if (kind === "over") warned.soon = true; // after the end the two minutes are not news
        var title = rows[state.index].title;
        say(kind === "over" ? "Tiden er ute for «" + title + "»." : "To minutter igjen av «" + title + "».");
        beep(kind === "over" ? 3 : 1);
      }
    }

    /** What changes each second: the countdown, the bar, the signal, the pace, the times. */
    function tick() {
      if (!document.body.contains(root)) return;
      if (state.started && !state.ended && state.mode === "auto" && state.pausedAt === null) {
        var moved = false;
        while (state.index < rows.length - 1 && left(state.index) <= 0) {
          // The next block starts when this one's time was up, not when the screen noticed.
          var end = state.starts[state.index] + state.paused[state.index] + length(state.index);
          go(state.index + 1, end);
          moved = true;
        }
        if (moved) { save(); render(); showCurrent(); say(describe(state.index)); return; }
      }
      var i = state.index;
      if (!rows.length) return;
      var ms = left(i);
      view.left.textContent = (ms < 0 ? "+" : "") + countdown(ms < 0 ? -ms : ms);
      view.leftLabel.textContent = !state.started ? "" : ms < 0 ? "over tiden" : state.pausedAt !== null ? "igjen, på pause" : "igjen";
      view.fill.style.width = Math.min(100, 100 * elapsed(i) / length(i)) + "%";
      signal(ms);
      view.pace.textContent = state.started && !state.ended ? paceText(late()) : "";
      view.pace.setAttribute("data-vk-late", state.started ? String(late()) : "");
      var shown = times();
      view.place.textContent = "Punkt " + (i + 1) + " av " + rows.length + " · kl. " + shown[i];
      var next = rows[i + 1];
      view.next.textContent = "";
      if (next) {
        view.next.appendChild(el("span", "vk-run__next-label", "Neste: "));
        view.next.appendChild(el("strong", "", next.title));
        view.next.appendChild(document.createTextNode(" · kl. " + shown[i + 1] + " · " + (next.minutes + state.added[i + 1]) + " min"));
      } else {
        view.next.textContent = "Dette er siste punkt.";
      }
      view.list.querySelectorAll(".vk-run__when").forEach(function (when, j) { when.textContent = shown[j]; });
    }

    /* ---- Moving through the meeting ---------------------------------------------------- */

    /** To block `i`, begun at `at` (a pause ends with the block it paused). */
    function go(i, at) {
      if (state.pausedAt !== null) {
        state.paused[state.index] += now() - state.pausedAt;
        state.pausedAt = null;
      }
      state.index = i;
      state.starts[i] = at;
      state.paused[i] = 0;
      warned = {};
    }

    function start() {
      var at = now();
      var startOfPlan = new Date(at);
      var hm = plan.start.split(":");
      startOfPlan.setHours(Number(hm[0]), Number(hm[1]), 0, 0);
      // Measured against the plan's own start, unless the meeting is on another time of
      // day altogether: then against the minute it started.
      state.origin = Math.abs(at - startOfPlan.getTime()) <= 60 * MINUTE ? startOfPlan.getTime()
        : at - (at % MINUTE);
      if (state.origin !== startOfPlan.getTime()) {
        showNotice(["Planen begynner kl. " + core.clock(core.startMinutes(plan.start)) + ", men møtet startet kl. " +
          clockAt(at) + ". Foran og bak regnes fra kl. " + clockAt(state.origin) + "."]);
      }
      state.started = at;
      state.ended = null;
      go(state.index, at);
      save();
      render();
      // Without scrolling: the countdown stays on the screen, not the button below a long exercise.
      if (document.activeElement === view.start || document.activeElement === document.body) {
        view.forward.focus({ preventScroll: true });
      }
      showCurrent();
      say("Møtet er i gang. " + describe(state.index));
    }

    function next() {
      if (!rows.length) return;
      if (!state.started) { start(); return; }
      if (state.ended) return;
      if (state.index >= rows.length - 1) { finish(); return; }
      go(state.index + 1, now());
      save();
      render();
      showCurrent();
      say(describe(state.index));
    }

    /* A presenter's remote changes the block while the room looks at the screen: the new
       block's top (its title and countdown) comes into view if it is out of sight. */
    function showCurrent() {
      var top = view.now.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 2) view.now.scrollIntoView({ block: "start" });
    }

    function back() {
      if (!state.started || state.ended) return;
      if (state.index === 0) { say("Dette er første punkt."); return; }
      // Back undoes a step forward: the block goes on from where it was, the pause time kept.
      if (state.pausedAt !== null) { state.paused[state.index] += now() - state.pausedAt; state.pausedAt = null; }
      var before = state.index - 1;
      var began = state.starts[before];
      var pausedBefore = state.paused[before];
      state.starts[state.index] = null;
      state.paused[state.index] = 0;
      state.index = before;
      if (began === null) { state.starts[before] = now(); state.paused[before] = 0; } else { state.paused[before] = pausedBefore; }
      warned = {};
      save();
      render();
      showCurrent();
      say("Tilbake til " + describe(state.index).charAt(0).toLowerCase() + describe(state.index).slice(1));
    }

    function jump(i) {
      if (i === state.index && state.started) return;
      if (!state.started) { state.index = i; save(); render(); start(); return; }
      if (state.ended) state.ended = null;
      go(i, now());
      save();
      render();
      showCurrent();
      say(describe(i));
    }

    function togglePause() {
      if (!state.started || state.ended) return;
      if (state.pausedAt === null) {
        state.pausedAt = now();
        say("Klokka står. Trykk Fortsett for å gå videre.");
      } else {
        state.paused[state.index] += now() - state.pausedAt;
        state.pausedAt = null;
        say("Klokka går igjen.");
      }
      save();
      render();
    }

    function more() {
      if (!rows.length || state.ended) return;
      if (state.added[state.index] + rows[state.index].minutes + MORE > core.LIMITS.minutes) return;
      state.added[state.index] += MORE;
      if (left(state.index) > WARN) warned = {};
      save();
      render();
      say(MORE + " minutter lagt til «" + rows[state.index].title + "». Resten av møtet er flyttet like mye.");
    }

    function finish() {
      if (!state.started || state.ended) return;
      if (state.pausedAt !== null) { state.paused[state.index] += now() - state.pausedAt; state.pausedAt = null; }
      state.ended = now();
      save();
      render();
      view.ended.focus();
      say("Møtet er avsluttet.");
    }

    function resume() {
      state.ended = null;
      save();
      render();
      view.forward.focus();
      say("Møtet fortsetter. " + describe(state.index));
    }

    function restart() {
      if (state.extra) { rows.pop(); }
      state = fresh();
      save();
      warned = {};
      render();
      view.start.focus();
      say("Møtet er klart til å starte på nytt.");
    }

    function runEvaluation() {
      var place = -1;
      rows.forEach(function (row, i) { if (row.kind === "ovelse" && row.slug === data.evaluation) place = i; });
      if (place < 0 || place < state.index) {
        withEvaluation();
        state.extra = true;
        state.starts.push(null);
        state.paused.push(0);
        state.added.push(0);
        place = rows.length - 1;
        buildList();
      }
      jump(place);
      view.title.focus();
    }

    /* ---- Drawing the view ---------------------------------------------------------------- */

    function showNotice(lines) {
      view.notice.textContent = "";
      lines.forEach(function (line) { view.notice.appendChild(el("p", "", line)); });
      view.notice.hidden = !lines.length;
    }

    function buildList() {
      view.list.textContent = "";
      rows.forEach(function (row, i) {
        var item = el("li");
        var button = el("button", "vk-run__jump");
        button.type = "button";
        button.appendChild(el("span", "vk-run__when"));
        button.appendChild(document.createTextNode(" "));
        button.appendChild(el("span", "vk-run__what", row.title));
        button.appendChild(document.createTextNode(" "));
        button.appendChild(el("span", "vk-run__length", row.minutes + " min"));
        button.addEventListener("click", function () { jump(i); });
        item.appendChild(button);
        view.list.appendChild(item);
      });
    }

    function showEnd() {
      var ended = state.ended !== null;
      view.ended.hidden = !ended;
      view.now.hidden = ended || !rows.length;
      view.next.hidden = ended || !rows.length;
      if (!ended) return;
      var words = "Møtet startet kl. " + clockAt(state.started) + " og sluttet kl. " + clockAt(state.ended) + ".";
      var planEnd = plannedStart(rows.length);
      var over = Math.round((state.ended - planEnd) / MINUTE);
      words += " Etter planen skulle det slutte kl. " + clockAt(planEnd) + (over > 0 ? ", så dere brukte " +
        over + " min mer." : over < 0 ? ", så dere brukte " + -over + " min mindre." : ", og det holdt dere.");
      view.endedText.textContent = words;
      view.evaluation.textContent = "";
      var evaluation = data.evaluation && exercises[data.evaluation];
      if (!evaluation) return;
      var done = rows.some(function (row, i) { return row.slug === data.evaluation && i <= state.index && state.starts[i] !== null; });
      if (done) return;
      view.evaluation.appendChild(el("h3", "", "Avslutt med en møteevaluering"));
      view.evaluation.appendChild(el("p", "", evaluation.description));
      var buttons = el("p", "vk-run__buttons");
      var runIt = el("button", "md-button md-button--primary", "Kjør møteevalueringen (" + evaluation.duration + " min)");
      runIt.type = "button";
      runIt.addEventListener("click", runEvaluation);
      var read = el("a", "md-button", "Les om øvelsen");
      read.href = evaluation.url;
      buttons.appendChild(runIt);
      buttons.appendChild(document.createTextNode(" "));
      buttons.appendChild(read);
      view.evaluation.appendChild(buttons);
    }

    function render() {
      var started = !!state.started, ended = !!state.ended, paused = state.pausedAt !== null;
      root.setAttribute("data-vk-state", !rows.length ? "empty" : !started ? "ready" : ended ? "ended" : paused ? "paused" : "running");
      modes.forEach(function (input) { input.checked = input.value === state.mode; });
      view.start.hidden = started || !rows.length;
      view.forward.hidden = !started || ended;
      [view.back, view.pause, view.more, view.end].forEach(function (b) { b.hidden = !started || ended; });
      view.pause.textContent = paused ? "Fortsett" : "Pause";
      view.pause.setAttribute("aria-pressed", paused ? "true" : "false");
      view.forward.textContent = state.index >= rows.length - 1 ? "Avslutt møtet →" : "Neste →";
      var row = rows[state.index];
      if (row) {
        view.title.textContent = row.title;
        showBody(row);
      }
      view.list.querySelectorAll("li").forEach(function (item, i) {
        var button = item.querySelector("button");
        if (i === state.index && started) button.setAttribute("aria-current", "step"); else button.removeAttribute("aria-current");
        item.className = i < state.index && started ? "vk-run__done" : "";
      });
      showEnd();
      holdScreen();
      tick();
    }

    /* ---- The screen stays on while the meeting runs (Screen Wake Lock) ---------------------- */

    var lock = null;
    var asking = false;

    function holdScreen() {
      var running = !!state.started && !state.ended && document.body.contains(root);
      if (running && !lock && !asking && navigator.wakeLock && document.visibilityState === "visible") {
        asking = true;
        navigator.wakeLock.request("screen").then(function (sentinel) {
          asking = false;
          lock = sentinel;
          if (sentinel && sentinel.addEventListener) sentinel.addEventListener("release", function () { lock = null; });
          if (!(state.started && !state.ended) || !document.body.contains(root)) releaseScreen();
        }, function () { asking = false; });
      } else if (!running) {
        releaseScreen();
      }
    }

    function releaseScreen() {
      if (lock && lock.release) lock.release().catch(function () { /* already released */ });
      lock = null;
    }

    function onVisible() {
      if (document.visibilityState === "visible") { lock = null; holdScreen(); tick(); }
    }

    /* ---- Full screen, keys, buttons ---------------------------------------------------------- */

    function toggleFull() {
      if (document.fullscreenElement) {
        document.exitFullscreen().catch(function () { /* not in full screen after all */ });
      } else if (root.requestFullscreen) {
        root.requestFullscreen().catch(function () { say("Nettleseren tillot ikke fullskjerm."); });
      }
    }

    function onFullscreen() {
      view.full.textContent = document.fullscreenElement === root ? "Avslutt fullskjerm" : "Fullskjerm";
    }

    /* In the capture phase on window, before Material's own keys (f opens its search, p and
       n go to the previous and next page): the keys a presenter's remote sends, and F and P. */
    function onKey(event) {
      if (!document.body.contains(root) || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target && target.closest && target.closest("input, textarea, select, [contenteditable], .md-search")) return;
      var native = target && target.closest && target.closest("button, a, summary");
      var key = event.key;
      var action = null;
      if (key === "ArrowRight" || key === "PageDown" || (key === " " && !native)) action = next;
      else if (key === "ArrowLeft" || key === "PageUp") action = back;
      else if (key === "f" || key === "F") action = toggleFull;
      else if (key === "p" || key === "P") action = togglePause;
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      action();
    }

    view.start.addEventListener("click", start);
    view.forward.addEventListener("click", next);
    view.back.addEventListener("click", back);
    view.pause.addEventListener("click", togglePause);
    view.more.addEventListener("click", more);
    view.end.addEventListener("click", finish);
    view.resume.addEventListener("click", resume);
    view.restart.addEventListener("click", restart);
    view.full.addEventListener("click", toggleFull);
    view.full.hidden = !document.fullscreenEnabled;
    modes.forEach(function (input) {
      input.addEventListener("change", function () {
        state.mode = input.value;
        save();
        say(state.mode === "auto" ? "Møtet går videre av seg selv når tiden er ute." : "Du går videre for hånd.");
        tick();
      });
    });
    view.notes.addEventListener("change", function () { showBody(rows[state.index]); });
    view.sound.addEventListener("change", function () {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (view.sound.checked && !beeper && Context) {
        try { beeper = new Context(); } catch (error) { beeper = null; }
      }
      if (beeper && beeper.state === "suspended") beeper.resume();
    });
    window.addEventListener("keydown", onKey, true);
    document.addEventListener("visibilitychange", onVisible);
    document.addEventListener("fullscreenchange", onFullscreen);

    /* ---- First view -------------------------------------------------------------------- */

    view.planner.href = new URL(data.planner + query, location.href).href;
    if (!parsed.hasBlocks && rows.length) history.replaceState(history.state, "", location.pathname + query + location.hash);
    view.meeting.textContent = (plan.tittel || "Møteplan") + (plan.dato ? " · " + core.longDate(plan.dato) : "") +
      " · planen starter kl. " + core.clock(core.startMinutes(plan.start));
    var notes = problems.slice(0, 10);
    if (missing.length) {
      notes.push("Finnes ikke i denne versjonen av nettstedet, og er utelatt: " + missing.join(", ") + ".");
    }
    if (!rows.length) {
      notes.push("Planen har ingen punkter å kjøre. Sett den sammen i møteplanen først.");
    }
    showNotice(notes);
    buildList();
    root.hidden = false;
    render();
    var timer = window.setInterval(tick, TICK);

    return {
      root: root,
      stop: function () {
        window.clearInterval(timer);
        window.removeEventListener("keydown", onKey, true);
        document.removeEventListener("visibilitychange", onVisible);
        document.removeEventListener("fullscreenchange", onFullscreen);
        releaseScreen();
        if (beeper && beeper.close) beeper.close();
      }
    };
  }
})();
