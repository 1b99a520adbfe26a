// Progressive enhancement for the library's filters: apply a choice as soon as
// it is picked. Without this file the "Apply filters" button does the same.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.filters");
    if (!form) { return; }
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.requestSubmit(); });
    });
  });
})();
