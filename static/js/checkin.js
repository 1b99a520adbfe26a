// Progressive enhancement for the check-in list: keep the counts fresh while
// other staff check people in at the same door. Without this file the counts
// are those of the last load, and every check-in reloads the page anyway.
(function () {
  "use strict";

  var EVERY_MS = 15000;

  document.addEventListener("DOMContentLoaded", function () {
    var counts = document.querySelector("[data-counts-url]");
    if (!counts || !window.fetch) { return; }
    function refresh() {
      if (document.hidden) { return; }
      fetch(counts.dataset.countsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (values) {
          if (!values) { return; }
          counts.querySelectorAll("[data-count]").forEach(function (element) {
            var value = values[element.dataset.count];
            if (value !== undefined && element.textContent !== String(value)) {
              element.textContent = value;
            }
          });
        })
        .catch(function () { /* Offline for a moment: the next round tries again. */ });
    }
    window.setInterval(refresh, EVERY_MS);
  });
})();
