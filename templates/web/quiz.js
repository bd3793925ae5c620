/* The practice quiz: vanilla JavaScript, no network. Each question type registers how it is
   checked (web/questions/<type>.html, macro script); this core scores, shows feedback and
   resets. The answers are in the page: this is practice, not an exam. */
var LP = (function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lp-answers").textContent);
  var words = data._labels, types = {};

  function norm(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/\s+/g, " ")
      .replace(/^[\s.,;:!?"'()\u201c\u201d\u2018\u2019]+|[\s.,;:!?"'()\u201c\u201d\u2018\u2019]+$/g, "");
  }

  function check(form) {
    var total = 0, got = 0;
    form.querySelectorAll("fieldset.q").forEach(function (box) {
      var answer = data[box.dataset.q], type = types[box.dataset.type];
      var result = type.check(box, answer);
      var feedback = box.querySelector(".feedback"), verdict = feedback.querySelector(".verdict");
      box.classList.remove("right", "wrong", "empty");
      if (result.state === "self" || result.state === "wait") {
        verdict.textContent = result.state === "self" ? words.essay_self : words.write_first;
      } else {
        total += answer.points;
        if (result.state === "right") { got += answer.points; }
        box.classList.add(result.state);
        verdict.textContent = (result.state === "right" ? "\u2713 " + words.result_right :
          "\u2717 " + (result.state === "empty" ? words.result_unanswered : words.result_wrong)) +
          (result.state !== "right" && result.shown ? " \u2014 " + words.right_answer + ": " + result.shown : "");
      }
      feedback.hidden = false;
      if (result.state === "wait") { box.classList.add("empty"); }
    });
    var score = form.querySelector(".score");
    score.textContent = words.your_score + ": " + got + " / " + total;
    form.querySelector(".again").hidden = false;
  }

  function again(form) {
    form.reset();
    form.querySelectorAll("fieldset.q").forEach(function (box) {
      box.classList.remove("right", "wrong", "empty");
      box.querySelector(".feedback").hidden = true;
      var type = types[box.dataset.type];
      if (type.reset) { type.reset(box); }
    });
    form.querySelector(".score").textContent = "";
    form.querySelector(".again").hidden = true;
    var forms = Array.prototype.slice.call(document.querySelectorAll("form.version"));
    var next = forms[(forms.indexOf(form) + 1) % forms.length];
    if (next !== form) { form.hidden = true; next.hidden = false; }
    var first = next.querySelector("input, select, textarea, button");
    if (first) { first.focus(); }
  }

  return {
    norm: norm,
    words: words,
    register: function (name, impl) { types[name] = impl; },
    start: function () {
      document.querySelectorAll("form.version").forEach(function (form) {
        form.querySelectorAll("fieldset.q").forEach(function (box) {
          var type = types[box.dataset.type];
          if (type.setup) { type.setup(box); }
        });
        form.querySelector(".check").addEventListener("click", function () { check(form); });
        form.querySelector(".again").addEventListener("click", function () { again(form); });
        form.addEventListener("submit", function (event) { event.preventDefault(); check(form); });
      });
    }
  };
}());
