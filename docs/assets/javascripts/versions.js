/* The "a newer cohort exists" notice on an older cohort's pages (overrides/main.html).
 *
 * Without this script the notice links to the site root, which redirects to the newest
 * cohort's front page. With it, the link goes to the same page in the newest cohort
 * when that page exists there, and names the cohort. The newest cohort is the version
 * with Material's default alias (`latest`) in mike's versions.json; an older version
 * cannot know it at build time, so it is looked up when the page is shown. */
(function () {
  "use strict";

  /** A version's title as text: mike's versions.json holds it as HTML (escaped by
   * toolkit release, since Material's version selector inserts it as HTML). An inert
   * document decodes it: nothing in it runs or loads. */
  function titleText(title) {
    return new DOMParser().parseFromString(String(title), "text/html").body.textContent;
  }

  function defaultAliases(config) {
    var wanted = (config.version && config.version.default) || "latest";
    return Array.isArray(wanted) ? wanted : [wanted];
  }

  // Read once per page load, not again on every page Material switches to instantly: the
  // list changes only with a release, and a second page should fetch nothing but its HTML.
  var listed = {};
  function versionsAt(root) {
    var url = new URL("versions.json", root).href;
    if (!listed[url]) {
      listed[url] = fetch(url).then(function (response) {
        return response.ok ? response.json() : Promise.reject(response);
      });
      listed[url].catch(function () { delete listed[url]; });
    }
    return listed[url];
  }

  function update() {
    var link = document.querySelector("[data-vk-newest]");
    var configElement = document.getElementById("__config");
    if (!link || !configElement) return;
    var config = JSON.parse(configElement.textContent);
    var base = new URL(config.base, location.href); // this version's root, e.g. /2026-var/
    var root = new URL("../", base); // where versions.json and every version live
    var page = location.pathname.indexOf(base.pathname) === 0
      ? location.pathname.slice(base.pathname.length) : "";
    versionsAt(root)
      .then(function (versions) {
        var aliases = defaultAliases(config);
        var newest = versions.find(function (version) {
          return version.aliases.some(function (alias) { return aliases.indexOf(alias) >= 0; });
        }) || versions[0];
        var current = base.pathname.replace(/\/$/, "").split("/").pop();
        if (newest.version === current || newest.aliases.indexOf(current) >= 0) return;
        var home = new URL(newest.version + "/", root);
        var same = new URL(page, home);
        var check = page ? fetch(same, { method: "HEAD" }) : Promise.resolve({ ok: false });
        return check.then(function (response) {
          var label = link.querySelector("strong") || link;
          if (response.ok) {
            link.href = same.href + location.hash;
            label.textContent = "Se samme side for " + titleText(newest.title);
          } else {
            link.href = home.href;
            label.textContent = "Gå til forsiden for " + titleText(newest.title);
          }
        });
      })
      .catch(function () { /* keep the link to the site root */ });
  }

  // Material's document$ emits on every page, also after instant navigation.
  if (typeof document$ !== "undefined") {
    document$.subscribe(update);
  } else {
    document.addEventListener("DOMContentLoaded", update);
  }
})();
