/* Verktøykassa: the meeting plan out of the browser (formats: docs-dev/planner.md).
 *
 * The agenda as plain text for an invitation or a Teams channel, the meeting as an
 * iCalendar file (RFC 5545) made here in the browser, and the plan's link in a form a
 * person can read on paper. Pure functions of what planner-page.js hands over; nothing
 * is sent anywhere. Loaded by the planner's page alone, like planner-page.js.
 */
(function () {
  "use strict";

  var CRLF = "\r\n";
  var KIND_WORDS = { ovelse: "øvelse, ", teori: "teori, ", pause: "", punkt: "" };

  // Europe/Oslo since 1996, as the EU's summer time rules have it: CEST from the last
  // Sunday of March at 02:00 to the last Sunday of October at 03:00.
  var OSLO = [
    "BEGIN:VTIMEZONE", "TZID:Europe/Oslo", "X-LIC-LOCATION:Europe/Oslo",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
    "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
    "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE"
  ];

  function capital(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /**
   * The agenda as lines of text: title, date and time, each block with its clock time,
   * title and one line of purpose, and the plan's link. `info` comes from
   * planner-page.js: {title, dateText, start, end, rows: [{from, to, minutes, title,
   * kind, purpose}], link}.
   */
  function lines(info, core) {
    var out = [info.title || "Møteplan"];
    var when = "kl. " + core.clock(info.start) + "–" + core.clock(info.end);
    out.push(info.dateText ? capital(info.dateText) + ", " + when : capital(when));
    out.push("");
    if (!info.rows.length) out.push("Planen har ingen punkter ennå.", "");
    info.rows.forEach(function (row) {
      out.push(core.clock(row.from) + "–" + core.clock(row.to) + " " + row.title + " (" + KIND_WORDS[row.kind] +
        row.minutes + " min)");
      if (row.purpose) out.push(row.purpose);
      out.push("");
    });
    out.push("Planen i Verktøykassa:", info.link);
    return out;
  }

  /** The agenda to paste: CRLF line ends, which Outlook, Teams and every Windows
      program keep as line breaks (and macOS and Linux programs read as well). */
  function text(info, core) {
    return lines(info, core).join(CRLF) + CRLF;
  }

  /* ---- iCalendar (RFC 5545) --------------------------------------------------------- */

  /** TEXT as RFC 5545 §3.3.11 escapes it: backslash, semicolon, comma, line breaks. */
  function escapeText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n");
  }

  function octets(character) {
    var code = character.codePointAt(0);
    return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }

  /** A content line folded to at most 75 octets a line (RFC 5545 §3.1), never inside a
      UTF-8 character: the break is CRLF and one space. */
  function fold(line) {
    var out = "";
    var size = 0;
    Array.from(line).forEach(function (character) {
      var bytes = octets(character);
      if (size + bytes > 75) {
        out += CRLF + " ";
        size = 1;
      }
      out += character;
      size += bytes;
    });
    return out;
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  /** The date and minutes after its midnight as local time: «20261203T090000» (a
      meeting that runs past midnight ends on the next day). */
  function localTime(iso, minutes) {
    var parts = iso.split("-").map(Number);
    var at = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], 0, minutes));
    return pad(at.getUTCFullYear(), 4) + pad(at.getUTCMonth() + 1, 2) + pad(at.getUTCDate(), 2) + "T" +
      pad(at.getUTCHours(), 2) + pad(at.getUTCMinutes(), 2) + "00";
  }

  function utcTime(date) {
    return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  }

  /** FNV-1a (32 bits) of the text's UTF-8 bytes, from `seed`, as 8 hex digits. */
  function fnv(value, seed) {
    var bytes = new TextEncoder().encode(value);
    var hash = seed >>> 0;
    for (var i = 0; i < bytes.length; i++) {
      hash = Math.imul(hash ^ bytes[i], 16777619) >>> 0;
    }
    return pad(hash.toString(16), 8);
  }

  /**
   * The meeting as an iCalendar file: one VEVENT in Europe/Oslo with its VTIMEZONE.
   * The UID comes from the meeting's identity (this version, date, start and title), so
   * a file made again after the blocks changed updates the same event; SEQUENCE (minutes
   * since 2026) grows with each file, so a calendar takes the later one as the update.
   */
  function calendar(info, core, now) {
    var uid = "moteplan-" + fnv(info.identity, 0x811c9dc5) + fnv(info.identity, 0x01000193) + "@" +
      (info.host || "verktoykassa");
    var sequence = Math.max(0, Math.floor((now.getTime() - Date.UTC(2026, 0, 1)) / 60000));
    var event = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Oslo kommune//Verktoykassa moteplan//NB",
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH"
    ].concat(OSLO, [
      "BEGIN:VEVENT",
      "UID:" + uid,
      "DTSTAMP:" + utcTime(now),
      "SEQUENCE:" + sequence,
      "DTSTART;TZID=Europe/Oslo:" + localTime(info.date, info.start),
      "DTEND;TZID=Europe/Oslo:" + localTime(info.date, info.end),
      "SUMMARY:" + escapeText(info.title || "Møteplan"),
      "DESCRIPTION:" + escapeText(lines(info, core).join("\n")),
      "URL:" + info.link, // a URI, not TEXT: its commas and semicolons stay as they are
      "END:VEVENT", "END:VCALENDAR"
    ]);
    return event.map(fold).join(CRLF) + CRLF;
  }

  /** «Ledermøte om beslutninger», 2026-12-03 → «ledermote-om-beslutninger-2026-12-03.ics». */
  function fileName(info) {
    var stem = String(info.title || "moteplan").toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
    return (stem || "moteplan") + "-" + info.date + ".ics";
  }

  /** Percent-encoded runs decoded, except the characters in `keep`. */
  function gently(text, keep) {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, function (run) {
      var plain;
      try { plain = decodeURIComponent(run); } catch (error) { return run; }
      return plain.replace(keep, encodeURIComponent);
    });
  }

  /** The link as a person reads it on paper: no scheme, «ø» instead of %C3%B8, a space
      instead of %20. What would change the plan's meaning stays encoded (%, &, #, +, and
      a comma inside the blocks), so the address typed back opens the same plan. */
  function readableLink(href) {
    var at = href.indexOf("?");
    var path = at < 0 ? href : href.slice(0, at);
    var shown = gently(path, /[%?#]/g);
    if (at >= 0) {
      shown += "?" + href.slice(at + 1).split("&").map(function (pair) {
        var name = pair.split("=")[0];
        return gently(pair, name === "blokker" ? /[%&#+,]/g : /[%&#+]/g);
      }).join("&");
    }
    return shown.replace(/^https?:\/\//, "");
  }

  window.vkPlannerExport = {
    text: text, calendar: calendar, fileName: fileName, readableLink: readableLink,
    escapeText: escapeText, fold: fold
  };
})();
