/* Shared by the test LMS pages (lms.html: scorm-again; moodle.html: Moodle's rules): the
   window.lms.* record the tests read back, the SetValue recorder and the iframe's launch/close. */
window.lms = { sets: [], commits: [], finished: false, final: null, errors: [] };

/* Record every SetValue/LMSSetValue on api as [element, value, result, error code]. */
window.recordSets = function (api, is12) {
  var set = is12 ? "LMSSetValue" : "SetValue";
  var error = is12 ? "LMSGetLastError" : "GetLastError";
  var original = api[set];
  api[set] = function (element, value) {
    var result = original.call(api, element, value);
    window.lms.sets.push([element, String(value), String(result), String(api[error]())]);
    return result;
  };
};

window.launchSco = function (api, is12, launch) {
  if (is12) window.API = api; else window.API_1484_11 = api;
  document.getElementById("sco").src = launch;
};
window.closeSco = function () { document.getElementById("sco").src = "about:blank"; };
