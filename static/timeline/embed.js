/*! Timelines embed loader. Usage:
 *  <iframe data-timeline-embed src="https://example.org/t/slug/embed/" title="…" width="100%" height="900"></iframe>
 *  <script src="https://example.org/static/timeline/embed.js" async></script>
 * (or <div data-timeline-embed="https://example.org/t/slug/embed/" data-title="…" data-height="900"></div>).
 * The iframe then follows its content's height (or keeps height=N from the URL,
 * scrolling inside). The height attribute (data-height) reserves the space until
 * the frame reports, so the page does not jump. A link to #event-<slug> on the
 * host page scrolls to that event inside the timeline. Safe to include twice
 * and to run after the page has loaded; later holders are found as they appear.
 */
(function () {
  "use strict";
  if (window.TimelineEmbed) return window.TimelineEmbed.scan();
  var frames = [];
  var count = 0;

  function hashSlug() {
    var match = /^#event-([a-z0-9-]+)$/.exec(window.location.hash);
    return match ? match[1] : "";
  }

  function hello(entry, origin) {
    var message = { source: "timeline-host", type: "hello", id: entry.frame.name, slug: hashSlug() };
    entry.frame.contentWindow.postMessage(message, origin || entry.origin);
  }

  // A holder is an <iframe data-timeline-embed> (it works with no script, and its height
  // attribute reserves the space under any host CSP), or a <div> the loader fills.
  function mount(holder) {
    if (holder.getAttribute("data-timeline-mounted")) return;
    holder.setAttribute("data-timeline-mounted", "1");
    var frame = holder;
    var src = holder.getAttribute("data-timeline-embed") || holder.src;
    var fixed = /[?&]height=(\d+)/.exec(src);
    if (holder.tagName !== "IFRAME") {
      var slug = hashSlug();
      if (slug) src += (src.indexOf("?") === -1 ? "?" : "&") + "start=" + encodeURIComponent(slug);
      frame = document.createElement("iframe");
      frame.src = src;
      frame.title = holder.getAttribute("data-title") || "Timeline";
      frame.loading = slug ? "eager" : "lazy";
      frame.style.height = (fixed ? fixed[1] : holder.getAttribute("data-height") || 640) + "px";
      holder.appendChild(frame);
      holder.style.minHeight = "";  // the frame now holds the reserved space
    } else if (fixed) {
      frame.style.height = fixed[1] + "px";
    }
    // The frame says this name back with each message, so embeds never mix their heights.
    frame.name = frame.name || "timeline-embed-" + ++count;
    if (!fixed) frame.setAttribute("scrolling", "no");
    frame.style.display = "block";
    frame.style.width = "100%";
    frame.style.border = "0";
    var entry = { frame: frame, origin: new URL(src, window.location.href).origin, fixed: !!fixed };
    frames.push(entry);
    // The frame may have loaded before us: ask it to report (again) once it is there.
    frame.addEventListener("load", function () { hello(entry); });
    // ("*": it may still hold about:blank, which would log an origin mismatch; it carries no secret.)
    if (frame === holder) hello(entry, "*");
  }

  window.addEventListener("message", function (event) {
    var data = event.data || {};
    for (var i = 0; i < frames.length; i++) {
      var entry = frames[i];
      // Only the frame we created, from the origin we loaded it from.
      if (event.source !== entry.frame.contentWindow || event.origin !== entry.origin) continue;
      if (data.source !== "timeline-embed" || (data.id && data.id !== entry.frame.name)) return;
      if (data.type === "height" && data.height > 0 && !entry.fixed) {
        entry.frame.style.height = Math.ceil(data.height) + "px";
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

  function scan() {
    var holders = document.querySelectorAll("[data-timeline-embed]:not([data-timeline-mounted])");
    for (var i = 0; i < holders.length; i++) mount(holders[i]);
  }
  window.TimelineEmbed = { scan: scan };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scan);
  } else {
    scan();
  }
  // CMS blocks and single-page sites add holders later.
  if (window.MutationObserver) {
    new MutationObserver(function () { scan(); }).observe(document.documentElement, { childList: true, subtree: true });
  }
})();
