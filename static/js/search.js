// Suggestions from the site search under a text box, as an ARIA 1.2 combobox:
// the header search box, and the contact form's subject. The box names the
// search API (data-suggest-url) and the search page (data-results-url);
// data-suggest-new-tab opens what is chosen in a new tab, so that a form
// being filled in keeps what was typed.
// Progressive enhancement only: without this file the forms work as they are.
(function () {
  "use strict";

  var DELAY = 200;
  var LIMIT = 6;
  var MIN_LENGTH = 2;
  var KINDS = { faq: "FAQ", asset: "Library", session: "Phish & Chips" };

  function setUp(input) {
    var url = input.getAttribute("data-suggest-url");
    var resultsUrl = input.getAttribute("data-results-url");
    var newTab = input.hasAttribute("data-suggest-new-tab");
    if (!window.fetch) { return; }

    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    input.after(list);

    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    list.after(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var timer = null;
    var controller = null;
    var active = -1;

    function options() { return list.querySelectorAll("[role=option]"); }

    function go(address) {
      if (newTab) {
        close();
        window.open(address, "_blank", "noopener");
      } else {
        window.location.href = address;
      }
    }

    function option(id, address) {
      var item = document.createElement("li");
      item.id = id;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.dataset.url = address;
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();  // keep focus in the input until we navigate
        go(address);
      });
      return item;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, position) {
        item.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function show(data) {
      list.replaceChildren();
      data.results.forEach(function (result, index) {
        var item = option(list.id + "-" + index, result.url);
        var title = document.createElement("span");
        title.className = "suggestions__title";
        title.textContent = result.title;
        var kind = document.createElement("span");
        kind.className = "suggestions__kind";
        kind.textContent = (KINDS[result.kind] || result.kind) + (result.area ? " · " + result.area : "");
        item.append(title, kind);
        list.appendChild(item);
      });
      var all = option(list.id + "-all", resultsUrl + "?" + new URLSearchParams({ q: data.query }));
      all.className = "suggestions__all";
      all.dataset.submit = "true";
      all.textContent = (data.total === 1 ? "See the 1 result" : "See all " + data.total + " results") +
        " for “" + data.query + "”";
      all.addEventListener("mousedown", function (event) {
        event.preventDefault();
        form.submit();
      });
      list.appendChild(all);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      var count = data.results.length;
      status.textContent = count
        ? count + (count === 1 ? " suggestion" : " suggestions") + ". Use the arrow keys to choose"
          + (newTab ? "; they open in a new tab." : ".")
        : "No suggestions.";
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) { close(); return; }
      if (controller) { controller.abort(); }
      controller = new AbortController();
      fetch(url + "?" + new URLSearchParams({ q: query, limit: LIMIT }), {
        headers: { Accept: "application/json" },
        signal: controller.signal
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && input.value.trim() === query) { show(data); }
        })
        .catch(function () { /* offline or aborted: the form still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        if (list.hidden) { fetchSuggestions(); return; }
        event.preventDefault();
        highlight(active + 1);
      } else if (event.key === "ArrowUp" && !list.hidden) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        go(options()[active].dataset.url);
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-suggest-url][data-results-url]").forEach(setUp);
  });
})();
