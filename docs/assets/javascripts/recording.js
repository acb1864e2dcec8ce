/*
 * Recordings (opptak): timestamp and chapter links that seek the player, a page opened
 * at #t=<seconds> (or #t=mm:ss, #t=hh:mm:ss) that starts there, the chapter being
 * played marked in the chapter list, and a YouTube player that is loaded only when the
 * reader asks for it.
 *
 * Material's instant navigation swaps the page without reloading this script, so the
 * page is set up from Material's document$ observable, which emits on the first load
 * and after every page switch. Clicks are caught on the document in the capture phase,
 * before Material's own handler on <body> turns a same-page link into a navigation.
 */
(function () {
  "use strict";

  var TIME = /^#t=(?:(\d+(?:\.\d+)?)|(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?))(?:,.*)?$/;

  /**
   * Seconds from "#t=90", "#t=1:30" or "#t=00:01:30", else null. A fragment that does
   * not parse (a broken escape such as "#t=%ZZ", "#t=1:75", a number too large to be a
   * time) is ignored: the page opens at the start, as if it had no fragment.
   */
  function parseTime(hash) {
    var text;
    try {
      text = decodeURIComponent(hash || "");
    } catch (error) {  // URIError: a "%" that starts no escape
      return null;
    }
    var m = TIME.exec(text);
    if (!m) return null;
    var seconds;
    if (m[1] !== undefined) {
      seconds = parseFloat(m[1]);
    } else {
      var minutes = parseInt(m[3], 10), rest = parseFloat(m[4]);
      if ((m[2] !== undefined && minutes >= 60) || rest >= 60) return null;
      seconds = parseInt(m[2] || "0", 10) * 3600 + minutes * 60 + rest;
    }
    return isFinite(seconds) ? seconds : null;
  }

  function clock(seconds) {
    var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    var ss = String(s % 60).padStart(2, "0");
    return h ? h + ":" + String(m).padStart(2, "0") + ":" + ss : m + ":" + ss;
  }

  /**
   * Seconds a link points to, when it is a timestamp on this page. Material's instant
   * navigation makes every href absolute, so the link is compared as a URL.
   */
  function linkTime(link) {
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname !== location.pathname) return null;
    return parseTime(url.hash);
  }

  function recording() {
    return document.querySelector("[data-vk-recording]");
  }

  function tryPlay(media) {
    var played = media.play();
    // Browsers refuse to start sound without a click; the position is set all the same.
    if (played && played.catch) played.catch(function () {});
  }

  /* --- local video ------------------------------------------------------------------ */

  function seekVideo(video, seconds, play) {
    function go() {
      var end = isFinite(video.duration) ? video.duration : seconds;
      video.currentTime = Math.max(0, Math.min(seconds, end));
      if (play) tryPlay(video);
    }
    if (video.readyState >= 1) go();
    else video.addEventListener("loadedmetadata", go, { once: true });
  }

  /** Mark the chapter being played, so sighted readers see where they are. */
  function followChapters(root, video) {
    var links = Array.prototype.slice.call(root.querySelectorAll(".vk-chapters a"));
    if (!links.length) return;
    var times = links.map(linkTime);
    function mark() {
      var current = -1;
      for (var i = 0; i < times.length; i++) if (times[i] <= video.currentTime + 0.25) current = i;
      links.forEach(function (a, i) {
        if (i === current) a.setAttribute("aria-current", "true");
        else a.removeAttribute("aria-current");
      });
    }
    video.addEventListener("timeupdate", mark);
    video.addEventListener("seeked", mark);
  }

  /* --- YouTube, after consent ------------------------------------------------------- */

  function youtubeFrame(box) {
    return box.querySelector("iframe");
  }

  function loadYoutube(box, seconds) {
    var id = box.getAttribute("data-vk-youtube");
    var params = new URLSearchParams({
      autoplay: "1", enablejsapi: "1", rel: "0", cc_load_policy: "1", cc_lang_pref: "nb",
      hl: "nb", origin: location.origin
    });
    if (seconds) params.set("start", String(Math.floor(seconds)));
    var frame = document.createElement("iframe");
    frame.src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(id) + "?" + params;
    frame.title = "Video: " + (box.getAttribute("data-vk-title") || "YouTube");
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    box.replaceChildren(frame);
    box.classList.add("vk-youtube--loaded");
    frame.focus();
  }

  function youtubeCommand(frame, func, args) {
    frame.contentWindow.postMessage(
      JSON.stringify({ event: "command", func: func, args: args || [] }),
      "https://www.youtube-nocookie.com"
    );
  }

  function seekYoutube(box, seconds) {
    var frame = youtubeFrame(box);
    if (frame) {
      youtubeCommand(frame, "seekTo", [seconds, true]);
      youtubeCommand(frame, "playVideo");
      return;
    }
    // Not loaded yet: a timestamp is no consent. Remember where to start, and say so.
    box.setAttribute("data-vk-start", String(seconds));
    var button = box.querySelector("[data-vk-youtube-load]");
    if (button) {
      button.textContent = "Spill av fra YouTube, fra " + clock(seconds);
      button.focus({ preventScroll: true });
    }
  }

  /* --- both -------------------------------------------------------------------------- */

  function seek(root, seconds, play) {
    var video = root.querySelector("video");
    var box = root.querySelector("[data-vk-youtube]");
    if (video) seekVideo(video, seconds, play);
    else if (box) seekYoutube(box, seconds);
  }

  function reveal(root) {
    var player = root.querySelector(".vk-player");
    if (!player) return;
    var box = player.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      player.scrollIntoView({ block: "nearest" });
    }
  }

  document.addEventListener("click", function (ev) {
    if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var target = ev.target instanceof Element ? ev.target : null;
    var link = target && target.closest("a[href*='#t=']");
    var root = recording();
    if (!link || !root) return;
    var seconds = linkTime(link);
    if (seconds === null) return;
    ev.preventDefault();
    ev.stopPropagation();
    // Keep the address shareable without adding a history entry per click.
    history.replaceState(history.state, "", new URL(link.href, location.href).hash);
    seek(root, seconds, true);
    reveal(root);
  }, true);

  // The address changed by hand, or back/forward between two timestamps.
  window.addEventListener("hashchange", function () {
    var root = recording();
    var seconds = parseTime(location.hash);
    if (root && seconds !== null) seek(root, seconds, true);
  });

  function setup() {
    var root = recording();
    if (!root || root.hasAttribute("data-vk-ready")) return;
    root.setAttribute("data-vk-ready", "");
    var video = root.querySelector("video");
    if (video) followChapters(root, video);
    var box = root.querySelector("[data-vk-youtube]");
    if (box) {
      box.querySelector("[data-vk-youtube-load]").addEventListener("click", function () {
        loadYoutube(box, parseFloat(box.getAttribute("data-vk-start") || "0"));
      });
    }
    var seconds = parseTime(location.hash);
    if (seconds !== null) seek(root, seconds, true);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
