// "Insert an image" beside a Markdown field: put the picked image's Markdown
// where the cursor is. Without this script the buttons stay hidden and the
// Markdown is there to copy.
(function () {
  "use strict";
  document.querySelectorAll("[data-insert-markdown]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-target"));
      if (!field) { return; }
      var text = button.getAttribute("data-insert-markdown");
      var start = field.selectionStart, end = field.selectionEnd;
      var before = field.value.slice(0, start), after = field.value.slice(end);
      // An image on a line of its own reads best in the Markdown and on the page.
      var lead = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
      var inserted = lead + text + "\n\n";
      field.value = before + inserted + after;
      field.focus();
      field.selectionStart = field.selectionEnd = before.length + inserted.length;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });
})();
