// Inside the embed frame. It keeps the host page in charge of itself:
// - it reports the height of its content (not of the frame's viewport, so the
//   host can shrink it too) whenever that changes, tagged with the frame's id;
// - its filters replace the frame's own URL instead of adding host history;
// - links open where the embedder asked (headlines: data-links; pages that are
//   not this embed: a new tab), so the frame never shows a foreign page;
// - it scrolls the host to an event on request.
// Messages to the host carry only ids, heights and offsets, and go only to the origin
// that embedded the frame: the loader's first message ("hello") names it, and until
// then nothing is sent (the last height and scroll wait). Messages from the host are
// accepted only from the parent window and, when EMBED_ALLOWED_ORIGINS is set, its origins.
(function () {
  "use strict";
  var body = document.body;
  var framed = window.parent !== window;
  var allowed = (body.getAttribute("data-allowed-origins") || "*").split(/\s+/);
  var links = body.getAttribute("data-links") || "new";
  var options = new URLSearchParams(body.getAttribute("data-embed-options") || "");
  var fixed = body.hasAttribute("data-fixed-height");
  // The loader names its frame; a plain <iframe> snippet has no name and no loader to listen.
  var frameId = window.name || "";
  // WordPress frames a discovered oEmbed in a sandbox (scripts only: no forms, no new tabs, an
  // opaque origin that cannot fetch our fragments) with #?secret=… in its URL. Its wp-embed.js
  // sizes the frame from {message: "height", value, secret} and follows {message: "link"} to our pages.
  var wordpress = (/[#&?]secret=([A-Za-z0-9]+)/.exec(window.location.hash) || [])[1];
  var sandboxed = window.origin === "null";
  if (sandboxed) body.classList.add("embed--sandboxed");
  var lastHeight = 0;
  var pending = false;
  // The host's origin, from the loader's hello; the messages that wait for it, by type.
  var hostOrigin = "";
  var waiting = {};

  function isAllowed(origin) {
    return allowed.indexOf("*") !== -1 || allowed.indexOf(origin) !== -1;
  }

  function post(message) {
    if (!framed) return;
    message.source = "timeline-embed";
    message.id = frameId || window.name;
    if (!hostOrigin) {
      waiting[message.type] = message;
      return;
    }
    window.parent.postMessage(message, hostOrigin);
  }

  // WordPress's wp-embed sends no hello: its messages go to the parent's own origin
  // (Chromium and Safari name it in ancestorOrigins; otherwise the referrer's), never to "*".
  function parentOrigin() {
    var ancestors = window.location.ancestorOrigins;
    if (ancestors && ancestors.length) return ancestors[0];
    try {
      return document.referrer ? new URL(document.referrer).origin : "";
    } catch (error) {
      return "";
    }
  }

  function postToWordPress(message) {
    var origin = parentOrigin();
    if (origin && origin !== "null" && isAllowed(origin)) window.parent.postMessage(message, origin);
  }

  // The content's height: <body> holds it all (embed.css makes it a flow root, so no margin escapes).
  function contentHeight() {
    return Math.ceil(body.getBoundingClientRect().height);
  }

  function reportHeight() {
    pending = false;
    if (fixed) return;
    var height = contentHeight();
    if (height > 0 && height !== lastHeight) {
      lastHeight = height;
      post({ type: "height", height: height });
      if (wordpress && framed) postToWordPress({ message: "height", value: height, secret: wordpress });
    }
  }

  // At most once a frame, and only when the number changes: no loop with the host's resize.
  function scheduleHeight() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(reportHeight);
  }

  // This embed's URL for `href`, keeping the embed's own options (theme, links...).
  function withOptions(href) {
    var url = new URL(href, window.location.href);
    options.forEach(function (value, name) {
      if (!url.searchParams.has(name)) url.searchParams.set(name, value);
    });
    return url.pathname + url.search + url.hash;
  }

  function isThisEmbed(url) {
    return url.origin === window.location.origin && url.pathname === window.location.pathname;
  }

  function newTab(anchor) {
    anchor.target = "_blank";
    var rel = (anchor.getAttribute("rel") || "").split(/\s+/);
    if (rel.indexOf("noopener") === -1) rel.push("noopener");
    anchor.setAttribute("rel", rel.join(" ").trim());
  }

  // Card bodies are cached and shared by every embed, so their targets are set here.
  function retarget(root) {
    var anchors = root.querySelectorAll("a[href]");
    for (var i = 0; i < anchors.length; i++) {
      var anchor = anchors[i];
      var raw = anchor.getAttribute("href");
      if (raw.charAt(0) === "#" || anchor.hasAttribute("hx-get")) continue;
      var url = new URL(anchor.href);
      if (anchor.closest(".event-title")) {
        var article = anchor.closest("article[id^='event-']");
        if (links === "frame" && article) {
          anchor.removeAttribute("target");
          anchor.href = withOptions(window.location.pathname + "?start=" + article.id.slice(6));
        } else if (links === "top") {
          anchor.target = "_top";
        } else {
          newTab(anchor);
        }
      } else if (!isThisEmbed(url) && anchor.target !== "_top") {
        newTab(anchor);  // sources, the full timeline: never inside the frame
      }
    }
  }

  function scrollHostTo(element) {
    var top = Math.max(0, element.getBoundingClientRect().top + window.scrollY - 16);
    if (fixed || !framed) {
      window.scrollTo({ top: top });
    } else {
      post({ type: "scroll", top: top });
    }
  }

  function highlight(slug) {
    var article = document.getElementById("event-" + slug);
    if (!article) return false;
    var previous = document.querySelector(".event--highlight");
    if (previous) previous.classList.remove("event--highlight");
    article.classList.add("event--highlight");
    scrollHostTo(article);
    article.focus({ preventScroll: true });
    return true;
  }

  // The host's #event-<slug>: on this page, or the page that holds it (once, with start=).
  function show(slug) {
    if (highlight(slug)) return;
    if (new URLSearchParams(window.location.search).get("start") === slug) return;
    window.location.replace(withOptions(window.location.pathname + "?start=" + encodeURIComponent(slug)));
  }

  // Same-page anchors and links to this embed replace the frame's page: a frame's own
  // navigations would otherwise add entries to the host's history.
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var anchor = event.target.closest && event.target.closest("a[href]");
    if (anchor && wordpress && sandboxed && anchor.closest(".event-title")) {
      event.preventDefault();  // the sandbox allows neither a new tab nor the top window: WordPress opens it
      postToWordPress({ message: "link", value: anchor.href, secret: wordpress });
      return;
    }
    if (!anchor || (anchor.target && anchor.target !== "_self")) return;
    var raw = anchor.getAttribute("href");
    if (raw.charAt(0) === "#") {
      var element = document.getElementById(decodeURIComponent(raw.slice(1)));
      if (!element) return;
      event.preventDefault();
      if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
      element.focus({ preventScroll: true });
      scrollHostTo(element);
      return;
    }
    var url = new URL(anchor.href);
    if (isThisEmbed(url)) {
      event.preventDefault();
      window.location.replace(withOptions(anchor.href));
    }
  });

  // htmx: the embed's options ride along with every request, and its URL updates replace.
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    if (!params || typeof params.set !== "function") return;
    options.forEach(function (value, name) {
      if (!params.has(name)) params.set(name, value);
    });
  });
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var history = event.detail.history;
    history.type = "replace";
    history.path = withOptions(history.path);
  });
  document.addEventListener("htmx:afterSettle", function () {
    retarget(document);
    scheduleHeight();
  });

  retarget(document);
  if (window.ResizeObserver) {
    new ResizeObserver(scheduleHeight).observe(body);
  }
  // Opening a disclosure (the filter sheet, a list of choices) changes the height too.
  document.addEventListener("toggle", scheduleHeight, true);
  window.addEventListener("resize", scheduleHeight);
  scheduleHeight();
  window.addEventListener("load", function () {
    reportHeight();  // before any scroll request, so the host has room to scroll to the event
    var start = body.getAttribute("data-embed-start");
    var anchor = window.location.hash.length > 1 && document.getElementById(window.location.hash.slice(1));
    if (start) highlight(start);
    else if (anchor) scrollHostTo(anchor);  // a year link that opened another page of this embed
  });

  window.addEventListener("message", function (event) {
    if (!framed || event.source !== window.parent) return;
    if (!isAllowed(event.origin)) return;
    var data = event.data || {};
    if (data.source !== "timeline-host") return;
    if (data.type === "hello") {
      // The loader is listening (it may have come after our load): who we are, where it is, and
      // our height again. The first hello decides the origin; a later one from elsewhere is ignored.
      if (hostOrigin && event.origin !== hostOrigin) return;
      hostOrigin = event.origin;
      if (typeof data.id === "string") frameId = data.id;
      var scroll = waiting.scroll;
      waiting = {};
      lastHeight = 0;
      reportHeight();
      if (scroll) post(scroll);
    } else if (event.origin !== hostOrigin) {
      return;
    }
    if ((data.type === "show" || data.type === "hello") && typeof data.slug === "string" && data.slug) {
      show(data.slug);
    }
  });
})();
