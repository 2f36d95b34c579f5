/* lms-bridge player: one runtime interface over SCORM 1.2 and SCORM 2004.
 *
 * The player never talks to window.API / window.API_1484_11 directly: everything goes through
 * LB.Runtime, which knows each standard's element names and value formats (session time,
 * interaction patterns, result vocabulary). Without an LMS every call is a harmless no-op, so
 * the course still works when the file is opened on its own.
 */
(function (LB) {
  "use strict";

  var MAX_PARENTS = 500;
  var LONE_SURROGATE = /([^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/g;
  // Moodle's scorm_13.js: CMIDecimal, and CMIShortIdentifier for choice and matching nodes
  var DECIMAL_2004 = /^-?[0-9]{1,5}(\.[0-9]{1,18})?$/;
  var MAX_NODES_2004 = 36;

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  /** Walk win and its parents (at most 500 levels, as pipwerks and ADL's wrapper do). */
  function scan(win, name) {
    var tries = 0;
    while (win && tries <= MAX_PARENTS) {
      try {
        if (win[name]) return win[name];
      } catch (e) { /* a cross-origin frame: keep walking */ }
      var parent;
      try { parent = win.parent; } catch (e2) { parent = null; }
      if (!parent || parent === win) break;
      win = parent;
      tries += 1;
    }
    return null;
  }

  function findApi(name) {
    var api = scan(window, name);
    if (api) return api;
    try {
      if (window.top && window.top.opener) return scan(window.top.opener, name);
    } catch (e) { /* opener on another origin */ }
    return null;
  }

  /** 1.2 CMITimespan: HHHH:MM:SS.SS (Moodle rejects anything else). */
  function timespan12(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = Math.floor((cs % 6000) / 100);
    return pad(Math.min(h, 9999), 4) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(cs % 100, 2);
  }

  /** 2004 timeinterval: ISO 8601 duration such as PT1H2M3.45S. */
  function duration2004(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    var out = "PT";
    if (h) out += h + "H";
    if (m) out += m + "M";
    return out + (Math.round(s * 100) / 100) + "S";
  }

  function time12(date) {
    return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2);
  }

  /** 2004 time(second,10,0): local time without zone designator, as most runtimes expect. */
  function timestamp2004(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1, 2) + "-" + pad(date.getDate(), 2) +
      "T" + time12(date);
  }

  var DIALECTS = {
    scorm12: {
      apiName: "API",
      init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", lastError: "LMSGetLastError",
      suspendLimit: 4096, locationLimit: 255,
      el: {
        location: "cmi.core.lesson_location",
        suspend: "cmi.suspend_data", exit: "cmi.core.exit", sessionTime: "cmi.core.session_time",
        raw: "cmi.core.score.raw", min: "cmi.core.score.min", max: "cmi.core.score.max",
        language: "cmi.student_preference.language",
        status: "cmi.core.lesson_status", mode: "cmi.core.lesson_mode"
      },
      sessionTime: timespan12,
      latency: timespan12,
      stamp: { name: "time", format: time12 },
      learnerResponse: "student_response",
      wrong: "wrong",
      exitDone: "",
      sep: ",", pairSep: "."
    },
    scorm2004: {
      apiName: "API_1484_11",
      init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue",
      commit: "Commit", lastError: "GetLastError",
      suspendLimit: 64000, locationLimit: 1000,
      el: {
        location: "cmi.location",
        suspend: "cmi.suspend_data", exit: "cmi.exit", sessionTime: "cmi.session_time",
        raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max",
        language: "cmi.learner_preference.language",
        mode: "cmi.mode"
      },
      sessionTime: duration2004,
      latency: duration2004,
      stamp: { name: "timestamp", format: timestamp2004 },
      learnerResponse: "learner_response",
      wrong: "incorrect",
      exitDone: "normal",
      sep: "[,]", pairSep: "[.]"
    }
  };

  function Runtime(standard) {
    this.standard = DIALECTS[standard] ? standard : "scorm12";
    this.d = DIALECTS[this.standard];
    this.api = null;
    this.active = false;
    this.finished = false;
    this.started = Date.now();
    this.errors = [];
  }

  Runtime.prototype.connect = function () {
    var api = findApi(this.d.apiName);
    if (!api) return false;
    this.api = api;
    try {
      this.active = String(api[this.d.init]("")) === "true" ||
        // 2004 error 103: the session was already initialized (e.g. the SCO page reloaded)
        (this.standard === "scorm2004" && String(api[this.d.lastError]()) === "103");
    } catch (e) {
      this.active = false;
    }
    this.started = Date.now();
    // "review": the LMS shows a finished attempt again; results must not change
    this.review = this.active && this.get(this.d.el.mode) === "review";
    return this.active;
  };

  Runtime.prototype.get = function (el) {
    if (!this.active) return "";
    try {
      var v = this.api[this.d.get](el);
      return v === null || v === undefined ? "" : String(v);
    } catch (e) {
      return "";
    }
  };

  Runtime.prototype.set = function (el, value) {
    if (!this.active) return false;
    var ok = false;
    // a lone surrogate (text cut inside an emoji) makes Moodle's encodeURIComponent throw on commit
    value = String(value).replace(LONE_SURROGATE, "$1\uFFFD");
    try {
      ok = String(this.api[this.d.set](el, value)) === "true";
    } catch (e) {
      ok = false;
    }
    if (!ok) {
      var code = "";
      try { code = String(this.api[this.d.lastError]()); } catch (e2) { /* ignore */ }
      this.errors.push(el + "=" + String(value).slice(0, 40) + " -> " + code);
    }
    return ok;
  };

  Runtime.prototype.commit = function () {
    if (!this.active) return false;
    this.set(this.d.el.sessionTime, this.d.sessionTime(Date.now() - this.started));
    try {
      return String(this.api[this.d.commit]("")) === "true";
    } catch (e) {
      return false;
    }
  };

  /** End the session once: exit mode, session time, commit, then LMSFinish/Terminate. */
  Runtime.prototype.terminate = function (done) {
    if (!this.active || this.finished) return;
    this.finished = true;
    this.set(this.d.el.exit, done ? this.d.exitDone : "suspend");
    this.commit();
    try { this.api[this.d.finish](""); } catch (e) { /* the LMS frame may already be gone */ }
    this.active = false;
  };

  /** Record the learner's standing: status per standard, with score raw/min/max (+scaled). */
  Runtime.prototype.setStatus = function (s) {
    var el = this.d.el;
    if (this.review) return;
    if (this.standard === "scorm12") {
      // a verdict implies completion (standing() gives none before the pages are done), and
      // score.raw is set exactly with it: Moodle's mastery override then finds the same status
      var st = s.success === "passed" || s.success === "failed" ? s.success
        : (s.completed ? "completed" : "incomplete");
      this.set(el.status, st);
    } else {
      this.set("cmi.completion_status", s.completed ? "completed" : "incomplete");
      this.set("cmi.success_status", s.success || "unknown");
      if (typeof s.progress === "number") {
        this.set("cmi.progress_measure", String(Math.round(s.progress * 100) / 100));
      }
    }
    if (typeof s.score === "number") {
      this.set(el.min, "0");
      this.set(el.max, "100");
      this.set(el.raw, String(s.score));
      if (this.standard === "scorm2004") {
        this.set("cmi.score.scaled", String(Math.round(s.score * 100) / 10000));
      }
    }
  };

  /** text cut to at most max characters, at a delimiter when there is one (whole answers). */
  function cutNodes(text, delimiter, max) {
    if (text.length <= max) return text;
    var cut = text.slice(0, max + 1).lastIndexOf(delimiter);
    return cut > 0 ? text.slice(0, cut) : text.slice(0, max);
  }

  /** Fit an interaction to what Moodle's runtime accepts (scorm_12.js / scorm_13.js), so no
   *  SetValue is refused and silently lost:
   *  - 1.2 weighting is a CMIDecimal in -100..100; 2004 weighting at most five integer digits;
   *  - 1.2 patterns and student_response are CMIString256 (255 characters in Moodle's standards
   *    mode): a longer pattern is left out, a longer response keeps its first whole answers;
   *  - 2004 choice and matching nodes are CMIShortIdentifier ([A-Za-z0-9_.]): our ids may hold
   *    "-", which becomes "." (ids never contain "."; so no two ids can meet); at most 36
   *    nodes: a longer pattern is left out, a longer response keeps its first 36;
   *  - 2004 numeric bounds and responses are CMIDecimal (at most five integer digits): a value
   *    Moodle cannot hold is left out rather than refused;
   *  - 2004 description: no braces (a leading "{" is read as a {lang=} tag), 250 characters. */
  function fitInteraction(it, standard) {
    var out = {};
    Object.keys(it).forEach(function (k) { out[k] = it[k]; });
    if (standard === "scorm12") {
      out.weight = Math.max(-100, Math.min(100, it.weight));
      out.correct = (it.correct || []).filter(function (p) { return p.length <= 255; });
      out.response = it.response === null || it.response === undefined ? it.response
        : cutNodes(String(it.response), ",", 255);
      return out;
    }
    out.weight = Math.max(-99999, Math.min(99999, it.weight));
    if (it.type === "choice" || it.type === "matching") {
      var ids = function (v) { return String(v).replace(/-/g, "."); };
      out.correct = (it.correct || []).map(ids).filter(function (p) {
        return p.split("[,]").length <= MAX_NODES_2004;
      });
      if (it.response !== null && it.response !== undefined) {
        out.response = ids(it.response).split("[,]").slice(0, MAX_NODES_2004).join("[,]");
      }
    } else if (it.type === "numeric") {
      out.correct = (it.correct || []).filter(function (p) {
        return p.split("[:]").every(function (n) { return DECIMAL_2004.test(n); });
      });
      if (it.response !== null && !DECIMAL_2004.test(String(it.response))) out.response = null;
    }
    if (it.description) {
      out.description = String(it.description).replace(/[{}]/g, " ").trim().slice(0, 250);
    }
    return out;
  }

  /** Report one answer as an interaction, in the standard's own syntax. */
  Runtime.prototype.addInteraction = function (it) {
    if (!this.active || this.review) return;
    it = fitInteraction(it, this.standard);
    var n = parseInt(this.get("cmi.interactions._count"), 10);
    if (isNaN(n)) n = this.interactionCount || 0;
    this.interactionCount = n + 1;
    var d = this.d;
    var p = "cmi.interactions." + n + ".";
    var self = this;
    this.set(p + "id", it.id);
    this.set(p + "type", it.type);
    this.set(p + d.stamp.name, d.stamp.format(it.when));
    this.set(p + "weighting", String(it.weight));
    (it.correct || []).forEach(function (pattern, i) {
      self.set(p + "correct_responses." + i + ".pattern", pattern);
    });
    if (it.response !== null && it.response !== undefined) {
      this.set(p + d.learnerResponse, it.response);
    }
    this.set(p + "result", it.isCorrect ? "correct" : d.wrong);
    this.set(p + "latency", d.latency(it.latencyMs));
    if (this.standard === "scorm2004" && it.description) {
      this.set(p + "description", it.description);
    }
  };

  LB.Runtime = Runtime;
}(window.LB = window.LB || {}));
