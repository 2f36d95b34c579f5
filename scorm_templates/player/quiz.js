/* lms-bridge player: questions — rendering, grading and the SCORM interaction record.
 *
 * Answers are kept language-free (option ids, pair ids, typed text), so switching language or
 * resuming in another language keeps them. Matching uses one <select> per item, never drag and
 * drop, so it works with a keyboard and a screen reader.
 */
(function (LB) {
  "use strict";

  var TYPES = { single: "choice", multiple: "choice", true_false: "true-false",
    matching: "matching", fill_in: "fill-in", numeric: "numeric" };

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "html") el.innerHTML = v;
      else if (k === "text") el.textContent = v;
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    });
    (children || []).forEach(function (c) { if (c) el.appendChild(c); });
    return el;
  }

  /** Plain text of an HTML fragment, parsed in an inert <template>: nothing in it loads or runs. */
  function textOf(html) {
    var t = document.createElement("template");
    t.innerHTML = html || "";
    return (t.content.textContent || "").replace(/\s+/g, " ").trim();
  }

  /** A small deterministic shuffle, so an order survives reloads and resumes. */
  function seededShuffle(list, seedText) {
    var seed = LB.state.hash(seedText);
    var out = list.slice();
    for (var j = out.length - 1; j > 0; j--) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      var k = seed % (j + 1);
      var tmp = out[j]; out[j] = out[k]; out[k] = tmp;
    }
    return out;
  }

  function letter(i) { return String.fromCharCode(97 + (i % 26)) + (i >= 26 ? String(i) : ""); }

  function normalise(text, caseSensitive) {
    var t = String(text || "").replace(/\s+/g, " ").trim();
    return caseSensitive ? t : t.toLocaleLowerCase();
  }

  function parseNumber(text) {
    var t = String(text || "").replace(/[\s\u00a0]/g, "").replace(",", ".");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
    return parseFloat(t);
  }

  function isAnswered(q, a) {
    if (a === undefined || a === null) return false;
    if (q.type === "multiple") return a.length > 0;
    if (q.type === "matching") return Object.keys(a).length > 0;
    if (q.type === "fill_in" || q.type === "numeric") return String(a).trim() !== "";
    return true;
  }

  /** fraction of the question's weight earned (0..1) and whether it is fully right. */
  function grade(q, a) {
    if (!isAnswered(q, a)) return { fraction: 0, correct: false, answered: false };
    var fraction = 0;
    switch (q.type) {
      case "single":
        q.answers.forEach(function (x) { if (x.id === a && x.correct) fraction = 1; });
        break;
      case "multiple":
        var right = q.answers.filter(function (x) { return x.correct; });
        var share = right.length ? 1 / right.length : 0;
        var exact = true;
        q.answers.forEach(function (x) {
          var chosen = a.indexOf(x.id) >= 0;
          if (chosen !== !!x.correct) exact = false;
          if (chosen && x.correct) fraction += x.weight !== null && x.weight !== undefined ? x.weight : share;
          if (chosen && !x.correct) fraction -= share;
        });
        fraction = exact ? 1 : Math.max(0, Math.min(fraction, 0.999));
        break;
      case "true_false":
        fraction = a === q.correct ? 1 : 0;
        break;
      case "matching":
        var good = 0;
        q.pairs.forEach(function (p) { if (a[p.id] === p.id) good += 1; });
        fraction = q.pairs.length ? good / q.pairs.length : 0;
        break;
      case "fill_in":
        var given = normalise(a, q.case_sensitive);
        q.accept.forEach(function (ok) { if (normalise(ok, q.case_sensitive) === given) fraction = 1; });
        break;
      case "numeric":
        var v = parseNumber(a);
        fraction = v !== null && Math.abs(v - q.value) <= (q.tolerance || 0) + 1e-9 ? 1 : 0;
        break;
    }
    return { fraction: fraction, correct: fraction >= 1, answered: true };
  }

  /** A number without binary noise (0.1 + 0.2 is written 0.3). */
  function num(x) {
    return String(Number(Number(x).toPrecision(12)));
  }

  function clean2004(text) {
    return String(text).replace(/[[\]{}]/g, " ").slice(0, 250);
  }

  /** The interaction record for one answer, in the given runtime's syntax. */
  function interaction(quiz, q, a, result, rt, latencyMs) {
    var is12 = rt.standard === "scorm12";
    var d = rt.d;
    var correct = [];
    var response = null;
    var answered = isAnswered(q, a);
    var pairIndex = {};
    q.pairs.forEach(function (p, i) { pairIndex[p.id] = i; });
    switch (q.type) {
      case "single":
      case "multiple":
        correct = [q.answers.filter(function (x) { return x.correct; })
          .map(function (x) { return x.id; }).join(d.sep)];
        if (answered) response = (q.type === "single" ? [a] : a).join(d.sep);
        break;
      case "true_false":
        correct = [is12 ? (q.correct ? "t" : "f") : String(!!q.correct)];
        if (answered) response = is12 ? (a ? "t" : "f") : String(!!a);
        break;
      case "matching":
        correct = [q.pairs.map(function (p, i) { return p.id + d.pairSep + letter(i); }).join(d.sep)];
        if (answered) {
          response = q.pairs.filter(function (p) { return a[p.id] !== undefined; }).map(function (p) {
            return p.id + d.pairSep + letter(pairIndex[a[p.id]]);
          }).join(d.sep);
        }
        break;
      case "fill_in":
        // 1.2 lengths: fitInteraction (scorm.js) applies Moodle's 255-character limit
        correct = q.accept.map(function (ok) {
          return is12 ? String(ok) : (q.case_sensitive ? "{case_matters=true}" : "") + clean2004(ok);
        });
        if (answered) response = is12 ? String(a) : clean2004(a);
        break;
      case "numeric":
        var tol = q.tolerance || 0;
        correct = [is12 ? num(q.value) : num(q.value - tol) + "[:]" + num(q.value + tol)];
        var v = parseNumber(a);
        if (v !== null) response = String(v);
        break;
    }
    // printable ASCII (Moodle's 1.2 CMIIdentifier), ending in a letter or digit (some Moodle
    // versions' 2004 CMILongIdentifier)
    var id = (quiz.id + "." + q.id).replace(/[^\x21-\x7E]/g, "_");
    if (!/[A-Za-z0-9]$/.test(id)) id += "0";
    return {
      id: id,
      // Moodle's 1.2 CMIDecimal allows two decimals
      type: TYPES[q.type], weight: Math.round(q.weight * 100) / 100,
      correct: correct, response: response, isCorrect: result.correct,
      latencyMs: latencyMs, when: new Date(), description: textOf(q.prompt_html)
    };
  }

  /** Build the fieldset of one question; onChange(answer) is called on every edit. */
  function render(quiz, q, index, total, answer, opts) {
    var base = "lb-" + quiz.id + "-" + q.id;
    var hintId = base + "-hint";
    var fbId = base + "-fb";
    var disabled = opts.locked;
    var controls = [];
    var hint = "";

    function choice(type, value, html, checked, idSuffix) {
      var id = base + "-" + idSuffix;
      return h("div", { "class": "lb-option" }, [
        h("input", { type: type, id: id, name: base, value: value, checked: checked,
          disabled: disabled, onchange: function () { opts.onChange(read()); } }),
        h("label", { "for": id, html: html })
      ]);
    }

    function read() {
      var inputs = fs.querySelectorAll("input, select");
      var out;
      if (q.type === "single") {
        Array.prototype.forEach.call(inputs, function (i) { if (i.checked) out = i.value; });
      } else if (q.type === "multiple") {
        out = [];
        Array.prototype.forEach.call(inputs, function (i) { if (i.checked) out.push(i.value); });
      } else if (q.type === "true_false") {
        Array.prototype.forEach.call(inputs, function (i) { if (i.checked) out = i.value === "true"; });
      } else if (q.type === "matching") {
        out = {};
        Array.prototype.forEach.call(inputs, function (s) {
          if (s.value) out[s.getAttribute("data-left")] = s.value;
        });
      } else {
        out = inputs[0].value;
      }
      return out;
    }

    var order = quiz.shuffle ? seededShuffle(q.answers, quiz.id + q.id + (opts.attempt || 0))
      : q.answers;
    if (q.type === "single" || q.type === "multiple") {
      hint = LB.t(q.type === "single" ? "chooseOne" : "chooseMany");
      order.forEach(function (x) {
        var checked = q.type === "single" ? answer === x.id : (answer || []).indexOf(x.id) >= 0;
        controls.push(choice(q.type === "single" ? "radio" : "checkbox", x.id, x.html, checked,
          x.id));
      });
    } else if (q.type === "true_false") {
      hint = LB.t("chooseOne");
      controls.push(choice("radio", "true", LB.t("trueLabel"), answer === true, "true"));
      controls.push(choice("radio", "false", LB.t("falseLabel"), answer === false, "false"));
    } else if (q.type === "matching") {
      hint = LB.t("matchHelp");
      var rights = seededShuffle(q.pairs, quiz.id + q.id);
      q.pairs.forEach(function (p) {
        var id = base + "-m" + p.id;
        var select = h("select", { id: id, "data-left": p.id, disabled: disabled,
          onchange: function () { opts.onChange(read()); } },
        [h("option", { value: "", text: LB.t("choosePlaceholder") })].concat(rights.map(function (r) {
          return h("option", { value: r.id, text: r.right, selected: answer && answer[p.id] === r.id });
        })));
        controls.push(h("div", { "class": "lb-match" }, [
          h("label", { "for": id, text: p.left }), select]));
      });
    } else {
      var numeric = q.type === "numeric";
      hint = numeric ? LB.t("numberHelp") : "";
      var inputId = base + "-input";
      controls.push(h("div", { "class": "lb-text" }, [
        h("label", { "for": inputId, text: LB.t("yourAnswer") }),
        h("input", { type: "text", id: inputId, value: answer || "", disabled: disabled,
          autocomplete: "off", spellcheck: "false", inputmode: numeric ? "decimal" : null,
          maxlength: String(numeric ? LB.state.NUMERIC_MAX : LB.state.FILL_IN_MAX),
          "aria-describedby": hint ? hintId : null,
          oninput: function () { opts.onChange(read()); } })
      ]));
    }

    var fs = h("fieldset", { "class": "lb-question", id: base, "aria-describedby": fbId }, [
      h("legend", {}, [
        h("span", { "class": "lb-qnum", text: LB.t("question", { n: index + 1, total: total }) }),
        h("span", { "class": "lb-prompt", html: q.prompt_html })
      ]),
      hint ? h("p", { "class": "lb-hint", id: hintId, text: hint }) : null
    ].concat(controls).concat([h("div", { "class": "lb-feedback", id: fbId })]));
    return fs;
  }

  /** Show the verdict and the author's feedback under a submitted question. */
  function showFeedback(fs, q, a, result) {
    var box = fs.querySelector(".lb-feedback");
    var label = !result.answered ? LB.t("unanswered")
      : result.correct ? LB.t("correct")
        : result.fraction > 0 ? LB.t("partlyCorrect") : LB.t("incorrect");
    var parts = [h("p", { "class": "lb-verdict", text: label })];
    if (q.type === "single" || q.type === "multiple") {
      q.answers.forEach(function (x) {
        var chosen = q.type === "single" ? a === x.id : (a || []).indexOf(x.id) >= 0;
        if (chosen && x.feedback_html) parts.push(h("div", { "class": "lb-answer-fb", html: x.feedback_html }));
      });
    }
    var general = result.correct ? q.feedback_correct_html : q.feedback_incorrect_html;
    if (general) parts.push(h("div", { "class": "lb-answer-fb", html: general }));
    box.innerHTML = "";
    parts.forEach(function (p) { box.appendChild(p); });
    fs.className = "lb-question " + (result.correct ? "is-correct" : "is-incorrect");
    return label;
  }

  LB.quiz = { render: render, grade: grade, interaction: interaction, showFeedback: showFeedback,
    isAnswered: isAnswered, h: h };
}(window.LB = window.LB || {}));
