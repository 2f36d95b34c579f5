/* lms-bridge preview: a SCORM 1.2 + 2004 runtime that accepts and refuses values the way Moodle's
 * own player does, so a value Moodle would silently lose shows up in the preview (and in the
 * browser tests) instead of in a learner's missing grade.
 *
 * The rules are our own transcription of Moodle's runtime, not a copy of it. Sources (moodle/moodle):
 *   1.2:  mod/scorm/datamodels/scorm_12.js — data types at the top of SCORMapi1_2(), the
 *         `datamodel` table, LMSSetValue() (format → 405, index past _count → 201, range → 405)
 *         and StoreData() (LMSFinish: "not attempted" → "completed"; mastery override).
 *         CMIString256/4096 come from mod/scorm/player.php: {0,255}/{0,4096} with the site setting
 *         "SCORM standards mode" (scorm | scormstandard) on, {0,64000} otherwise.
 *   2004: mod/scorm/datamodels/scorm_13.js — data types, `learner_response` and
 *         `correct_responses` tables, SetValue() (406 format, 407 range, 408 dependency, 351 order,
 *         limit and duplicate), CRremovePrefixes(), CRcheckValueNodes() and StoreData()
 *         (Terminate: completion_status from progress_measure ≥ completion_threshold).
 *   Both: CollectData() sends every value through encodeURIComponent() to datamodel.php, so a value
 *         that cannot be encoded (a lone UTF-16 surrogate) makes Commit fail.
 */
