// The form's side preview as a page of the site: the site's own stylesheets (Material's and
// ours, served by `toolkit edit` from the project as /admin/site/site.css, never from another
// host) and the layout of the site's pages (toolkit/pages/): the title, the facts line, an
// exercise's summary, the themes as tags, then the body, section by section. What the form
// holds is data: it goes into the page as text (React escapes it); only the Markdown body is
// rendered, by Decap, as on the site an editor's Markdown is.
(function () {
  'use strict';

  var CMS = window.CMS;
  var h = window.h;
  var MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august',
    'september', 'oktober', 'november', 'desember'];

  CMS.registerPreviewStyle('site/site.css'); // beside this page: /admin/site/site.css

  function plain(value) {
    return value && typeof value.toJS === 'function' ? value.toJS() : value;
  }

  function date(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(plain(value) || ''));
    return match ? Number(match[3]) + '. ' + MONTHS[Number(match[2]) - 1] + ' ' + match[1] : '';
  }

  function minutes(value) {
    return value === undefined || value === null || value === '' ? '' : value + ' min';
  }

  // A fixed choice's label, as the form (and the page) shows it: «middels» → «Middels».
  function choice(props, name, value) {
    var field = props.fields.find(function (f) { return f.get('name') === name; });
    var options = field && plain(field.get('options'));
    var found = (options || []).filter(function (o) { return o && o.value === value; })[0];
    return found ? found.label : value;
  }

  function tags(props, name) {
    return (plain(props.entry.getIn(['data', name])) || []).map(function (slug) {
      return h('span', { className: 'md-tag', key: slug }, choice(props, name, slug).replace(/ \(utkast\)$/, ''));
    });
  }

  function facts(props) {
    var data = props.entry.get('data');
    var parts = [];
    if (data.get('reviewed')) { parts.push('Sist gjennomgått ' + date(data.get('reviewed'))); }
    if (data.get('owner')) { parts.push(data.get('owner')); }
    return parts.length ? h('p', { className: 'vk-facts' }, parts.join(' · ')) : null;
  }

  function themes(props) {
    var found = tags(props, 'themes');
    if (!found.length) { return null; }
    return h('nav', { className: 'vk-themes', 'aria-label': 'Temaer' },
      h('span', { className: 'vk-themes__label' }, 'Tema:'), ' ', found);
  }

  function fact(label, value, extra) {
    if (!value) { return null; }
    return h('div', { className: 'vk-summary__fact' + (extra ? ' ' + extra : ''), key: label },
      h('dt', null, label), h('dd', null, value));
  }

  function exerciseSummary(props) {
    var data = props.entry.get('data');
    var size = plain(data.get('group_size')) || {};
    var group = size.min && size.max ? (size.min === size.max ? size.min : size.min + '–' + size.max) + ' personer' : '';
    var themeTags = tags(props, 'themes');
    return h('dl', { className: 'vk-summary', 'aria-label': 'Kort om øvelsen' },
      fact('Varighet', minutes(data.get('duration')), 'vk-summary__fact--key'),
      fact('Gruppe', group, 'vk-summary__fact--key'),
      fact('Nivå', choice(props, 'difficulty', data.get('difficulty')), 'vk-summary__fact--key'),
      fact('Forberedelse', minutes(data.get('preparation'))),
      fact('Ledes av', choice(props, 'led_by', data.get('led_by'))),
      fact('Materiell', (plain(data.get('materials')) || []).join(', '), 'vk-summary__fact--wide'),
      themeTags.length ? fact('Tema', themeTags, 'vk-summary__fact--wide') : null);
  }

  function storyFacts(props) {
    var data = props.entry.get('data');
    return h('p', { className: 'vk-story-facts' },
      h('strong', null, 'Enhet:'), ' ', data.get('unit') || '', ' · ',
      h('strong', null, 'Dato:'), ' ', date(data.get('date')));
  }

  function recordingFacts(props) {
    var data = props.entry.get('data');
    var parts = [date(data.get('date')), data.get('event'), (plain(data.get('speakers')) || []).join(', ')];
    return h('p', { className: 'vk-facts' }, parts.filter(Boolean).join(' · '));
  }

  function sources(props) {
    var list = plain(props.entry.getIn(['data', 'sources'])) || [];
    if (!list.length) { return null; }
    return [h('h2', { key: 'kilder-h' }, 'Kilder'), h('ul', { key: 'kilder' }, list.map(function (s, index) {
      var text = [s.author, s.year ? '(' + s.year + ')' : '', s.title, s.where].filter(Boolean).join(' ');
      return h('li', { key: index }, text);
    }))];
  }

  // The body: for an exercise one Markdown field per section, each under its heading.
  function body(props) {
    var out = [h('div', { key: 'body' }, props.widgetFor('body'))];
    props.fields.forEach(function (field) {
      var name = field.get('name');
      if (name.indexOf('body_') === 0 && props.entry.getIn(['data', name])) {
        out.push(h('h2', { key: name + '-h' }, field.get('label')));
        out.push(h('div', { key: name }, props.widgetFor(name)));
      }
    });
    return out;
  }

  // One kind of page: what comes between the title and the body, and after the body.
  function page(top, bottom) {
    return function (props) {
      var data = props.entry.get('data');
      var draft = data.get('draft') ? h('div', { className: 'admonition warning' },
        h('p', { className: 'admonition-title' }, 'Utkast – vises ikke på nettstedet før det er publisert')) : null;
      var parts = [draft, h('h1', null, data.get('title') || '')]
        .concat(top(props), body(props), bottom ? bottom(props) : []);
      return h('div', {
        className: 'vk-preview', dir: 'ltr', lang: 'nb', 'data-md-color-scheme': 'default',
        'data-md-color-primary': 'indigo', 'data-md-color-accent': 'indigo'
      }, h.apply(null, ['article', { className: 'md-content__inner md-typeset' }].concat(parts)));
    };
  }

  // Which pieces come between the title and the body, and after it, by the fields the
  // collection's form has (its model), not by its name: a collection added as one package
  // (docs-dev/architecture.md) gets the pieces its fields call for, and this file names none.
  function has(props, name) {
    return props.fields.some(function (f) { return f.get('name') === name; });
  }

  function top(props) {
    if (has(props, 'difficulty')) { return [facts(props), exerciseSummary(props)]; }
    if (has(props, 'speakers')) { return [recordingFacts(props), themes(props)]; }
    if (has(props, 'unit')) { return [storyFacts(props), facts(props), themes(props)]; }
    return [facts(props), themes(props)];
  }

  function bottom(props) { return has(props, 'sources') ? sources(props) : []; }

  // One template for every collection of pages the configuration names (the file Decap
  // reads, linked from index.html and generated by the toolkit: under `collections:`, each
  // collection starts with a `- name:` line, and a collection of pages has `extension: md`).
  var config = document.querySelector('link[rel="cms-config-url"]');
  fetch(config ? config.getAttribute('href') : 'config.yml', { cache: 'no-store' })
    .then(function (response) { return response.ok ? response.text() : ''; })
    .then(function (text) {
      var listed = text.split('\ncollections:\n')[1] || '';
      listed.split(/^(?=- name: )/m).forEach(function (collection) {
        var name = /^- name: ['"]?([a-z0-9-]+)['"]?\n/.exec(collection);
        if (name && /^ {2}extension: ['"]?md['"]?$/m.test(collection)) {
          CMS.registerPreviewTemplate(name[1], page(top, bottom));
        }
      });
    })
    .catch(function () { /* Decap's own preview, field by field */ });
})();
