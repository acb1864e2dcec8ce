// Verktøykassa's one addition to Decap CMS: after each save, the problems `toolkit check`
// finds in the saved file, shown in a panel the editor can read, and close.
(function () {
  'use strict';

  var panel = document.createElement('section');
  panel.className = 'vk-check';
  panel.setAttribute('aria-labelledby', 'vk-check-title');
  panel.hidden = true;
  var heading = document.createElement('h2');
  heading.id = 'vk-check-title';
  var status = document.createElement('div');
  status.setAttribute('role', 'status');
  var close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Lukk';
  close.addEventListener('click', function () { panel.hidden = true; });
  panel.append(heading, status, close);
  document.body.append(panel);

  function line(problem) {
    var item = document.createElement('li');
    item.className = 'vk-check__' + problem.severity;
    var where = problem.line ? 'Linje ' + problem.line : 'Filen';
    var kind = problem.severity === 'error' ? 'feil' : 'advarsel';
    item.textContent = where + ' (' + kind + '): ' + problem.message;
    return item;
  }

  function show(report) {
    heading.textContent = 'Sjekk av ' + (report.paths[0] || 'filen');
    status.replaceChildren();
    var errors = report.problems.filter(function (p) { return p.severity === 'error'; }).length;
    var summary = document.createElement('p');
    if (!report.problems.length) {
      summary.textContent = 'Ingen feil eller advarsler i filen.';
    } else {
      summary.textContent = errors
        ? errors + ' feil må rettes før siden kan publiseres:'
        : 'Ingen feil, men se på dette:';
      var list = document.createElement('ul');
      report.problems.forEach(function (p) { list.append(line(p)); });
      status.append(summary, list);
      panel.hidden = false;
      return;
    }
    status.append(summary);
    panel.hidden = false;
  }

  function check() {
    heading.textContent = 'Sjekker …';
    status.replaceChildren();
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
        status.textContent = 'Problemene vises i fletteforespørselen (merge request), eller kjør «make check».';
      });
  }

  window.CMS.registerEventListener({ name: 'postSave', handler: function () { check(); } });
})();
