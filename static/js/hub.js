// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Add the visitor's own time next to a session time when their zone differs.
  function showLocalTimes() {
    var format = new Intl.DateTimeFormat(undefined, {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
    document.querySelectorAll("time[data-local-time]").forEach(function (element) {
      var when = new Date(element.getAttribute("datetime"));
      if (isNaN(when)) { return; }
      var offsetHere = -when.getTimezoneOffset();
      var shown = element.getAttribute("datetime").match(/([+-])(\d\d):(\d\d)$/);
      if (!shown) { return; }
      var offsetThere = (shown[1] === "-" ? -1 : 1) * (parseInt(shown[2], 10) * 60 + parseInt(shown[3], 10));
      if (offsetHere === offsetThere) { return; }
      var local = document.createElement("span");
      local.className = "local-time";
      local.textContent = " (your time: " + format.format(when) + ")";
      element.after(local);
    });
  }

  // GOV.UK's error summary: take focus when the page loads, so that the
  // errors are read out first; each link then moves focus to its field, with
  // the field's label (or its group of choices) in view.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    // After "load": the browser's jump to the form's #fragment would take it away.
    window.addEventListener("load", function () { summary.focus(); });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var label = field.closest("fieldset") ||
        document.querySelector("label[for='" + field.id + "']") || field;
      label.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  document.addEventListener("DOMContentLoaded", showLocalTimes);
  document.addEventListener("DOMContentLoaded", focusErrorSummary);
})();
