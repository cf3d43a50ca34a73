// Inside the embed frame: tell the host page how tall we are (so its iframe
// has no scrollbar), and scroll the host to an event on request. Messages to
// the host carry only heights and offsets; messages from it are accepted only
// from the parent window and, when EMBED_ALLOWED_ORIGINS is set, its origins.
(function () {
  "use strict";
  if (window.parent === window) return;
  var body = document.body;
  var allowed = (body.getAttribute("data-allowed-origins") || "*").split(/\s+/);

  function post(message) {
    message.source = "timeline-embed";
    window.parent.postMessage(message, "*");
  }

  function reportHeight() {
    post({ type: "height", height: Math.ceil(document.documentElement.scrollHeight) });
  }

  function highlight(slug) {
    var article = document.getElementById("event-" + slug);
    if (!article) return false;
    var previous = document.querySelector(".event--highlight");
    if (previous) previous.classList.remove("event--highlight");
    article.classList.add("event--highlight");
    post({ type: "scroll", top: Math.max(0, article.getBoundingClientRect().top + window.scrollY - 16) });
    article.focus({ preventScroll: true });
    return true;
  }

  if (window.ResizeObserver) {
    new ResizeObserver(reportHeight).observe(document.documentElement);
  }
  window.addEventListener("load", function () {
    reportHeight();
    var start = body.getAttribute("data-embed-start");
    if (start) highlight(start);
  });
  document.addEventListener("htmx:afterSettle", reportHeight);

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    if (allowed.indexOf("*") === -1 && allowed.indexOf(event.origin) === -1) return;
    var data = event.data || {};
    if (data.source === "timeline-host" && data.type === "show" && typeof data.slug === "string") {
      highlight(data.slug);
    }
  });
})();
