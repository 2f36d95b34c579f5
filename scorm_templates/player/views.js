/* lms-bridge player: the quiz form (submit, feedback, retry) and the results page. */
(function (LB) {
  "use strict";

  var h = LB.quiz.h;

  function scoreText(score) {
    return String(Math.round(score * 100) / 100);
  }

  /** Grade the quiz, report every answer as an interaction, update status and commit. */
  function submit(player, quiz) {
    var qs = player.quizState(quiz);
    var points = 0;
    var weights = 0;
    var started = player.quizStart[quiz.id] || Date.now();
    quiz.questions.forEach(function (q) {
      var a = qs.answers[q.id];
      var result = LB.quiz.grade(q, a);
      var w = q.weight;
      points += result.fraction * w;
      weights += w;
      var changed = player.changedAt[quiz.id + "." + q.id] || Date.now();
      player.rt.addInteraction(LB.quiz.interaction(quiz, q, a, result, player.rt,
        Math.max(0, changed - started)));
    });
    qs.attempts += 1;
    qs.submitted = true;
    qs.score = weights ? Math.round((points / weights) * 10000) / 100 : 0;
    player.save(true);
  }

  function retry(player, quiz) {
    var qs = player.quizState(quiz);
    qs.submitted = false;
    qs.answers = {};
    player.quizStart[quiz.id] = Date.now();
  }

  function summaryText(player, quiz) {
    var qs = player.quizState(quiz);
    if (!quiz.graded) return LB.t("practiceScore", { score: scoreText(qs.score) });
    var verdict = player.quizPassed(quiz) ? LB.t("passed") : LB.t("failed");
    return verdict + ". " + LB.t("quizScore", { score: scoreText(qs.score), pass: quiz.pass_score });
  }

  function attemptsText(player, quiz) {
    var max = player.data.settings.max_attempts || 0;
    var n = player.quizState(quiz).attempts;
    return max ? LB.t("attempts", { n: n, max: max }) : LB.t("attemptsUnlimited", { n: n });
  }

  function canRetry(player, quiz) {
    var qs = player.quizState(quiz);
    if (!qs.submitted) return false;
    if (quiz.graded && player.quizPassed(quiz)) return false;
    return player.attemptsLeft(quiz) > 0;
  }

  LB.renderQuiz = function (player, quiz) {
    var qs = player.quizState(quiz);
    var locked = qs.submitted;
    if (!locked && !player.quizStart[quiz.id]) player.quizStart[quiz.id] = Date.now();
    var fieldsets = [];
    var form = h("form", { "class": "lb-quiz", novalidate: true, "aria-label": LB.t("quiz") });
    quiz.questions.forEach(function (q, i) {
      var fs = LB.quiz.render(quiz, q, i, quiz.questions.length, qs.answers[q.id], {
        locked: locked, attempt: qs.attempts,
        onChange: function (a) {
          qs.answers[q.id] = a;
          player.changedAt[quiz.id + "." + q.id] = Date.now();
          player.answerChanged();
        }
      });
      fieldsets.push(fs);
      form.appendChild(fs);
    });
    var summary = h("div", { "class": "lb-summary", tabindex: "-1", id: "lb-summary-" + quiz.id });
    var actions = h("div", { "class": "lb-actions" });
    form.appendChild(summary);
    form.appendChild(actions);

    function showResult() {
      var verdicts = [];
      quiz.questions.forEach(function (q, i) {
        var a = qs.answers[q.id];
        verdicts.push(LB.t("question", { n: i + 1, total: quiz.questions.length }) + ": " +
          LB.quiz.showFeedback(fieldsets[i], q, a, LB.quiz.grade(q, a)));
      });
      var passed = player.quizPassed(quiz);
      summary.className = "lb-summary " + (passed ? "is-passed" : "is-failed");
      summary.innerHTML = "";
      summary.appendChild(h("p", { "class": "lb-score", text: summaryText(player, quiz) }));
      if (quiz.graded) summary.appendChild(h("p", { text: attemptsText(player, quiz) }));
      if (quiz.graded && !passed && player.attemptsLeft(quiz) === 0) {
        summary.appendChild(h("p", { text: LB.t("noAttemptsLeft") }));
      }
      actions.innerHTML = "";
      if (canRetry(player, quiz)) {
        actions.appendChild(h("button", { type: "button", "class": "lb-secondary", id: "lb-retry",
          text: LB.t("retry"), onclick: function () {
            retry(player, quiz);
            player.go(player.current, false);
            var first = player.main.querySelector(".lb-quiz input, .lb-quiz select");
            if (first) first.focus();
          } }));
      }
      return verdicts;
    }

    if (locked) {
      showResult();
    } else {
      var warned = false;
      actions.appendChild(h("button", { type: "submit", "class": "lb-primary", id: "lb-submit",
        text: LB.t("submit") }));
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var missing = quiz.questions.filter(function (q) {
          return !LB.quiz.isAnswered(q, qs.answers[q.id]);
        }).length;
        if (missing && !warned) {
          warned = true;
          summary.className = "lb-summary is-warning";
          summary.textContent = LB.t("unansweredWarning", { n: missing });
          form.querySelector("#lb-submit").textContent = LB.t("submitAnyway");
          player.announce(summary.textContent);
          return;
        }
        submit(player, quiz);
        Array.prototype.forEach.call(form.querySelectorAll("input, select"), function (el) {
          el.disabled = true;
        });
        var verdicts = showResult();
        player.renderToc();
        summary.focus();
        player.announce(summaryText(player, quiz) + " " + verdicts.join(". "));
      });
    }
    return form;
  };

  LB.renderResults = function (player) {
    var st = player.standing();
    var pages = player.pages();
    var box = h("div", { "class": "lb-results" });
    box.appendChild(h("p", { text: LB.t("resultsIntro") }));
    var rows = [[LB.t("progressLabel"), LB.t("pagesViewed", { n: st.visited, total: player.pageCount })]];
    var status = st.success === "passed" ? LB.t("passed") : st.success === "failed" ? LB.t("failed")
      : st.completed ? LB.t("completed") : LB.t("inProgress");
    rows.push([LB.t("status"), status]);
    if (typeof st.score === "number") rows.push([LB.t("overall"), scoreText(st.score) + "%"]);
    // the module's verdict is its overall score against this mark, not each quiz's own mark
    if (typeof st.mastery === "number") rows.push([LB.t("passMark"), scoreText(st.mastery) + "%"]);
    box.appendChild(h("dl", { "class": "lb-facts" }, rows.reduce(function (acc, r) {
      return acc.concat([h("dt", { text: r[0] }), h("dd", { text: r[1] })]);
    }, [])));
    var unseen = pages.map(function (p, i) { return i; })
      .filter(function (i) { return !player.state.visited[i]; });
    if (unseen.length) {
      box.appendChild(h("p", { text: LB.t("notViewed") }));
      box.appendChild(h("ul", { "class": "lb-unseen" }, unseen.map(function (i) {
        return h("li", {}, [h("a", { href: "#" + pages[i].id, text: pages[i].title,
          onclick: function (ev) { ev.preventDefault(); player.go(i, true); } })]);
      })));
    }
    player.quizzes.forEach(function (quiz) {
      var pageIndex = -1;
      pages.forEach(function (p, i) { if (p.quiz && p.quiz.id === quiz.id) pageIndex = i; });
      var page = pages[pageIndex];
      var qs = player.quizState(quiz);
      var section = h("section", { "class": "lb-quiz-result" }, [h("h2", { text: page.title })]);
      var done = typeof qs.score === "number";
      section.appendChild(h("p", { "class": "lb-score", text: done ? summaryText(player, quiz) : LB.t("notTaken") }));
      if (quiz.graded && done) section.appendChild(h("p", { text: attemptsText(player, quiz) }));
      if (!done || canRetry(player, quiz)) {
        section.appendChild(h("button", { type: "button", "class": "lb-secondary",
          text: done ? LB.t("retry") : LB.t("goToQuiz"), onclick: function () {
            if (done) retry(player, quiz);
            player.go(pageIndex, true);
          } }));
      } else if (!player.quizPassed(quiz)) {
        section.appendChild(h("p", { text: LB.t("noAttemptsLeft") }));
      }
      box.appendChild(section);
    });
    if (st.completed && player.connected) box.appendChild(h("p", { "class": "lb-done", text: LB.t("finishedHint") }));
    return box;
  };
}(window.LB = window.LB || {}));
