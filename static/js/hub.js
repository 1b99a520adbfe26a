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

  document.addEventListener("DOMContentLoaded", showLocalTimes);
})();
