// Verktøykassa's additions to Decap CMS, so that the form says what is true:
// - after each save, what happened to the page («Publisert», or «Lagret som utkast – 1 feil må
//   rettes …» when `toolkit check` found errors and toolkit edit kept it a draft) and each
//   problem at the form's own field, a click away from it (focus moves to the first);
// - Decap's own green «Lagret» notice is left out behind toolkit edit, where the panel says it;
// - beside a field the check warns about when it is missing, «(anbefalt)» instead of
//   Decap's «(valgfritt)» (and «denne eller …» for one of two fields).
// Served from elsewhere (the GitLab set-up) there is no /api/: Decap's own notices stay.
(function () {
  'use strict';

  var local = false; // answered by toolkit edit
  var marks = {}; // collection → a field's label → words instead of «valgfritt»
  var optional = '(valgfritt)';

  var panel = document.createElement('section');
  panel.className = 'vk-check';
  panel.setAttribute('aria-labelledby', 'vk-check-title');
  panel.hidden = true;
  var status = document.createElement('div');
  status.setAttribute('role', 'status');
  var heading = document.createElement('h2');
  heading.id = 'vk-check-title';
  heading.tabIndex = -1;
  var body = document.createElement('div');
  status.append(heading, body);
  var close = document.createElement('button');
  close.type = 'button';
  close.className = 'vk-check__close';
  close.textContent = 'Lukk';
  close.addEventListener('click', function () { panel.hidden = true; });
  panel.append(status, close);
  document.body.append(panel);

  function paragraph(text) {
    var p = document.createElement('p');
    p.textContent = text;
    return p;
  }

  // --- a field of the form, found by its label ------------------------------------------
  // Decap's field ids (``name-field-N``) stay with a position when the editor moves to
  // another collection, so a field is found by what the editor sees: its label's text.

  var FOCUSABLE = ['[contenteditable=true]', 'textarea', 'input:not([type=hidden])', 'select', 'button'];

  function labelText(label) {
    var first = label.firstChild;
    return first && first.nodeType === Node.TEXT_NODE ? first.nodeValue.trim() : '';
  }

  function labelOf(text) {
    return Array.prototype.filter.call(document.querySelectorAll('label[for]'), function (label) {
      return labelText(label) === text;
    })[0] || null;
  }

  function control(text) {
    var label = labelOf(text);
    if (!label) { return null; }
    var own = document.getElementById(label.htmlFor);
    if (own && own.matches(FOCUSABLE.join(','))) { return own; }
    for (var box = label.parentElement; box && box !== document.body; box = box.parentElement) {
      for (var i = 0; i < FOCUSABLE.length; i += 1) {
        var found = box.querySelector(FOCUSABLE[i]);
        if (found) { return found; }
      }
    }
    return null;
  }

  function focusField(text) {
    var target = control(text);
    if (!target) { return false; }
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
    return true;
  }

  // --- the panel after a save ----------------------------------------------------------

  function item(problem) {
    var li = document.createElement('li');
    li.className = 'vk-check__' + problem.severity;
    var kind = document.createElement('span');
    kind.className = 'vk-check__kind';
    kind.textContent = problem.severity === 'error' ? 'Feil' : 'Advarsel';
    li.append(kind, ' ');
    if (problem.label) {
      var go = document.createElement('button');
      go.type = 'button';
      go.className = 'vk-check__field';
      go.textContent = problem.label;
      go.title = 'Gå til feltet «' + problem.label + '»';
      go.addEventListener('click', function () { focusField(problem.label); });
      li.append(go, ': ');
    }
    li.append(problem.message);
    return li;
  }

  function headline(report) {
    var errors = report.errors;
    var draftish = report.state === 'kept-as-draft' || report.state === 'draft';
    if (errors) {
      var what = report.state === 'saved' ? 'kullet kan gis ut' : 'siden kan publiseres';
      return (draftish ? 'Lagret som utkast – ' : 'Lagret – ') + errors + ' feil må rettes før ' + what;
    }
    return { draft: 'Lagret som utkast', published: 'Publisert' }[report.state] || 'Lagret';
  }

  function explanation(report) {
    var draft = '«' + (report.draft_label || 'Utkast') + '»';
    if (report.state === 'kept-as-draft') {
      return 'Sjekken fant feil, så siden er lagret som utkast og ikke publisert. ' +
        'Rett feilene og lagre igjen, så blir den publisert.';
    }
    if (report.state === 'draft') {
      return report.errors
        ? 'Rett feilene, ta bort haken ved ' + draft + ' og lagre igjen for å publisere siden.'
        : 'Ingen feil. Ta bort haken ved ' + draft + ' og lagre igjen når siden skal publiseres.';
    }
    if (report.state === 'published') {
      return 'Ingen feil. Siden er med i forhåndsvisningen og i neste versjon av nettstedet.';
    }
    return report.errors ? 'Rett feilene og lagre igjen.' : 'Ingen feil.';
  }

  function show(report) {
    heading.textContent = headline(report);
    body.replaceChildren(paragraph(explanation(report)));
    panel.classList.toggle('vk-check--errors', report.errors > 0);
    if (report.problems.length) {
      if (!report.errors) { body.append(paragraph('Se gjerne på dette:')); }
      var list = document.createElement('ul');
      report.problems.forEach(function (p) { list.append(item(p)); });
      body.append(list);
    }
    panel.hidden = false;
    var first = report.problems.filter(function (p) { return p.severity === 'error' && p.label; })[0];
    if (!first || !focusField(first.label)) {
      if (report.errors) { heading.focus(); }
    }
  }

  function check() {
    heading.textContent = 'Sjekker siden …';
    body.replaceChildren();
    panel.hidden = false;
    return fetch('/api/problems', { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.statusText); }
        return response.json();
      })
      .then(show)
      .catch(function () {
        // Served from elsewhere than `toolkit edit` (the GitLab set-up), there is no checker
        // here: the merge request's pipeline shows the problems on their lines instead.
        heading.textContent = 'Sjekken kunne ikke kjøres her';
        body.replaceChildren(paragraph('Problemene vises i fletteforespørselen (merge request), eller kjør «make check».'));
      });
  }

  window.CMS.registerEventListener({ name: 'postSave', handler: function () { check(); } });

  // --- what Decap draws, corrected -------------------------------------------------------

  function collection() {
    var match = /^#\/collections\/([^/]+)/.exec(window.location.hash);
    return match ? match[1] : null;
  }

  // Decap's «(valgfritt)» beside a field the check wants, or our words where Decap reused a
  // label for another field: only the nodeValue of Decap's own text node changes, so React
  // keeps its node and can replace or remove it as usual.
  var originals = new WeakMap(); // text node → what Decap wrote there

  function optionalText(label) {
    for (var i = 0; i < label.childNodes.length; i += 1) {
      var node = label.childNodes[i];
      var text = node.nodeType === Node.TEXT_NODE ? node : node.firstChild;
      if (text && text.nodeType === Node.TEXT_NODE && text !== label.firstChild &&
          (originals.has(text) || text.nodeValue.trim() === optional)) {
        return text;
      }
    }
    return null;
  }

  function correct() {
    var words = marks[collection()] || {};
    document.querySelectorAll('label[for]').forEach(function (label) {
      var text = optionalText(label);
      if (!text) { return; }
      if (!originals.has(text)) { originals.set(text, text.nodeValue); }
      var mark = words[labelText(label)];
      var value = mark ? ' (' + mark + ')' : originals.get(text);
      if (text.nodeValue !== value) { text.nodeValue = value; }
    });
    if (local) {
      // The panel says what a save did; Decap's notice would only say «Lagret», in green.
      document.querySelectorAll('.Toastify__toast').forEach(function (toast) {
        if (toast.textContent.trim() === 'Lagret') { toast.style.display = 'none'; }
      });
    }
  }

  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; correct(); });
    }
  }).observe(document.body, { childList: true, subtree: true });

  fetch('/api/form', { cache: 'no-store' })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (form) {
      if (form) {
        local = true;
        marks = form.marks || {};
        correct();
      }
    })
    .catch(function () { /* not behind toolkit edit: Decap's marks and notices stay */ });
})();
