/*! Timelines embed loader. Usage:
 *  <div data-timeline-embed="https://example.org/t/slug/embed/?category=layoffs"></div>
 *  <script src="https://example.org/static/timeline/embed.js" async></script>
 * Creates a lazy iframe that resizes to its content. A link to #event-<slug>
 * on the host page scrolls to that event inside the timeline.
 */
(function () {
  "use strict";
  var frames = [];

  function originOf(url) {
    var a = document.createElement("a");
    a.href = url;
    return a.protocol + "//" + a.host;
  }

  function hashSlug() {
    var match = /^#event-([a-z0-9-]+)$/.exec(window.location.hash);
    return match ? match[1] : "";
  }

  function mount(holder) {
    if (holder.getAttribute("data-timeline-mounted")) return;
    holder.setAttribute("data-timeline-mounted", "1");
    var src = holder.getAttribute("data-timeline-embed");
    var slug = hashSlug();
    if (slug) src += (src.indexOf("?") === -1 ? "?" : "&") + "start=" + encodeURIComponent(slug);
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = holder.getAttribute("data-title") || "Timeline";
    frame.loading = slug ? "eager" : "lazy";
    frame.setAttribute("scrolling", "no");
    frame.style.cssText = "display:block;width:100%;border:0;min-height:320px;height:640px;overflow:hidden";
    holder.appendChild(frame);
    frames.push({ frame: frame, origin: originOf(src) });
  }

  window.addEventListener("message", function (event) {
    for (var i = 0; i < frames.length; i++) {
      var entry = frames[i];
      // Only the frame we created, from the origin we loaded it from.
      if (event.source !== entry.frame.contentWindow || event.origin !== entry.origin) continue;
      var data = event.data || {};
      if (data.source !== "timeline-embed") return;
      if (data.type === "height" && data.height > 0) {
        entry.frame.style.height = data.height + "px";
      } else if (data.type === "scroll" && typeof data.top === "number") {
        var top = entry.frame.getBoundingClientRect().top + window.pageYOffset + data.top;
        window.scrollTo({ top: top });
      }
      return;
    }
  });

  window.addEventListener("hashchange", function () {
    var slug = hashSlug();
    if (!slug) return;
    frames.forEach(function (entry) {
      entry.frame.contentWindow.postMessage({ source: "timeline-host", type: "show", slug: slug }, entry.origin);
    });
  });

  function mountAll() {
    var holders = document.querySelectorAll("[data-timeline-embed]");
    for (var i = 0; i < holders.length; i++) mount(holders[i]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
