/* Endeavour: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Move focus to the first element marked data-autofocus (for example the error summary).
  var target = document.querySelector("[data-autofocus]");
  if (target) {
    target.focus();
  }

  // <form data-confirm="Are you sure?">: ask before submitting. Listen in the capture phase
  // so a cancelled submit never reaches htmx or other handlers on the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
}());

// Reviewer wellbeing: hide revealed evidence again when the reviewer leaves it or the tab.
(function () {
  function hideAll() {
    document.querySelectorAll("details[data-evidence][open]").forEach(function (d) { d.open = false; });
  }
  document.addEventListener("visibilitychange", function () { if (document.hidden) { hideAll(); } });
  window.addEventListener("blur", hideAll);
  document.querySelectorAll("details[data-evidence]").forEach(function (d) {
    d.addEventListener("mouseleave", function () { d.open = false; });
  });
})();
