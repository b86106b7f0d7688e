// Ficshelf reader enhancements. Every page works without this script; it adds:
// - reading settings (text size, line width, theme, interior monologue in
//   italics) kept in localStorage;
// - left/right arrow keys for the previous/next chapter;
// - the last chapter read and its scroll position per work, offered as
//   "Continue reading" on the work page.
// Loaded in <head> without defer so the saved theme applies before the
// first paint; everything touching the page waits for DOMContentLoaded.
(function () {
  "use strict";

  var SETTINGS_KEY = "ficshelf:settings";
  var PROGRESS_PREFIX = "ficshelf:progress:";
  var THEMES = ["light", "dark", "sepia"];
  var SIZES = ["1", "2", "3", "4", "5", "6"];
  var WIDTHS = ["narrow", "medium", "wide"];
  // Interior monologue is only a suggestion of the analysis: off by default.
  var MONOLOGUE = ["off", "on"];
  var DEFAULTS = { size: "3", width: "medium", theme: "auto", monologue: "off" };

  function load(key) {
    try {
      var text = window.localStorage.getItem(key);
      return text ? JSON.parse(text) : null;
    } catch (err) {
      return null; // storage disabled or a corrupt entry: behave as if empty
    }
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (err) {
      // Storage full or disabled: settings last for this page only.
    }
  }

  function settings() {
    var saved = load(SETTINGS_KEY) || {};
    return {
      size: SIZES.indexOf(saved.size) >= 0 ? saved.size : DEFAULTS.size,
      width: WIDTHS.indexOf(saved.width) >= 0 ? saved.width : DEFAULTS.width,
      theme: THEMES.indexOf(saved.theme) >= 0 ? saved.theme : DEFAULTS.theme,
      monologue: MONOLOGUE.indexOf(saved.monologue) >= 0 ? saved.monologue : DEFAULTS.monologue
    };
  }

  function apply(current) {
    var root = document.documentElement;
    if (current.theme === "auto") {
      root.removeAttribute("data-theme");
    } else {
      root.setAttribute("data-theme", current.theme);
    }
    root.setAttribute("data-size", current.size);
    root.setAttribute("data-width", current.width);
    root.setAttribute("data-monologue", current.monologue);
  }

  apply(settings());

  function setUpSettings() {
    var panel = document.querySelector("[data-reader-settings]");
    if (!panel) {
      return;
    }
    var current = settings();
    var controls = panel.querySelectorAll("[data-setting]");
    Array.prototype.forEach.call(controls, function (control) {
      var name = control.getAttribute("data-setting");
      // A checkbox stands for "on"/"off", a select for its option values.
      var checkbox = control.type === "checkbox";
      if (checkbox) {
        control.checked = current[name] === "on";
      } else {
        control.value = current[name];
      }
      control.addEventListener("change", function () {
        current[name] = checkbox ? (control.checked ? "on" : "off") : control.value;
        save(SETTINGS_KEY, current);
        apply(current);
      });
    });
    panel.hidden = false;
  }

  function isTyping(target) {
    if (!target) {
      return false;
    }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || target.isContentEditable;
  }

  function setUpKeys() {
    var reader = document.querySelector("[data-reader]");
    if (!reader || reader.getAttribute("data-chapter") === "all") {
      return;
    }
    var hint = document.querySelector("[data-keyboard-hint]");
    if (hint) {
      hint.hidden = false;
    }
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
        return;
      }
      if (isTyping(event.target)) {
        return;
      }
      var rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
      if (!rel) {
        return;
      }
      var link = document.querySelector('a[rel="' + rel + '"]');
      if (link) {
        event.preventDefault();
        window.location.href = link.href;
      }
    });
  }

  function scrollFraction() {
    var doc = document.documentElement;
    var range = doc.scrollHeight - window.innerHeight;
    return range > 0 ? Math.min(1, Math.max(0, window.scrollY / range)) : 0;
  }

  function setUpProgress() {
    var reader = document.querySelector("[data-reader]");
    if (!reader) {
      return;
    }
    var workId = reader.getAttribute("data-work-id");
    var chapter = parseInt(reader.getAttribute("data-chapter"), 10);
    if (!workId || !(chapter > 0)) {
      return;
    }
    var key = PROGRESS_PREFIX + workId;
    var saved = load(key);
    if (window.location.hash === "#continue" && saved && saved.chapter === chapter) {
      var doc = document.documentElement;
      window.scrollTo(0, saved.scroll * (doc.scrollHeight - window.innerHeight));
    }
    var pending = null;
    function record() {
      pending = null;
      save(key, { chapter: chapter, scroll: scrollFraction(), at: Date.now() });
    }
    record();
    window.addEventListener("scroll", function () {
      if (pending === null) {
        pending = window.setTimeout(record, 400);
      }
    }, { passive: true });
    window.addEventListener("pagehide", record);
  }

  function setUpContinue() {
    var link = document.querySelector("[data-continue]");
    if (!link) {
      return;
    }
    var saved = load(PROGRESS_PREFIX + link.getAttribute("data-work-id"));
    if (!saved || typeof saved.chapter !== "number" || !(saved.chapter > 0) || Math.floor(saved.chapter) !== saved.chapter) {
      return;
    }
    link.href = link.getAttribute("data-chapter-base") + saved.chapter + "#continue";
    link.textContent = "Continue reading (chapter " + saved.chapter + ")";
    link.hidden = false;
  }

  // A signed-in reader's positions live on the server too, so reading goes
  // on in another browser: the work's positions are asked for once per
  // page; the newest one, when newer than this browser's, points "Continue
  // reading" at it and places a "#continue" chapter; scrolling saves it back
  // (at most every few seconds, and when the page is left).
  var SERVER_SAVE_MS = 3000;

  function workIdOfPage() {
    var node = document.querySelector("[data-reader], [data-continue], [data-shelf]");
    if (node && node.getAttribute("data-work-id")) {
      return node.getAttribute("data-work-id");
    }
    var match = /^\/works\/([^/]+)/.exec(window.location.pathname);
    return match ? match[1] : null;
  }

  // Set with the session (and readable, unlike it): a reader is signed in.
  function signedIn() {
    return /(?:^|;\s*)ficshelf_signed_in=1(?:;|$)/.test(document.cookie);
  }

  // Set with the session of an administrator: their "Manage" links show
  // (the pages themselves answer administrators only).
  function signedInAdmin() {
    return /(?:^|;\s*)ficshelf_admin=1(?:;|$)/.test(document.cookie);
  }

  function setUpAccountLinks() {
    if (!signedIn()) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-signed-in]"), function (node) {
      node.hidden = false;
    });
    if (signedInAdmin()) {
      Array.prototype.forEach.call(document.querySelectorAll("[data-admin]"), function (node) {
        node.hidden = false;
      });
    }
  }

  function setUpServerProgress() {
    var workId = workIdOfPage();
    if (!workId || !window.fetch || !signedIn()) {
      return;
    }
    var base = "/works/" + workId + "/reading";
    window.fetch(base, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && answer.signed_in) {
          useServerProgress(workId, base, answer);
        }
      })
      .catch(function () {});
  }

  function useServerProgress(workId, base, answer) {
    var shelf = document.querySelector("[data-shelf]");
    if (shelf) {
      shelf.hidden = false;
    }
    var latest = answer.positions && answer.positions[0];
    var local = load(PROGRESS_PREFIX + workId);
    var newer = latest && (!local || !(local.at >= latest.updated_at * 1000));
    if (newer) {
      save(PROGRESS_PREFIX + workId, { chapter: latest.chapter, scroll: latest.fraction, at: latest.updated_at * 1000 });
      setUpContinue();
    }
    var reader = document.querySelector("[data-reader]");
    var chapter = reader ? parseInt(reader.getAttribute("data-chapter"), 10) : NaN;
    if (!(chapter > 0)) {
      return;
    }
    if (newer && latest.chapter === chapter && window.location.hash === "#continue") {
      var doc = document.documentElement;
      window.scrollTo(0, latest.fraction * (doc.scrollHeight - window.innerHeight));
    }
    var sent = null;
    var timer = null;
    function send() {
      timer = null;
      var fraction = scrollFraction();
      if (sent !== null && Math.abs(sent - fraction) < 0.005) {
        return;
      }
      sent = fraction;
      window.fetch(base + "/" + chapter, {
        method: "PUT",
        credentials: "same-origin",
        keepalive: true,
        headers: { "Content-Type": "application/json", "X-CSRF-Token": answer.csrf },
        body: JSON.stringify({ fraction: fraction })
      }).catch(function () {});
    }
    window.addEventListener("scroll", function () {
      if (timer === null) {
        timer = window.setTimeout(send, SERVER_SAVE_MS);
      }
    }, { passive: true });
    window.addEventListener("pagehide", send);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSettings();
    setUpKeys();
    setUpProgress();
    setUpContinue();
    setUpAccountLinks();
    setUpServerProgress();
  });
})();
