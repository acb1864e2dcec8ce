/* The exercise page's "Skriv ut" button and the address printed at its end
 * (toolkit/pages/exercise.py).
 *
 * A file, not inline script or an onclick attribute: the web server's Content-Security-
 * Policy runs only the site's own files (docs-dev/web-server.md). The button is found by
 * its data attribute on every click, so it works after Material's instant navigation
 * too; the address is filled in on every page Material shows (document$). Only the
 * browser knows the address the page was served from (the intranet host, the cohort's
 * version folder); without script the site-relative path stays on paper. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    // A button: the planner marks the whole page with data-vk-print while it prints a variant.
    var button = event.target instanceof Element && event.target.closest("button[data-vk-print]");
    if (button) window.print();
  });

  function fillAddress() {
    document.querySelectorAll(".vk-print-address__url").forEach(function (el) {
      el.textContent = location.origin + location.pathname;
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fillAddress);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fillAddress);
  } else {
    fillAddress();
  }
})();
