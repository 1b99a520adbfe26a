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
    // The header tells the hub this is no activity: it keeps the form's
    // presence, not the session, alive.
    fetch(url, {
      method: "POST", body: body(), credentials: "same-origin",
      headers: { "X-Editing-Heartbeat": "1" },
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      // `others` is null when the hub could not tell: keep the hint as it is.
      .then(function (answer) { if (answer && answer.others) { show(answer.others); } })
      .catch(function () { /* The next beat tries again. */ });
  }

  var timer = window.setInterval(beat, every);
  // A form being sent is not left: the hub notes the save (or shows the form again).
  var sending = false;
  form.addEventListener("submit", function (event) {
    // Preview sends the form to a new tab: this page stays.
    if (!(event.submitter && event.submitter.formTarget === "_blank")) { sending = true; }
  });
  window.addEventListener("pagehide", function () {
    window.clearInterval(timer);
    if (!sending && navigator.sendBeacon) { navigator.sendBeacon(url, body("leaving")); }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { sending = false; beat(); timer = window.setInterval(beat, every); }
  });
})();
