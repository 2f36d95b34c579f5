/* lms-bridge preview: the emulated LMS page — SCO list, the SCO in an iframe, the live CMI. */
(function () {
  "use strict";

  var config = null;
  var runtime = null;
  var current = null;
  var changed = {};
  var pending = false;
  var STORE = "lms-bridge-preview:";

  function $(id) { return document.getElementById(id); }

  function load(sco) {
    try { return JSON.parse(window.sessionStorage.getItem(STORE + sco.id) || "null"); } catch (e) { return null; }
  }

  function store(sco, cmi) {
    try { window.sessionStorage.setItem(STORE + sco.id, JSON.stringify(cmi)); } catch (e) { /* full */ }
  }

  /** The data an LMS hands a SCO at launch: saved progress, entry=resume after a suspend. */
  function seed(sco) {
    var is12 = config.standard === "scorm12";
    var saved = load(sco) || {};
    var cmi = {};
    Object.keys(saved).forEach(function (k) { cmi[k] = saved[k]; });
    var exitKey = is12 ? "cmi.core.exit" : "cmi.exit";
    var entry = saved[exitKey] === "suspend" ? "resume" : (Object.keys(saved).length ? "" : "ab-initio");
    delete cmi[exitKey];
    delete cmi[is12 ? "cmi.core.session_time" : "cmi.session_time"];
    if (is12) {
      cmi["cmi.core.student_id"] = "preview"; cmi["cmi.core.student_name"] = "Learner, Preview";
      cmi["cmi.core.credit"] = "credit"; cmi["cmi.core.lesson_mode"] = "normal";
      cmi["cmi.core.entry"] = entry;
      cmi["cmi.core.lesson_status"] = cmi["cmi.core.lesson_status"] || "not attempted";
      cmi["cmi.core.total_time"] = cmi["cmi.core.total_time"] || "0000:00:00.00";
      if (sco.mastery_score !== null && sco.mastery_score !== undefined) cmi["cmi.student_data.mastery_score"] = String(sco.mastery_score);
    } else {
      cmi["cmi.learner_id"] = "preview"; cmi["cmi.learner_name"] = "Learner, Preview";
      cmi["cmi.credit"] = "credit"; cmi["cmi.mode"] = "normal"; cmi["cmi.entry"] = entry;
      cmi["cmi.completion_status"] = cmi["cmi.completion_status"] || "unknown";
      cmi["cmi.success_status"] = cmi["cmi.success_status"] || "unknown";
      cmi["cmi.total_time"] = cmi["cmi.total_time"] || "PT0S";
      /* as Moodle does: the manifest's adlcp:completionThreshold, "" when it has none */
      cmi["cmi.completion_threshold"] = sco.completion_threshold || "";
    }
    return cmi;
  }

  function log(text, isError) {
    var li = document.createElement("li");
    li.textContent = text;
    if (isError) li.className = "error";
    $("pv-log").insertBefore(li, $("pv-log").firstChild);
  }

  function render() {
    pending = false;
    var body = $("pv-cmi").querySelector("tbody");
    body.innerHTML = "";
    if (!runtime) return;
    Object.keys(runtime.cmi).sort().forEach(function (k) {
      var tr = document.createElement("tr");
      if (changed[k]) tr.className = "changed";
      var th = document.createElement("td");
      th.textContent = k;
      var td = document.createElement("td");
      td.textContent = runtime.cmi[k];
      tr.appendChild(th); tr.appendChild(td);
      body.appendChild(tr);
    });
    $("pv-state").textContent = runtime.isRunning() ? "(session open)" : "(session ended)";
    renderList();
  }

  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(render); }
  }

  function addTime(total, session) {
    var s = window.PreviewRuntime.secondsOf(total) + window.PreviewRuntime.secondsOf(session);
    if (config.standard === "scorm2004") return "PT" + Math.round(s * 100) / 100 + "S";
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    function p(n, w) { n = String(n); while (n.length < w) n = "0" + n; return n; }
    return p(h, 4) + ":" + p(m, 2) + ":" + p(Math.floor(sec), 2) + "." + p(Math.round((sec % 1) * 100) % 100, 2);
  }

  function onEvent(sco) {
    return function (kind, detail) {
      if (kind === "set") { changed[detail.element] = true; log("SetValue " + detail.element + " = " + JSON.stringify(detail.value)); }
      else if (kind === "error") log(detail, true);
      else if (kind === "commit") { log("Commit"); store(sco, detail); }
      else if (kind === "finish") {
        var is12 = config.standard === "scorm12";
        var t = is12 ? "cmi.core.total_time" : "cmi.total_time";
        detail[t] = addTime(detail[t], detail[is12 ? "cmi.core.session_time" : "cmi.session_time"] || "");
        store(sco, detail);
        log("Terminate");
      } else log(String(detail));
      schedule();
    };
  }

  function statusOf(sco) {
    var cmi = load(sco);
    if (!cmi) return "not attempted";
    if (config.standard === "scorm12") return cmi["cmi.core.lesson_status"] || "";
    return (cmi["cmi.completion_status"] || "") + " / " + (cmi["cmi.success_status"] || "");
  }

  function renderList() {
    var list = $("pv-sco-list");
    list.innerHTML = "";
    config.scos.forEach(function (sco) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = sco.title;
      b.setAttribute("data-sco", sco.id);
      if (current && current.id === sco.id) b.setAttribute("aria-current", "true");
      b.addEventListener("click", function () { launch(sco); });
      var st = document.createElement("span");
      st.className = "pv-status";
      st.textContent = statusOf(sco);
      li.appendChild(b); li.appendChild(st);
      list.appendChild(li);
    });
  }

  function launch(sco) {
    var frame = $("pv-sco");
    frame.src = "about:blank";  // the running SCO unloads and terminates first
    window.setTimeout(function () {
      if (runtime) runtime.end();
      current = sco;
      changed = {};
      runtime = new window.PreviewRuntime(config.standard, seed(sco), onEvent(sco));
      delete window.API; delete window.API_1484_11;
      if (config.standard === "scorm12") window.API = runtime.api; else window.API_1484_11 = runtime.api;
      window.previewRuntime = runtime;
      log("Launch " + sco.href);
      frame.src = "/package/" + sco.href;
      render();
    }, 50);
  }

  function start() {
    fetch("/_preview/config.json").then(function (r) { return r.json(); }).then(function (c) {
      config = c;
      document.title = c.title + " — lms-bridge preview";
      $("pv-title").textContent = c.title;
      $("pv-standard").textContent = c.standard === "scorm12" ? "SCORM 1.2" : "SCORM 2004 4th Edition";
      $("pv-reset").addEventListener("click", function () {
        config.scos.forEach(function (s) { window.sessionStorage.removeItem(STORE + s.id); });
        if (current) launch(current);
      });
      renderList();
      if (c.scos.length) launch(c.scos[0]);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
}());
