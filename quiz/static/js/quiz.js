// Comfort only: every page works without this script.
// Number keys pick a choice; after answering, focus moves to the feedback so it is read out.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var feedback = document.getElementById("feedback");
    if (feedback) { feedback.focus(); }
    var form = document.querySelector("form.answer-form");
    if (!form) { return; }
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (target && (target.tagName === "INPUT" && target.type === "text" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) { return; }
      if (!/^[1-9]$/.test(event.key)) { return; }
      var input = form.querySelector('input[data-key="' + event.key + '"]');
      if (!input) { return; }
      event.preventDefault();
      if (input.type === "checkbox") { input.checked = !input.checked; } else { input.checked = true; }
      input.focus();
    });
  });
})();
