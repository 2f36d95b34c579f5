/* lms-bridge player: pages, navigation, quizzes, results and the learner's state.
 *
 * Reads the course from <script id="lb-data"> (see docs/player-data.md), talks to the LMS only
 * through LB.Runtime, and keeps everything it must remember in LB.state (suspend_data) plus the
 * bookmark (lesson_location / location).
 */
(function (LB) {
  "use strict";

  var h = LB.quiz.h;
  var RESULTS = "results";
  var LANG_KEY_PREFIX = "lms-bridge:lang:";
  var ANSWER_COMMIT_MS = 2000;

  function Player(data, root) {
    this.data = data;
    this.root = root;
    this.rt = new LB.Runtime(data.standard);
    this.langs = data.languages && data.languages.length ? data.languages : [data.default_lang];
    var structure = data.content[data.default_lang] || data.content[this.langs[0]];
    this.pageCount = structure.pages.length;
    this.quizzes = structure.pages.filter(function (p) { return p.quiz; })
      .map(function (p) { return p.quiz; });
    this.graded = this.quizzes.filter(function (q) { return q.graded; });
    this.state = { lang: "", visited: [], quizzes: {} };
    this.current = 0;
    this.quizStart = {};
    this.changedAt = {};
    this.commitDelay = ANSWER_COMMIT_MS;
    this.commitTimer = null;
  }

  Player.prototype.start = function () {
    var self = this;
    var connected = this.rt.connect();
    var bookmark = "";
    if (connected) {
      var saved = LB.state.decode(this.rt.get(this.rt.d.el.suspend), this.pageCount, this.quizzes);
      if (saved) this.state = saved;
      bookmark = this.rt.get(this.rt.d.el.location);
    }
    this.state.lang = this.pickLanguage(this.state.lang);
    LB.i18n.lang = this.state.lang;
    var pages = this.pages();
    this.current = 0;
    if (bookmark === RESULTS) this.current = pages.length;
    pages.forEach(function (p, i) { if (p.id === bookmark) self.current = i; });
    this.connected = connected;
    this.renderShell();
    this.go(this.current, false);
    var leave = function () { self.finish(); };
    window.addEventListener("pagehide", leave);
    window.addEventListener("beforeunload", leave);
    document.addEventListener("visibilitychange", function () {
      // phones may discard a hidden tab without pagehide: keep what the learner did so far
      if (document.visibilityState === "hidden") self.save(true);
    });
  };

  /** Saved choice, then this browser's last choice, then the LMS preference, then the default. */
  Player.prototype.pickLanguage = function (saved) {
    var langs = this.langs;
    var stored = "";
    try { stored = window.localStorage.getItem(LANG_KEY_PREFIX + this.data.course_id) || ""; } catch (e) { /* storage blocked */ }
    var pref = this.rt.get(this.rt.d.el.language).slice(0, 2).toLowerCase();
    var candidates = [saved, stored, pref, this.data.default_lang];
    for (var i = 0; i < candidates.length; i++) {
      if (candidates[i] && langs.indexOf(candidates[i]) >= 0) return candidates[i];
    }
    return langs[0];
  };

  Player.prototype.content = function () {
    return this.data.content[this.state.lang] || this.data.content[this.data.default_lang];
  };

  Player.prototype.pages = function () { return this.content().pages; };

  Player.prototype.quizState = function (quiz) {
    var qs = this.state.quizzes[quiz.id];
    if (!qs) {
      qs = { attempts: 0, submitted: false, score: null, answers: {} };
      this.state.quizzes[quiz.id] = qs;
    }
    return qs;
  };

  /** A submitted quiz's own verdict against its pass mark; a practice quiz never fails. */
  Player.prototype.quizPassed = function (quiz) {
    return !quiz.graded || this.quizState(quiz).score >= quiz.pass_score;
  };

  Player.prototype.attemptsLeft = function (quiz) {
    var max = this.data.settings.max_attempts || 0;
    if (!quiz.graded || !max) return Infinity;
    return Math.max(0, max - this.quizState(quiz).attempts);
  };

  /** The SCO's mastery score: the number its manifest carries (adlcp:masteryscore,
   *  minNormalizedMeasure), so the LMS's own pass/fail rule and the player's agree. */
  Player.prototype.scoMastery = function () {
    return this.data.sco_mastery_score;
  };

  /** Completion, verdict and score from settings.completion (see docs/player.md, "Status rules").
   *
   * A graded SCO gets a verdict, and reports its score, only once every graded quiz has been
   * submitted and the completion rule asks nothing more of the pages (all_pages and
   * all_pages_and_quiz: every page viewed). The verdict is the reported score against the SCO's
   * mastery score, the very comparison Moodle's 1.2 mastery override and a 2004 LMS
   * (scaled_passing_score) make, so whatever the LMS recomputes, it stores what is shown here. */
  Player.prototype.standing = function () {
    var self = this;
    var visited = 0;
    for (var i = 0; i < this.pageCount; i++) if (this.state.visited[i]) visited += 1;
    var allPages = visited === this.pageCount;
    var rule = this.data.settings.completion;
    var out = { visited: visited, progress: this.pageCount ? visited / this.pageCount : 1 };
    if (this.graded.length) {
      out.mastery = this.scoMastery();
      var submitted = this.graded.every(function (q) { return typeof self.quizState(q).score === "number"; });
      if (submitted && (rule === "quiz_passed" || allPages)) {
        var points = 0;
        var weights = 0;
        this.graded.forEach(function (q) {
          var w = q.questions.reduce(function (s, x) { return s + x.weight; }, 0);
          points += self.quizState(q).score * w;
          weights += w;
        });
        out.score = weights ? Math.round((points / weights) * 100) / 100 : 0;
        out.success = out.score >= out.mastery ? "passed" : "failed";
      }
    }
    var quizOk = !this.graded.length || out.success === "passed";
    out.completed = rule === "all_pages" ? allPages
      : rule === "quiz_passed" ? (this.graded.length ? quizOk : allPages)
        : allPages && quizOk;
    // 2004: progress 1 exactly when complete. An LMS compares it with the completion threshold
    // (1, from the manifest) on Terminate, so any other value would change the stored status.
    out.progress = out.completed ? 1 : Math.min(out.progress, 0.99);
    return out;
  };

  /** Write status, score, state and bookmark to the LMS; commit when asked. */
  Player.prototype.save = function (commit) {
    if (!this.connected) return;
    var st = this.standing();
    this.rt.setStatus(st);
    var packed = LB.state.encodeWithin(this.state, this.pageCount, this.quizzes, this.rt.d.suspendLimit);
    this.rt.set(this.rt.d.el.suspend, packed.data);
    var pages = this.pages();
    var mark = this.current >= pages.length ? RESULTS : pages[this.current].id;
    this.rt.set(this.rt.d.el.location, mark.slice(0, this.rt.d.locationLimit));
    if (commit) {
      window.clearTimeout(this.commitTimer);
      this.commitTimer = null;
      this.rt.commit();
    }
  };

  /** An answer changed: the state at once, and a commit once the learner pauses. A commit sent
   *  only as the SCO unloads (the tab closed, another SCO opened from the LMS's own contents)
   *  may never arrive, so answers typed on a quiz page do not wait for the next page change. */
  Player.prototype.answerChanged = function () {
    this.save(false);
    if (!this.connected) return;
    var self = this;
    window.clearTimeout(this.commitTimer);
    this.commitTimer = window.setTimeout(function () { self.save(true); }, this.commitDelay);
  };

  Player.prototype.finish = function () {
    if (!this.connected || this.rt.finished) return;
    window.clearTimeout(this.commitTimer);
    this.save(false);
    var st = this.standing();
    this.rt.terminate(st.completed && st.success !== "failed");
  };

  Player.prototype.renderShell = function () {
    var self = this;
    var c = this.content();
    this.root.innerHTML = "";
    document.documentElement.lang = this.state.lang;
    var picker = null;
    if (this.langs.length > 1) {
      var select = h("select", { id: "lb-lang", onchange: function (e) { self.setLanguage(e.target.value); } },
        this.langs.map(function (l) {
          return h("option", { value: l, lang: l, text: LB.i18n.names[l] || l, selected: l === self.state.lang });
        }));
      picker = h("div", { "class": "lb-lang" }, [h("label", { "for": "lb-lang", text: LB.t("language") }), select]);
    }
    this.progress = h("progress", { id: "lb-progress", max: String(this.pageCount), value: "0" });
    this.progressText = h("span", { id: "lb-progress-text" });
    this.toc = h("ol", { "class": "lb-toc-list" });
    this.main = h("main", { id: "lb-main", tabindex: "-1" });
    var details = h("details", { "class": "lb-toc-box" }, [
      h("summary", { text: LB.t("contents") }), this.toc]);
    if (!this.narrow()) details.open = true;
    this.tocBox = details;
    this.live = h("div", { id: "lb-live", "class": "lb-sr", "aria-live": "polite", role: "status" });
    [
      h("a", { "class": "lb-skip", href: "#lb-main", text: LB.t("skip") }),
      h("header", { "class": "lb-header" }, [
        h("div", { "class": "lb-titles" }, [
          h("p", { "class": "lb-course", text: c.course_title }),
          c.sco_title && c.sco_title !== c.course_title ? h("p", { "class": "lb-sco", text: c.sco_title }) : null,
          c.institution ? h("p", { "class": "lb-inst", text: c.institution }) : null
        ]), picker]),
      this.connected ? null : h("p", { "class": "lb-notice", role: "note", id: "lb-nolms", text: LB.t("noLms") }),
      h("div", { "class": "lb-progress" }, [
        h("label", { "for": "lb-progress", "class": "lb-sr", text: LB.t("progressLabel") }),
        this.progress, this.progressText]),
      h("div", { "class": "lb-layout" }, [
        h("nav", { "class": "lb-toc", "aria-label": LB.t("contents") }, [details]), this.main]),
      this.live
    ].forEach(function (el) { if (el) self.root.appendChild(el); });
  };

  /** Phone layout: the contents are collapsed so the page text comes first. */
  Player.prototype.narrow = function () {
    return !!window.matchMedia && !window.matchMedia("(min-width: 50em)").matches;
  };

  Player.prototype.setLanguage = function (lang) {
    if (this.langs.indexOf(lang) < 0) return;
    this.state.lang = lang;
    LB.i18n.lang = lang;
    try { window.localStorage.setItem(LANG_KEY_PREFIX + this.data.course_id, lang); } catch (e) { /* storage blocked */ }
    if (this.connected) this.rt.set(this.rt.d.el.language, lang);
    this.renderShell();
    this.go(this.current, false);
    var select = document.getElementById("lb-lang");
    if (select) select.focus();
    this.save(true);
  };

  Player.prototype.renderToc = function () {
    var self = this;
    var pages = this.pages();
    this.toc.innerHTML = "";
    var entries = pages.map(function (p, i) { return { title: p.title, index: i, id: p.id }; });
    entries.push({ title: LB.t("results"), index: pages.length, id: RESULTS });
    entries.forEach(function (e) {
      var seen = e.index < pages.length && self.state.visited[e.index];
      var link = h("a", { href: "#" + e.id, "aria-current": e.index === self.current ? "page" : null,
        onclick: function (ev) {
          ev.preventDefault();
          if (self.narrow()) self.tocBox.open = false;
          self.go(e.index, true);
        } }, [
        h("span", { "class": "lb-toc-mark", "aria-hidden": "true", text: seen ? "✓" : "" }),
        h("span", { text: e.title }),
        seen ? h("span", { "class": "lb-sr", text: " (" + LB.t("visited") + ")" }) : null
      ]);
      self.toc.appendChild(h("li", { "class": seen ? "is-visited" : "" }, [link]));
    });
    var st = this.standing();
    this.progress.value = st.visited;
    this.progressText.textContent = LB.t("pagesViewed", { n: st.visited, total: this.pageCount });
  };

  /** Show page i (pages.length = the results page), record the visit and commit. */
  Player.prototype.go = function (i, focus) {
    var pages = this.pages();
    this.current = Math.max(0, Math.min(i, pages.length));
    if (this.current < pages.length) this.state.visited[this.current] = true;
    this.main.innerHTML = "";
    if (this.current < pages.length) this.renderPage(pages[this.current]);
    else this.renderResults();
    this.main.appendChild(this.pager());
    this.renderToc();
    this.save(true);
    if (focus) this.main.querySelector("h1").focus();
    if (focus && window.scrollTo) window.scrollTo(0, 0);
  };

  Player.prototype.pager = function () {
    var self = this;
    var last = this.pages().length;
    var label = this.current < last ? LB.t("pageOf", { n: this.current + 1, total: last }) : LB.t("results");
    return h("nav", { "class": "lb-pager", "aria-label": LB.t("pageNav") }, [
      h("button", { type: "button", id: "lb-prev", disabled: this.current === 0,
        onclick: function () { self.go(self.current - 1, true); } }, [h("span", { text: "← " + LB.t("previous") })]),
      h("span", { "class": "lb-pageof", text: label }),
      h("button", { type: "button", id: "lb-next", disabled: this.current >= last,
        onclick: function () { self.go(self.current + 1, true); } }, [h("span", { text: LB.t("next") + " →" })])
    ]);
  };

  Player.prototype.renderPage = function (page) {
    this.main.appendChild(h("h1", { tabindex: "-1", text: page.title }));
    this.main.appendChild(h("div", { "class": "lb-content", html: page.html }));
    if (page.quiz) this.main.appendChild(LB.renderQuiz(this, page.quiz));
  };

  Player.prototype.renderResults = function () {
    this.main.appendChild(h("h1", { tabindex: "-1", text: LB.t("results") }));
    this.main.appendChild(LB.renderResults(this));
  };

  Player.prototype.announce = function (text) {
    this.live.textContent = "";
    var live = this.live;
    window.setTimeout(function () { live.textContent = text; }, 50);
  };

  LB.Player = Player;

  LB.boot = function () {
    var el = document.getElementById("lb-data");
    var root = document.getElementById("lb-app");
    if (!el || !root) return;
    var player = new Player(JSON.parse(el.textContent), root);
    LB.player = player;
    player.start();
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", LB.boot);
  else LB.boot();
}(window.LB = window.LB || {}));
