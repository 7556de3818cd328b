// The review form's weighted total as scores are typed: the sum of weight × score / max over the criteria scored so
// far, the rule of Scoring.RunningTotal on the server (ADR 0034), rounded to 2 decimals as ExpertStatus.Total shows
// the server's total. A score that is not a number or lies outside 0..max counts for nothing here; saving says why
// beside its field. Without JavaScript the total is the saved one, shown after each save.
(function () {
  function update(form) {
    var total = 0;
    form.querySelectorAll("input[data-weight]").forEach(function (input) {
      var text = input.value.trim();
      if (text === "") return;
      var score = Number(text), weight = Number(input.dataset.weight), max = Number(input.dataset.max);
      if (!isFinite(score) || score < 0 || score > max || !(max > 0)) return;
      total += weight * score / max;
    });
    var output = form.querySelector("#total");
    // The small nudge rounds a half up as decimal arithmetic does where binary floating point lands just below it.
    if (output) output.textContent = String(Math.round(total * 100 + 1e-6) / 100);
  }

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form.review-form");
    if (form) update(form);
  });
})();