(function (root) {
  "use strict";

  function str(max) { return new RegExp("^[\\u0000-\\uFFFF]{0," + max + "}$"); }
  function words(list) { return new RegExp("^(" + list.join("|") + ")$"); }

  /* SCORM 1.2 (scorm_12.js) */
  var T12 = {
    time: /^([0-2]{1}[0-9]{1}):([0-5]{1}[0-9]{1}):([0-5]{1}[0-9]{1})(\.[0-9]{1,2})?$/,
    span: /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/,
    decimal: /^-?([0-9]{0,3})(\.[0-9]*)?$/,
    identifier: /^[\u0021-\u007E]{0,255}$/,
    status: words(["passed", "completed", "failed", "incomplete", "browsed"]),
    exit: /^time-out$|^suspend$|^logout$|^$/,
    type: words(["true-false", "choice", "fill-in", "matching", "performance", "sequencing",
      "likert", "numeric"]),
    result: /^correct$|^wrong$|^unanticipated$|^neutral$|^([0-9]{0,3})?(\.[0-9]*)?$/
  };

  function model12(standards) {
    var s256 = standards ? str(255) : str(64000);
    var s4096 = standards ? str(4096) : str(64000);
    /* element: [access, format, range] */
    return {
      "cmi.core.student_id": ["r"], "cmi.core.student_name": ["r"], "cmi.core.credit": ["r"],
      "cmi.core.entry": ["r"], "cmi.core.total_time": ["r"], "cmi.core.lesson_mode": ["r"],
      "cmi.launch_data": ["r"], "cmi.student_data.mastery_score": ["r"],
      "cmi.core.lesson_location": ["rw", s256], "cmi.core.lesson_status": ["rw", T12.status],
      "cmi.core.score.raw": ["rw", T12.decimal, [0, 100]],
      "cmi.core.score.min": ["rw", T12.decimal, [0, 100]],
      "cmi.core.score.max": ["rw", T12.decimal, [0, 100]],
      "cmi.core.exit": ["w", T12.exit], "cmi.core.session_time": ["w", T12.span],
      "cmi.suspend_data": ["rw", s4096], "cmi.comments": ["rw", s4096],
      "cmi.student_preference.language": ["rw", s256],
      "cmi.interactions._count": ["r"],
      "cmi.interactions.n.id": ["w", T12.identifier], "cmi.interactions.n.time": ["w", T12.time],
      "cmi.interactions.n.type": ["w", T12.type],
      "cmi.interactions.n.correct_responses.n.pattern": ["w", s256],
      "cmi.interactions.n.weighting": ["w", T12.decimal, [-100, 100]],
      "cmi.interactions.n.student_response": ["w", s256],
      "cmi.interactions.n.result": ["w", T12.result], "cmi.interactions.n.latency": ["w", T12.span]
    };
  }

  /* SCORM 2004 (scorm_13.js) */
  var SHORT_ID = /^[\w.]{1,250}$/;
  var DEC = /^-?([0-9]{1,5})(\.[0-9]{1,18})?$/;
  var LANG_250 = /^(\{lang=([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?\})?([^{].{0,250}$)?/;
  var LANG_250_CR = /^((\{lang=([a-zA-Z]{2,3}|i|x)?(-[a-zA-Z0-9-]{2,8})?\})?(.{0,250})?)?$/;
  var T13 = {
    time: /^(19[7-9]{1}[0-9]{1}|20[0-2]{1}[0-9]{1}|203[0-8]{1})((-(0[1-9]{1}|1[0-2]{1}))((-(0[1-9]{1}|[1-2]{1}[0-9]{1}|3[0-1]{1}))(T([0-1]{1}[0-9]{1}|2[0-3]{1})((:[0-5]{1}[0-9]{1})((:[0-5]{1}[0-9]{1})((\.[0-9]{1,2})((Z|([+|-]([0-1]{1}[0-9]{1}|2[0-3]{1})))(:[0-5]{1}[0-9]{1})?)?)?)?)?)?)?)?$/,
    /* Moodle's "\." inside a JS string is a plain "." in the pattern: any character */
    span: /^P(\d+Y)?(\d+M)?(\d+D)?(T(((\d+H)(\d+M)?(\d+(.\d{1,2})?S)?)|((\d+M)(\d+(.\d{1,2})?S)?)|((\d+(.\d{1,2})?S))))?$/,
    longId: /^(?:(?!urn:)\S{1,4000}|urn:[A-Za-z0-9-]{1,31}:\S{1,4000})$/,
    lang: /^([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?$|^$/,
    cstatus: words(["completed", "incomplete", "not attempted", "unknown"]),
    sstatus: words(["passed", "failed", "unknown"]),
    exit: /^time-out$|^suspend$|^logout$|^normal$|^$/,
    type: /^true-false$|^choice$|^(long-)?fill-in$|^matching$|^performance$|^sequencing$|^likert$|^numeric$|^other$/,
    result: /^correct$|^incorrect$|^unanticipated$|^neutral$|^-?([0-9]{1,4})(\.[0-9]{1,18})?$/,
    feedback: /^.*$/
  };
  var MODEL13 = {
    "cmi.learner_id": ["r"], "cmi.learner_name": ["r"], "cmi.credit": ["r"], "cmi.entry": ["r"],
    "cmi.mode": ["r"], "cmi.total_time": ["r"], "cmi.launch_data": ["r"],
    "cmi.scaled_passing_score": ["r"], "cmi.completion_threshold": ["r"],
    "cmi.location": ["rw", str(1000)], "cmi.completion_status": ["rw", T13.cstatus],
    "cmi.success_status": ["rw", T13.sstatus],
    "cmi.score.scaled": ["rw", DEC, [-1, 1]], "cmi.score.raw": ["rw", DEC],
    "cmi.score.min": ["rw", DEC], "cmi.score.max": ["rw", DEC],
    "cmi.progress_measure": ["rw", DEC, [0, 1]],
    "cmi.exit": ["w", T13.exit], "cmi.session_time": ["w", T13.span],
    "cmi.suspend_data": ["rw", str(64000)],
    "cmi.learner_preference.language": ["rw", T13.lang],
    "cmi.interactions._count": ["r"],
    "cmi.interactions.n.id": ["rw", T13.longId], "cmi.interactions.n.type": ["rw", T13.type],
    "cmi.interactions.n.timestamp": ["rw", T13.time],
    "cmi.interactions.n.weighting": ["rw", DEC],
    "cmi.interactions.n.learner_response": ["rw", T13.feedback],
    "cmi.interactions.n.result": ["rw", T13.result],
    "cmi.interactions.n.latency": ["rw", T13.span],
    "cmi.interactions.n.description": ["rw", LANG_250],
    "cmi.interactions.n.correct_responses.n.pattern": ["rw", T13.feedback]
  };
  /* per interaction type: node format(s), most nodes, delimiters, unique nodes, pattern limit */
  var RESPONSES = {
    "true-false": { format: /^true$|^false$/, max: 1, limit: 1 },
    choice: { format: SHORT_ID, max: 36, delim: "[,]", unique: true },
    "fill-in": { format: LANG_250, crFormat: LANG_250_CR, max: 10, delim: "[,]", prefixes: true },
    matching: { format: SHORT_ID, format2: SHORT_ID, max: 36, delim: "[,]", delim2: "[.]",
      prefixes: true },
    numeric: { format: DEC, crMax: 2, max: 1, crDelim: "[:]", limit: 1 },
    other: { format: str(4000), max: 1, limit: 1 }
  };

  function codesFor(standard) {
    return standard === "scorm12"
      ? { notInit: "301", unknown: "201", readOnly: "403", writeOnly: "404", format: "405",
        range: "405", index: "201", general: "101" }
      : { notInit: "132", unknown: "401", readOnly: "404", writeOnly: "405", format: "406",
        range: "407", index: "351", general: "101", dependency: "408", afterEnd: "133" };
  }
  var MESSAGES = { "0": "No error", "101": "General exception", "132": "Store data before initialization",
    "133": "Store data after termination", "201": "Invalid argument error", "301": "Not initialized",
    "351": "General set failure", "401": "Undefined data model element", "403": "Element is read only",
    "404": "Element is read only / write only", "405": "Incorrect data type / write only",
    "406": "Data model element type mismatch", "407": "Data model element value out of range",
    "408": "Data model dependency not established" };

  function secondsOf(t) {
    var m = T12.span.exec(t || "") && t.split(":");
    if (m) return (+m[0]) * 3600 + (+m[1]) * 60 + parseFloat(m[2]);
    var d = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(t || "");
    return d ? (+(d[1] || 0)) * 86400 + (+(d[2] || 0)) * 3600 + (+(d[3] || 0)) * 60 + parseFloat(d[4] || 0) : 0;
  }

  function split(value, delim) { return delim ? value.split(delim) : [value]; }

  /** scorm_13.js CRremovePrefixes: strip {lang=}, {case_matters=}, {order_matters=}; "" = ok. */
  function removePrefixes(node) {
    var m;
    var error = "";
    while ((m = /^(\{(lang|case_matters|order_matters)=([^}]+)\})/.exec(node))) {
      if (m[2] !== "lang" && m[3] !== "true" && m[3] !== "false") error = "406";
      node = node.substr(m[1].length);
    }
    return { node: node, error: error };
  }

  /** A correct_responses pattern for the interaction's type: "" when Moodle accepts it. */
  function checkPattern(type, value, existing) {
    var r = RESPONSES[type] || RESPONSES.other;
    if (type === "choice" && existing.indexOf(value) >= 0) return "351 duplicate choice pattern";
    if (r.limit && existing.length >= r.limit) return "351 collection limit reached";
    var nodes = split(value, r.crDelim || r.delim);
    if (nodes.length > (r.crMax || r.max)) return "351 pattern too long";
    var format = r.crFormat || r.format;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (r.prefixes) {
        var p = removePrefixes(node);
        if (p.error) return p.error + " bad prefix";
        node = p.node;
      }
      if (r.delim2) {
        var pair = node.split(r.delim2);
        if (pair.length !== 2 || !format.test(pair[0]) || !r.format2.test(pair[1])) return "406 node " + node;
      } else if (!format.test(node) && (value !== "" || type === "true-false")) {
        return "406 node " + node;
      } else if (type === "numeric" && nodes.length > 1 && parseFloat(nodes[0]) > parseFloat(nodes[1])) {
        return "406 range reversed";
      } else if (r.unique && node !== "" && nodes.slice(0, i).indexOf(node) >= 0) {
        return "406 repeated node";
      }
    }
    return "";
  }

  /** learner_response for the interaction's type (scorm_13.js SetValue): "" when accepted. */
  function checkResponse(type, value) {
    var r = RESPONSES[type] || RESPONSES.other;
    var nodes = split(value, r.delim);
    if (nodes.length > r.max) return "351 response too long";
    for (var i = 0; i < nodes.length; i++) {
      if (r.delim2) {
        var pair = nodes[i].split(r.delim2);
        if (pair.length !== 2 || !r.format.test(pair[0]) || !r.format2.test(pair[1])) return "406 node " + nodes[i];
      } else if (!r.format.test(nodes[i])) {
        return "406 node " + nodes[i];
      } else if (r.unique && nodes[i] !== "" && nodes.slice(0, i).indexOf(nodes[i]) >= 0) {
        return "406 repeated node";
      }
    }
    return "";
  }

  /** One SCO attempt: cmi holds the flat data model; onEvent(kind, detail) feeds the panel.
   *  options.standards: Moodle's "SCORM standards mode" (default on, the strict limits). */
  function Runtime(standard, cmi, onEvent, options) {
    var is12 = standard === "scorm12";
    var codes = codesFor(standard);
    var model = is12 ? model12(!options || options.standards !== false) : MODEL13;
    var state = "new";
    var lastError = "0";
    var lastDetail = "";
    var inter = [];  /* per interaction: { type, patterns: [] } */
    this.cmi = cmi;

    Object.keys(cmi).forEach(function (k) {  /* interactions kept from an earlier session */
      var m = /^cmi\.interactions\.(\d+)\.(type|id|correct_responses\.(\d+)\.pattern)$/.exec(k);
      if (!m) return;
      var it = inter[+m[1]] = inter[+m[1]] || { type: undefined, patterns: [] };
      if (m[2] === "type") it.type = cmi[k];
      if (m[3] !== undefined) it.patterns[+m[3]] = cmi[k];
    });

    function fail(code, call, detail) {
      lastError = code;
      lastDetail = detail || "";
      onEvent("error", call + " → " + code + " " + (MESSAGES[code] || "") + (detail ? " (" + detail + ")" : ""));
      return "false";
    }

    function init() {
      if (state !== "new") return fail(is12 ? "101" : "103", "Initialize");
      state = "running";
      lastError = "0";
      onEvent("call", "Initialize");
      return "true";
    }

    /** What Moodle sends to datamodel.php: every value through encodeURIComponent. */
    function storable() {
      for (var k in cmi) {
        try { encodeURIComponent(String(cmi[k])); } catch (e) { return k; }
      }
      return "";
    }

    function commit() {
      if (state !== "running") return fail(is12 ? "301" : "142", "Commit");
      var bad = storable();
      if (bad) return fail("101", "Commit", bad + " cannot be URI-encoded");
      lastError = "0";
      onEvent("commit", cmi);
      return "true";
    }

    function finish() {
      if (state !== "running") return fail(is12 ? "301" : "112", "Terminate");
      if (is12) {
        if (!cmi["cmi.core.lesson_status"] || cmi["cmi.core.lesson_status"] === "not attempted") {
          cmi["cmi.core.lesson_status"] = "completed";
        }
        var mastery = cmi["cmi.student_data.mastery_score"];
        var raw = cmi["cmi.core.score.raw"];
        if (cmi["cmi.core.lesson_mode"] === "normal" && cmi["cmi.core.credit"] === "credit" &&
            mastery !== undefined && mastery !== "" && raw !== undefined && raw !== "") {
          cmi["cmi.core.lesson_status"] = parseFloat(raw) >= parseFloat(mastery) ? "passed" : "failed";
        }
      }
      if (!is12 && cmi["cmi.mode"] === "normal" && cmi["cmi.credit"] === "credit") {
        /* scorm_13.js StoreData(): completion from progress_measure against the manifest's
           completion threshold. Moodle seeds "" when the manifest has none, and JS reads
           "" as 0 here, so any progress then counts as completed. */
        var threshold = Number(cmi["cmi.completion_threshold"] || 0);
        var progress = Number(cmi["cmi.progress_measure"] || 0);
        cmi["cmi.completion_status"] = progress >= threshold ? "completed" : "incomplete";
      }
      var bad = storable();
      if (bad) return fail("101", "Terminate", bad + " cannot be URI-encoded");
      state = "ended";
      lastError = "0";
      onEvent("finish", cmi);
      return "true";
    }

    function generic(el) { return el.replace(/[._](\d+)./g, ".n."); }

    function get(el) {
      if (state !== "running") return fail(is12 ? "301" : "122", "GetValue(" + el + ")"), "";
      lastError = "0";
      if (el === "cmi.interactions._count") return String(inter.length);
      var m = /^cmi\.interactions\.(\d+)\.correct_responses\._count$/.exec(el);
      if (m) return String(inter[+m[1]] ? inter[+m[1]].patterns.length : 0);
      var def = model[generic(el)];
      if (!def) return fail(codes.unknown, "GetValue(" + el + ")"), "";
      if (def[0] === "w") return fail(codes.writeOnly, "GetValue(" + el + ")"), "";
      return cmi[el] === undefined ? "" : String(cmi[el]);
    }

    /** Index rules: 1.2 creates an interaction on any element at index _count; 2004 only on id,
     *  and needs the type before correct_responses and learner_response. "" = fine. */
    function indexRules(el, value) {
      var m = /^cmi\.interactions\.(\d+)\.(.*)$/.exec(el);
      if (!m) return "";
      var n = +m[1];
      var sub = m[2];
      if (!is12 && /^0\d/.test(m[1])) return "351 leading zero";
      if (n > inter.length) return codes.index + " interaction set out of order";
      var it = inter[n];
      var cr = /^correct_responses\.(\d+)\.pattern$/.exec(sub);
      if (is12) {
        if (!it) it = inter[n] = { type: undefined, patterns: [] };
        if (cr && +cr[1] > it.patterns.length) return "201 pattern set out of order";
        if (sub === "type") it.type = value;
        if (cr) it.patterns[+cr[1]] = value;
        return "";
      }
      if (!it) {
        if (sub !== "id") return "408 set the interaction's id first";
        inter[n] = { type: undefined, patterns: [] };
        return "";
      }
      if (sub === "type") { it.type = value; it.patterns = []; return ""; }
      if (sub === "learner_response") {
        return it.type === undefined ? "408 set the type first" : checkResponse(it.type, value);
      }
      if (cr) {
        var k = +cr[1];
        if (it.type === undefined) return "408 set the type first";
        if (k > it.patterns.length) return "351 pattern set out of order";
        var others = it.patterns.filter(function (p, i) { return i !== k; });
        var error = k === it.patterns.length || it.type === "choice"
          ? checkPattern(it.type, value, k === it.patterns.length ? it.patterns : others) : "";
        if (!error) it.patterns[k] = value;
        return error;
      }
      return "";
    }

    function set(el, value) {
      value = String(value);
      var call = "SetValue(" + el + ", " + JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value) + ")";
      if (state === "ended" && !is12) return fail(codes.afterEnd, call);
      if (state !== "running") return fail(codes.notInit, call);
      var def = model[generic(el)];
      if (!def) return fail(codes.unknown, call);
      if (def[0] === "r") return fail(codes.readOnly, call);
      var match = value.match(def[1]);
      if (!match || (!is12 && match.join("").length === 0 && value.length > 0)) {
        return fail(codes.format, call, value.length + " chars");
      }
      var rule = indexRules(el, value);
      if (rule) return fail(rule.slice(0, 3), call, rule.slice(4));
      if (def[2]) {
        var v = Number(value);
        if (!(v >= def[2][0] && v <= def[2][1])) return fail(codes.range, call);
        value = String(v);  /* Moodle keeps value*1.0: "85.50" is stored as 85.5 */
      }
      cmi[el] = value;
      lastError = "0";
      onEvent("set", { element: el, value: value });
      return "true";
    }

    function diagnostic(c) { return lastDetail || MESSAGES[c || lastError] || ""; }
    var api = is12
      ? { LMSInitialize: init, LMSFinish: finish, LMSGetValue: get, LMSSetValue: set, LMSCommit: commit,
        LMSGetLastError: function () { return lastError; },
        LMSGetErrorString: function (c) { return MESSAGES[c] || ""; }, LMSGetDiagnostic: diagnostic }
      : { Initialize: init, Terminate: finish, GetValue: get, SetValue: set, Commit: commit,
        GetLastError: function () { return lastError; },
        GetErrorString: function (c) { return MESSAGES[c] || ""; }, GetDiagnostic: diagnostic };
    this.api = api;
    this.isRunning = function () { return state === "running"; };
    this.end = function () { if (state === "running") finish(); };
  }

  root.PreviewRuntime = Runtime;
  root.PreviewRuntime.secondsOf = secondsOf;
}(window));
