/* The navigation drawer on narrow screens (phones, or a laptop zoomed to 400 %), usable
 * with the keyboard alone.
 *
 * Material opens the drawer, and goes back from a section to the main menu, with
 * <label>s for hidden checkboxes, which the keyboard cannot reach
 * (squidfunk/mkdocs-material#4101); and it leaves the links of the closed drawer in the
 * tab order, off the screen (toolkit.css takes them out). This makes those labels
 * buttons: focusable, named, worked with Enter or Space. While the drawer is open it
 * behaves like a dialog: focus moves into the menu level on show, Tab cycles through
 * it, and Escape closes the drawer and puts focus back on the menu button. Material
 * replaces the header and the navigation on instant navigation, so each page is set
 * up again from Material's document$. */
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 76.234375em)"); // Material's drawer layout
  var FOCUSABLE = "a[href], button, input, label, [tabindex]";

  function drawer() {
    return document.getElementById("__drawer");
  }

  function menuButton() {
    return document.querySelector('.md-header label[for="__drawer"]');
  }

  function isOpen() {
    return NARROW.matches && !!drawer() && drawer().checked;
  }

  // The menu level on show: the deepest section whose checkbox is ticked, else the
  // main menu. Material slides a section's level over the one above it.
  function currentLevel() {
    var main = document.querySelector(".md-sidebar--primary .md-nav--primary");
    if (!main) return null;
    var level = main;
    main.querySelectorAll(".md-nav__toggle:checked").forEach(function (toggle) {
      var nav = toggle.parentElement.querySelector(":scope > nav.md-nav");
      if (nav && level.contains(nav)) level = nav;
    });
    return level;
  }

  function levelItems() {
    var level = currentLevel();
    if (!level) return [];
    return Array.prototype.filter.call(level.querySelectorAll(FOCUSABLE), function (el) {
      return el.closest("nav.md-nav") === level && el.tabIndex >= 0 && !el.disabled &&
        el.checkVisibility({ visibilityProperty: true }) && el.getBoundingClientRect().width > 0;
    });
  }

  function focusLevel() {
    var first = levelItems()[0];
    if (first) first.focus({ preventScroll: true });
  }

  // The button tells whether the menu is open. Material also closes the menu itself
  // (after a link in it is followed) without an event, so this runs on focus as well.
  function sync() {
    var toggle = drawer();
    var button = menuButton();
    if (!toggle || !button) return;
    button.setAttribute("aria-expanded", String(toggle.checked));
    button.setAttribute("aria-label", toggle.checked ? "Lukk menyen" : "Åpne menyen");
  }

  function setDrawer(open) {
    if (!drawer()) return;
    drawer().checked = open;
    sync();
  }

  // A <label> that works like a button: Enter and Space act, as on a <button>.
  function asButton(label, name, act) {
    if (label.hasAttribute("role")) return; // set up already
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    label.setAttribute("aria-label", name);
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation(); // Material's own Enter handler would click it a second time
      act();
    });
  }

  // Instant navigation replaces the navigation but not always the header: each part is
  // set up when it has not been yet.
  function setUp() {
    var toggle = drawer();
    var button = menuButton();
    if (!toggle || !button) return;
    asButton(button, "Åpne menyen", function () {
      setDrawer(!drawer().checked);
      if (drawer().checked) focusLevel();
    });
    if (!button.hasAttribute("data-vk-synced")) {
      button.setAttribute("data-vk-synced", "");
      button.addEventListener("focus", sync);
    }
    if (!toggle.hasAttribute("data-vk-watched")) { // the checkbox outlives instant navigation
      toggle.setAttribute("data-vk-watched", "");
      toggle.addEventListener("change", sync);
    }
    sync();
    // "Back to the main menu" at the top of a section's level.
    document.querySelectorAll(".md-sidebar--primary nav.md-nav label.md-nav__title[for]").forEach(function (title) {
      var section = document.getElementById(title.htmlFor);
      if (!section || section === toggle) return;
      asButton(title, "Tilbake fra «" + title.textContent.trim() + "» til menyen over", function () {
        section.checked = false;
        focusLevel();
      });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (!isOpen()) return;
    if (event.key === "Escape") {
      setDrawer(false);
      if (menuButton()) menuButton().focus();
    } else if (event.key === "Tab") {
      var items = levelItems();
      if (!items.length) return;
      var here = items.indexOf(document.activeElement);
      var step = event.shiftKey ? -1 : 1;
      var next = here < 0 ? 0 : (here + step + items.length) % items.length;
      event.preventDefault();
      items[next].focus();
    }
  });

  if (window.document$) {
    window.document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
