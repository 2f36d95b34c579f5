/* lms-bridge player: the learner's state, packed into suspend_data.
 *
 * SCORM 1.2 allows 4,096 characters of suspend_data, so the state is positional rather than
 * JSON: pages and questions are referred to by their index in the SCO, answers by the index of
 * the chosen option. Format version 1:
 *
 *   1|<layout>|<lang>|<visited pages, base64url bit set>|<quiz 0>|<quiz 1>|...
 *   layout = a short hash of the SCO's shape (pages, quizzes, questions, options), so state
 *            saved by an older version of the package is not misread: only the language is kept
 *   quiz  = <attempts>;<submitted 0/1>;<score or empty>;<answer 0>,<answer 1>,...
 *   answer: single = base36 option index, multiple = base36 bit mask, true_false = t/f,
 *           matching = one base36 option index per left item ("_" = none; two characters
 *           each when there are more than 36 pairs),
 *           fill_in / numeric = the text with % | ; , percent-escaped; empty = unanswered.
 *
 * If the packed state would not fit, details are dropped in order (answers of submitted quizzes,
 * then all answers, then quiz results) so that the bookmark, kept apart in lesson_location,
 * always survives.
 */
(function (LB) {
  "use strict";

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var FILL_IN_MAX = 60;
  var NUMERIC_MAX = 20;
  var MAX_ATTEMPTS_STORED = 999;

  function escapeText(s) {
    return String(s).replace(/[%|;,]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function unescapeText(s) {
    return s.replace(/%(25|7C|3B|2C)/g, function (m, hex) {
      return String.fromCharCode(parseInt(hex, 16));
    });
  }

  function packBits(bits) {
    var out = "";
    for (var i = 0; i < bits.length; i += 6) {
      var v = 0;
      for (var j = 0; j < 6; j++) if (bits[i + j]) v |= 1 << j;
      out += B64.charAt(v);
    }
    return out;
  }

  function unpackBits(s, n) {
    var bits = [];
    for (var i = 0; i < n; i++) {
      var c = B64.indexOf(s.charAt(Math.floor(i / 6)));
      bits.push(c >= 0 && (c & (1 << (i % 6))) !== 0);
    }
    return bits;
  }

  /** FNV-1a (32-bit): the layout hash here, the shuffle seed in quiz.js. */
  function fnv1a(text) {
    var hash = 2166136261;
    for (var i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    return hash;
  }

  /** A hash of the SCO's shape, base 36: changes when positions in the state would. */
  function layoutOf(pageCount, quizzes) {
    var text = String(pageCount);
    quizzes.forEach(function (quiz) {
      text += "|" + quiz.id;
      quiz.questions.forEach(function (q) {
        text += ";" + q.id + ":" + q.type + ":" + q.answers.length + ":" + q.pairs.length;
      });
    });
    return fnv1a(text).toString(36);
  }

  function indexOfId(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return i;
    return -1;
  }

  function packAnswer(q, a) {
    if (a === undefined || a === null || a === "") return "";
    var i;
    switch (q.type) {
      case "single":
        i = indexOfId(q.answers, a);
        return i < 0 ? "" : i.toString(36);
      case "multiple":
        var mask = 0;
        (a || []).forEach(function (id) {
          var k = indexOfId(q.answers, id);
          if (k >= 0) mask += Math.pow(2, k);
        });
        return mask ? mask.toString(36) : "";
      case "true_false":
        return a === true ? "t" : a === false ? "f" : "";
      case "matching":
        var any = false;
        var width = q.pairs.length > 36 ? 2 : 1;
        var s = q.pairs.map(function (p) {
          var k = indexOfId(q.pairs, a[p.id]);
          if (k >= 0) any = true;
          return k < 0 ? (width === 2 ? "__" : "_") : ("0" + k.toString(36)).slice(-width);
        }).join("");
        return any ? s : "";
      default:
        return escapeText(String(a).slice(0, q.type === "numeric" ? NUMERIC_MAX : FILL_IN_MAX));
    }
  }

  function unpackAnswer(q, s) {
    if (!s) return undefined;
    var i;
    switch (q.type) {
      case "single":
        i = parseInt(s, 36);
        return q.answers[i] ? q.answers[i].id : undefined;
      case "multiple":
        var mask = parseInt(s, 36);
        return q.answers.filter(function (ans, k) {
          return Math.floor(mask / Math.pow(2, k)) % 2 === 1;
        }).map(function (ans) { return ans.id; });
      case "true_false":
        return s === "t" ? true : s === "f" ? false : undefined;
      case "matching":
        var map = {};
        var w = q.pairs.length > 36 ? 2 : 1;
        q.pairs.forEach(function (p, k) {
          var c = s.substr(k * w, w);
          var idx = c && c.charAt(0) !== "_" ? parseInt(c, 36) : -1;
          if (q.pairs[idx]) map[p.id] = q.pairs[idx].id;
        });
        return map;
      default:
        return unescapeText(s);
    }
  }

  /** quizzes: the SCO's quizzes in page order (from any language: ids and shapes are shared). */
  function encode(state, pageCount, quizzes, level) {
    level = level || 0;
    var parts = ["1", layoutOf(pageCount, quizzes), state.lang || "", level >= 4 ? "" : packBits(
      Array.apply(null, Array(pageCount)).map(function (x, i) { return !!state.visited[i]; }))];
    if (level < 3) {
      quizzes.forEach(function (quiz) {
        var qs = state.quizzes[quiz.id] || {};
        var keepAnswers = level === 0 || (level === 1 && !qs.submitted);
        var answers = keepAnswers ? quiz.questions.map(function (q) {
          return packAnswer(q, (qs.answers || {})[q.id]);
        }).join(",").replace(/,+$/, "") : "";
        var score = typeof qs.score === "number" ? String(qs.score) : "";
        var attempts = Math.min(qs.attempts || 0, MAX_ATTEMPTS_STORED);
        parts.push([attempts || "", qs.submitted ? "1" : "", score, answers].join(";")
          .replace(/;+$/, ""));
      });
    }
    return parts.join("|").replace(/\|+$/, "");
  }

  /** The largest encoding that fits limit; "" when even the smallest does not. */
  function encodeWithin(state, pageCount, quizzes, limit) {
    for (var level = 0; level <= 4; level++) {
      var s = encode(state, pageCount, quizzes, level);
      if (s.length <= limit) return { data: s, level: level };
    }
    return { data: "", level: 5 };
  }

  function decode(s, pageCount, quizzes) {
    var state = { lang: "", visited: [], quizzes: {} };
    if (!s || s.charAt(0) !== "1" || s.charAt(1) !== "|") return null;
    var parts = s.split("|");
    state.lang = parts[2] || "";
    if (parts[1] !== layoutOf(pageCount, quizzes)) return state;
    state.visited = unpackBits(parts[3] || "", pageCount);
    quizzes.forEach(function (quiz, k) {
      var raw = parts[4 + k];
      if (raw === undefined) return;
      var f = raw.split(";");
      var answers = {};
      var list = (f[3] || "").split(",");
      quiz.questions.forEach(function (q, i) {
        var a = unpackAnswer(q, list[i] || "");
        if (a !== undefined) answers[q.id] = a;
      });
      state.quizzes[quiz.id] = {
        attempts: parseInt(f[0], 10) || 0,
        submitted: f[1] === "1",
        score: f[2] ? parseFloat(f[2]) : null,
        answers: answers
      };
    });
    return state;
  }

  /** The longest state a learner can produce: every page visited, every answer at its widest. */
  function worstCase(pageCount, quizzes, maxAttempts) {
    var state = { lang: "xxx", visited: [], quizzes: {} };
    for (var i = 0; i < pageCount; i++) state.visited.push(true);
    quizzes.forEach(function (quiz) {
      var answers = {};
      quiz.questions.forEach(function (q) {
        var a;
        switch (q.type) {
          case "single": a = q.answers[q.answers.length - 1].id; break;
          case "multiple": a = q.answers.map(function (x) { return x.id; }); break;
          case "true_false": a = true; break;
          case "matching":
            a = {};
            q.pairs.forEach(function (p) { a[p.id] = p.id; });
            break;
          case "numeric": a = new Array(NUMERIC_MAX + 1).join(","); break;
          default: a = new Array(FILL_IN_MAX + 1).join(",");
        }
        answers[q.id] = a;
      });
      state.quizzes[quiz.id] = {
        attempts: maxAttempts > 0 ? maxAttempts : MAX_ATTEMPTS_STORED,
        submitted: true, score: 66.67, answers: answers
      };
    });
    return encode(state, pageCount, quizzes, 0);
  }

  LB.state = {
    encode: encode, encodeWithin: encodeWithin, decode: decode, worstCase: worstCase, hash: fnv1a,
    FILL_IN_MAX: FILL_IN_MAX, NUMERIC_MAX: NUMERIC_MAX
  };
}(window.LB = window.LB || {}));
