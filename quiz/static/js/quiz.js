// Comfort only: every page works without this script.
// - Number keys 1-9 pick a choice; Enter on a choice submits the answer.
// - After answering, focus moves to the feedback (a live region) so it is read out;
//   after a rejected answer, focus moves to the error list.
// - A timed exam counts down the time left (the server keeps the deadline; the page states it as text);
//   the last minute and the end are announced once each through a polite live region.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function typing(target) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName;
    if (tag === "SELECT" || tag === "TEXTAREA" || target.isContentEditable) { return true; }
    return tag === "INPUT" && target.type !== "radio" && target.type !== "checkbox";
  }

  function submit(form) {
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
  }

  function countdown() {
    var timer = document.getElementById("countdown");
    var announcer = document.getElementById("time-announcer");
    if (!timer || !announcer) { return; }
    // Counted from the seconds the server gave, so a wrong clock on this device does not matter.
    var end = Date.now() + 1000 * Number(timer.getAttribute("data-seconds-left"));
    var warned = false;
    var interval = null;
    function tick() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      timer.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) {
        announcer.textContent = "Time is up. Answers are no longer accepted.";
        if (interval !== null) { clearInterval(interval); }
      } else if (left <= 60 && !warned) {
        warned = true;
        announcer.textContent = left > 55 ? "One minute left." : "Less than a minute left.";
      }
      return left;
    }
    if (tick() > 0) { interval = setInterval(tick, 1000); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    countdown();
    var target = document.getElementById("feedback") || document.getElementById("answer-errors");
    if (target) { target.focus(); }

    var form = document.querySelector("form.answer-form");
    if (!form) { return; }
    form.addEventListener("keydown", function (event) {
      var input = event.target;
      if (event.key === "Enter" && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey &&
          input && input.tagName === "INPUT" && (input.type === "radio" || input.type === "checkbox")) {
        event.preventDefault();
        submit(form);
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
      if (!/^[1-9]$/.test(event.key)) { return; }
      var choice = form.querySelector('input[data-key="' + event.key + '"]');
      if (!choice) { return; }
      event.preventDefault();
      if (choice.type === "checkbox") { choice.checked = !choice.checked; } else { choice.checked = true; }
      choice.focus();
      choice.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
})();
