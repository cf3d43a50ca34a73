// Progressive enhancement for the chronology. Everything works without this
// file; it adds what htmx alone cannot: the feed pattern's aria-busy and
// Page Up / Page Down, a short live announcement of the result count, and
// keeping the filter controls in step with links that change the filters.
(function () {
  "use strict";

  var announceTimer = null;

  function feed() {
    return document.getElementById("event-feed");
  }

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region) return;
    region.textContent = text;
    clearTimeout(announceTimer);
    // Cleared after a moment so a screen reader's virtual cursor does not meet a stale count.
    announceTimer = setTimeout(function () { region.textContent = ""; }, 5000);
  }

  // Make the form's controls show the filters of `query` (after a chip, bar or tag link).
  function syncForm(query) {
    var form = document.querySelector("form.filters");
    if (!form) return;
    var params = new URLSearchParams(query);
    Array.prototype.forEach.call(form.elements, function (control) {
      if (!control.name) return;
      if (control.type === "checkbox") {
        control.checked = params.getAll(control.name).indexOf(control.value) !== -1;
      } else if (control.tagName === "SELECT") {
        control.value = params.get(control.name) || control.options[0].value;
      } else if (control.type !== "submit" && document.activeElement !== control) {
        control.value = params.get(control.name) || "";
      }
    });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    var list = feed();
    if (list && target && (target.id === "results" || target.id === "event-feed")) {
      list.setAttribute("aria-busy", "true");
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var list = feed();
    if (list) list.setAttribute("aria-busy", "false");
    var target = event.detail.target;
    if (!target || target.id !== "results") return;
    var pushed = event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Push-Url");
    if (pushed !== null && pushed !== undefined) {
      syncForm(pushed.indexOf("?") === -1 ? "" : pushed.slice(pushed.indexOf("?") + 1));
    }
    var count = document.querySelector("[data-result-count]");
    if (count) announce(count.textContent.trim());
    // A removed chip took the focus with it: put it somewhere that makes sense.
    if (!document.activeElement || document.activeElement === document.body) {
      if (count) {
        count.setAttribute("tabindex", "-1");
        count.focus();
      }
    }
  });

  // Copy buttons beside the embed snippets.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    field.select();
    var done = function () { button.textContent = "Copied"; announce("Copied to the clipboard"); };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });

  // WAI-ARIA feed pattern: Page Down / Page Up move between articles.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "PageDown" && event.key !== "PageUp") return;
    var list = feed();
    var current = event.target.closest && event.target.closest("#event-feed > article");
    if (!list || !current) return;
    var articles = Array.prototype.slice.call(list.querySelectorAll(":scope > article"));
    var index = articles.indexOf(current) + (event.key === "PageDown" ? 1 : -1);
    if (index >= 0 && index < articles.length) {
      event.preventDefault();
      articles[index].focus();
    }
  });
})();
