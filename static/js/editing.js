// "Being edited by": while a change form is open, tell the hub every so
// often, and show who else has it open. A hint, not a lock; without this
// script the hint still shows as of when the page opened.
(function () {
  "use strict";
  var hint = document.querySelector("[data-editing-url]");
  if (!hint || !window.fetch) { return; }
  var form = hint.closest("form");
  var url = hint.getAttribute("data-editing-url");
  var every = parseInt(hint.getAttribute("data-heartbeat-ms"), 10) || 30000;

  function body(extra) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    if (extra) { data.append(extra, "1"); }
    return data;
  }

  function show(others) {
    hint.textContent = others.length
      ? "Being edited by " + others.join(" and ") + " right now. This is a hint, not a lock: " +
        "if they save first, your save stops and shows you their changes, so nothing is lost."
      : "";
  }

  function beat() {
    fetch(url, { method: "POST", body: body(), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer) { show(answer.others); } })
      .catch(function () { /* The next beat tries again. */ });
  }

  var timer = window.setInterval(beat, every);
  window.addEventListener("pagehide", function () {
    window.clearInterval(timer);
    if (navigator.sendBeacon) { navigator.sendBeacon(url, body("leaving")); }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { beat(); timer = window.setInterval(beat, every); }
  });
})();
