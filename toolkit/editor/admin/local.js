// Before Decap CMS starts, two of its settings in the browser's storage, unless the editor
// has chosen otherwise:
// - On this machine there are no accounts: Decap's local (proxy) backend signs anyone in
//   with one click on «Logg inn». Make that click for the editor.
// - Markdown fields open as Markdown text, as the files are written and as the help
//   describes them; «Rik-tekst» is one click away.
try {
  if (!window.localStorage.getItem('decap-cms-user')) {
    window.localStorage.setItem('decap-cms-user', JSON.stringify({ backendName: 'proxy' }));
  }
  if (!window.localStorage.getItem('cms.md-mode')) {
    window.localStorage.setItem('cms.md-mode', 'raw');
  }
} catch (error) {
  // Storage turned off: Decap shows its «Logg inn» button, and rich text first.
}
