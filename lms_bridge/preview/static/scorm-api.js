/* lms-bridge preview: a small SCORM 1.2 + 2004 runtime, checking values the way Moodle's player
 * does (element names, read-only/write-only, vocabularies, formats, SCORM 1.2's 4,096-character
 * suspend_data), so mistakes show up in the preview before they reach a real LMS.
 */
(function (root) {
  "use strict";

  var DEC = /^-?\d{0,3}(\.\d{1,2})?$/;  /* Moodle's 1.2 CMIDecimal: two decimals at most */
  var SPAN12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
  var TIME12 = /^[0-2]\d:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  var ID12 = /^[\u0021-\u007E]{1,255}$/;
  var DUR = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
  var STAMP = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/;
  var REAL = /^-?\d+(\.\d+)?$/;

  function vocab(words) { return function (v) { return words.indexOf(v) >= 0; }; }
  function maxLen(n) { return function (v) { return v.length <= n; }; }
  function re(r) { return function (v) { return r.test(v); }; }
  function range(lo, hi, pattern) {
    return function (v) { return (pattern || REAL).test(v) && +v >= lo && +v <= hi; };
  }

  /* [pattern, access ("r", "w", "rw"), check] — "n" stands for an index. */
  var MODELS = {
    scorm12: [
      ["cmi.core.student_id", "r"], ["cmi.core.student_name", "r"], ["cmi.core.credit", "r"],
      ["cmi.core.entry", "r"], ["cmi.core.total_time", "r"], ["cmi.core.lesson_mode", "r"],
      ["cmi.launch_data", "r"], ["cmi.student_data.mastery_score", "r"],
      ["cmi.core.lesson_location", "rw", maxLen(255)],
      ["cmi.core.lesson_status", "rw", vocab(["passed", "completed", "failed", "incomplete", "browsed"])],
      ["cmi.core.score.raw", "rw", range(0, 100, DEC)], ["cmi.core.score.min", "rw", range(0, 100, DEC)],
      ["cmi.core.score.max", "rw", range(0, 100, DEC)],
      ["cmi.core.exit", "w", vocab(["time-out", "suspend", "logout", ""])],
      ["cmi.core.session_time", "w", re(SPAN12)],
      ["cmi.suspend_data", "rw", maxLen(4096)], ["cmi.comments", "rw", maxLen(4096)],
      ["cmi.student_preference.language", "rw", maxLen(255)],
      ["cmi.interactions._count", "r"],
      ["cmi.interactions.n.id", "w", re(ID12)],
      ["cmi.interactions.n.type", "w", vocab(["true-false", "choice", "fill-in", "matching",
        "performance", "sequencing", "likert", "numeric"])],
      ["cmi.interactions.n.time", "w", re(TIME12)],
      ["cmi.interactions.n.weighting", "w", re(DEC)],
      ["cmi.interactions.n.student_response", "w", maxLen(255)],
      ["cmi.interactions.n.result", "w", function (v) {
        return vocab(["correct", "wrong", "unanticipated", "neutral"])(v) || REAL.test(v); }],
      ["cmi.interactions.n.latency", "w", re(SPAN12)],
      ["cmi.interactions.n.correct_responses.n.pattern", "w", maxLen(255)]
    ],
    scorm2004: [
      ["cmi.learner_id", "r"], ["cmi.learner_name", "r"], ["cmi.credit", "r"], ["cmi.entry", "r"],
      ["cmi.mode", "r"], ["cmi.total_time", "r"], ["cmi.launch_data", "r"],
      ["cmi.scaled_passing_score", "r"], ["cmi.completion_threshold", "r"],
      ["cmi.location", "rw", maxLen(1000)],
      ["cmi.completion_status", "rw", vocab(["completed", "incomplete", "not attempted", "unknown"])],
      ["cmi.success_status", "rw", vocab(["passed", "failed", "unknown"])],
      ["cmi.score.scaled", "rw", range(-1, 1)], ["cmi.score.raw", "rw", re(REAL)],
      ["cmi.score.min", "rw", re(REAL)], ["cmi.score.max", "rw", re(REAL)],
      ["cmi.progress_measure", "rw", range(0, 1)],
      ["cmi.exit", "w", vocab(["time-out", "suspend", "logout", "normal", ""])],
      ["cmi.session_time", "w", re(DUR)],
      ["cmi.suspend_data", "rw", maxLen(64000)],
      ["cmi.learner_preference.language", "rw", maxLen(250)],
      ["cmi.interactions._count", "r"],
      ["cmi.interactions.n.id", "rw", re(/^\S{1,4000}$/)],
      ["cmi.interactions.n.type", "rw", vocab(["true-false", "choice", "fill-in", "long-fill-in",
        "matching", "performance", "sequencing", "likert", "numeric", "other"])],
      ["cmi.interactions.n.timestamp", "rw", re(STAMP)],
      ["cmi.interactions.n.weighting", "rw", re(REAL)],
      ["cmi.interactions.n.learner_response", "rw", maxLen(4000)],
      ["cmi.interactions.n.result", "rw", function (v) {
        return vocab(["correct", "incorrect", "unanticipated", "neutral"])(v) || REAL.test(v); }],
      ["cmi.interactions.n.latency", "rw", re(DUR)],
      ["cmi.interactions.n.description", "rw", maxLen(250)],
      ["cmi.interactions.n.correct_responses.n.pattern", "rw", maxLen(4000)]
    ]
  };

  var CODES = {
    scorm12: { ok: "0", general: "101", notInit: "301", unknown: "401", readOnly: "403",
      writeOnly: "404", type: "405", range: "405", afterEnd: "101", index: "201" },
    scorm2004: { ok: "0", general: "101", notInit: "122", notInitSet: "132", unknown: "401",
      readOnly: "404", writeOnly: "405", type: "406", range: "407", afterEnd: "143", index: "351" }
  };
  var MESSAGES = { "0": "No error", "101": "General exception", "122": "Retrieve data before initialization",
    "132": "Store data before initialization", "143": "Store data after termination",
    "201": "Invalid argument", "301": "Not initialized", "351": "General set failure",
    "401": "Not implemented / undefined data model element", "403": "Element is read only",
    "404": "Element is write only / read only", "405": "Incorrect data type / write only",
    "406": "Data model element type mismatch", "407": "Data model element value out of range" };

  function secondsOf(t) {
    var m = SPAN12.exec(t) && t.split(":");
    if (m) return (+m[0]) * 3600 + (+m[1]) * 60 + parseFloat(m[2]);
    var d = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(t || "");
    return d ? (+(d[1] || 0)) * 86400 + (+(d[2] || 0)) * 3600 + (+(d[3] || 0)) * 60 + parseFloat(d[4] || 0) : 0;
  }

  /** One SCO attempt: cmi holds the flat data model; onEvent(kind, detail) feeds the panel. */
  function Runtime(standard, cmi, onEvent) {
    var self = this;
    var codes = CODES[standard];
    var model = MODELS[standard];
    var state = "new";
    var lastError = "0";
    this.cmi = cmi;

    function find(el) {
      var generic = el.replace(/\.\d+\./g, ".n.");
      for (var i = 0; i < model.length; i++) if (model[i][0] === generic) return model[i];
      return null;
    }

    function fail(code, call, detail) {
      lastError = code;
      onEvent("error", call + " → " + code + " " + (MESSAGES[code] || "") + (detail ? " (" + detail + ")" : ""));
      return standard === "scorm12" ? "false" : "false";
    }

    function count(prefix) {
      var n = 0;
      while (Object.keys(cmi).some(function (k) { return k.indexOf(prefix + n + ".") === 0; })) n += 1;
      return n;
    }

    function init() {
      if (state !== "new") return fail(codes.general, "Initialize");
      state = "running";
      lastError = "0";
      onEvent("call", "Initialize");
      return "true";
    }

    function finish() {
      if (state !== "running") return fail(codes.notInit, "Terminate");
      commit();
      state = "ended";
      if (standard === "scorm12" && (!cmi["cmi.core.lesson_status"] ||
          cmi["cmi.core.lesson_status"] === "not attempted")) {
        cmi["cmi.core.lesson_status"] = "completed";  // what Moodle does on LMSFinish
      }
      onEvent("finish", cmi);
      return "true";
    }

    function get(el) {
      if (state !== "running") return fail(codes.notInit, "GetValue(" + el + ")"), "";
      lastError = "0";
      if (/\._count$/.test(el)) return String(count(el.replace(/_count$/, "")));
      if (/\._children$/.test(el)) return "";
      var def = find(el);
      if (!def) return fail(codes.unknown, "GetValue(" + el + ")"), "";
      if (def[1] === "w") return fail(codes.writeOnly, "GetValue(" + el + ")"), "";
      return cmi[el] === undefined ? "" : String(cmi[el]);
    }

    function set(el, value) {
      value = String(value);
      var call = "SetValue(" + el + ", " + JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value) + ")";
      if (state === "ended") return fail(codes.afterEnd, call);
      if (state !== "running") return fail(codes.notInitSet || codes.notInit, call);
      var def = find(el);
      if (!def) return fail(codes.unknown, call);
      if (def[1] === "r") return fail(codes.readOnly, call);
      if (def[2] && !def[2](value)) return fail(codes.type, call, value.length + " chars");
      var idx = /^cmi\.interactions\.(\d+)\./.exec(el);
      if (idx && +idx[1] > count("cmi.interactions.")) return fail(codes.index, call);
      cmi[el] = value;
      lastError = "0";
      onEvent("set", { element: el, value: value });
      return "true";
    }

    function commit() {
      if (state !== "running") return fail(codes.notInit, "Commit");
      lastError = "0";
      onEvent("commit", cmi);
      return "true";
    }

    var api = standard === "scorm12"
      ? { LMSInitialize: init, LMSFinish: finish, LMSGetValue: get, LMSSetValue: set, LMSCommit: commit,
        LMSGetLastError: function () { return lastError; },
        LMSGetErrorString: function (c) { return MESSAGES[c] || ""; },
        LMSGetDiagnostic: function (c) { return MESSAGES[c || lastError] || ""; } }
      : { Initialize: init, Terminate: finish, GetValue: get, SetValue: set, Commit: commit,
        GetLastError: function () { return lastError; },
        GetErrorString: function (c) { return MESSAGES[c] || ""; },
        GetDiagnostic: function (c) { return MESSAGES[c || lastError] || ""; } };
    this.api = api;
    this.isRunning = function () { return state === "running"; };
    this.end = function () { if (state === "running") finish(); };
    self.secondsOf = secondsOf;
  }

  root.PreviewRuntime = Runtime;
  root.PreviewRuntime.secondsOf = secondsOf;
}(window));
