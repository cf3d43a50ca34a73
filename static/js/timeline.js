// Progressive enhancement for the chronology. Everything works without this
// file; it adds what htmx alone cannot: the feed pattern's aria-busy and
// Page Up / Page Down, a short live announcement of the result count,
// keeping the filter controls in step with links that change the filters,
// one request (and one history entry) per change, a loading state that always
// ends, with a retry when the network fails, and bringing new results into view.
(function () {
  "use strict";

  var announceTimer = null;

  // htmx (15 KB) arrives on a reader's first sign of using a control it drives (a pointer over it,
  // a touch, the focus), not with the page: a reader who only reads never downloads it. A click,
  // a submit or typing that comes before it waits for it and is then replayed; if it cannot load,
  // the links and the form go on as plain HTML. It is added only once the page has loaded, because
  // htmx started between DOMContentLoaded and load would never initialise.
  var htmxSource = document.currentScript && document.currentScript.getAttribute("data-htmx");
  var htmxState = window.htmx ? "ready" : "absent";  // then "asked", "loading", "ready" or "failed"
  var waitingForHtmx = [];

  function drivenByHtmx(node) {
    return node && node.closest ? node.closest("[hx-get]") : null;
  }

  function whenHtmx(action) {
    waitingForHtmx.push(action);
    loadHtmx();
  }

  function htmxSettled(state) {
    htmxState = state;
    var actions = waitingForHtmx;
    waitingForHtmx = [];
    actions.forEach(function (action) { action(state === "ready"); });
  }

  function loadHtmx() {
    if (htmxState !== "absent" && htmxState !== "asked") return;
    if (!htmxSource) return htmxSettled("failed");
    if (document.readyState !== "complete") {
      if (htmxState === "absent") window.addEventListener("load", loadHtmx);
      htmxState = "asked";
      return;
    }
    htmxState = "loading";
    var script = document.createElement("script");
    script.src = htmxSource;
    script.onload = function () { htmxSettled(window.htmx ? "ready" : "failed"); };
    script.onerror = function () { htmxSettled("failed"); };
    document.head.appendChild(script);
  }

  ["pointerover", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (drivenByHtmx(event.target)) loadHtmx();
    }, { capture: true, passive: true });
  });

  // Back or Forward to a state htmx pushed, in a page loaded since (Back reloads, as the htmx
  // config asks): htmx is not here to restore it, so the page does what htmx would have done.
  window.addEventListener("popstate", function (event) {
    if (htmxState !== "ready" && event.state && event.state.htmx) window.location.reload();
  });

  // Before htmx is ready, a link it drives and the filter form wait for it (capture: ahead of the
  // embed's own link handling). Without it they do what they do without JavaScript.
  document.addEventListener("click", function (event) {
    if (htmxState === "ready" || htmxState === "failed" || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;  // a new tab or window
    var link = event.target.closest && event.target.closest("a[hx-get]");
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    // dispatchEvent, not click(): the overview's bars are SVG links, which have no click().
    whenHtmx(function () {
      link.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, view: window }));
    });
  }, true);
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (htmxState === "ready" || htmxState === "failed" || !form.hasAttribute("hx-get")) return;
    event.preventDefault();
    whenHtmx(function (ready) {
      if (ready) window.htmx.trigger(form, "submit");
      else form.submit();
    });
  }, true);
  // Typing or ticking before htmx is ready: once it is, the form asks for its results (its own
  // "change" trigger), as it would have after the pause.
  var formsWaiting = [];
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var form = event.target.form;
      if (htmxState === "ready" || htmxState === "failed" || !form || !form.hasAttribute("hx-get")) return;
      if (formsWaiting.indexOf(form) !== -1) return;
      formsWaiting.push(form);
      whenHtmx(function (ready) {
        formsWaiting.splice(formsWaiting.indexOf(form), 1);
        if (ready) window.htmx.trigger(form, "change");
      });
    }, true);
  });
  // The filters last asked for: a blur or an Enter that changes nothing sends nothing.
  var lastQuery = canonical(window.location.search);

  function canonical(query) {
    var params = new URLSearchParams(query);
    var kept = [];
    params.forEach(function (value, name) {
      if (value.trim() !== "" && name !== "page") kept.push([name, value.trim()]);
    });
    kept.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1; });
    return kept.map(function (pair) { return pair[0] + "=" + pair[1]; }).join("&");
  }

  function isFilterRequest(event) {
    var target = event.detail.target;
    return target && target.id === "results";
  }

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

  // Drop a filter request that asks for what is already shown (Enter or blur after a debounced search).
  document.addEventListener("htmx:configRequest", function (event) {
    if (!isFilterRequest(event) || event.detail.verb !== "get") return;
    var params = event.detail.parameters;
    var pairs = [];
    if (params && typeof params.forEach === "function") {
      params.forEach(function (value, name) { pairs.push([name, value]); });
    } else if (params) {
      Object.keys(params).forEach(function (name) {
        [].concat(params[name]).forEach(function (value) { pairs.push([name, value]); });
      });
    }
    var path = event.detail.path || "";
    var fromPath = path.indexOf("?") === -1 ? "" : path.slice(path.indexOf("?") + 1);
    var query = canonical(fromPath + "&" + new URLSearchParams(pairs).toString());
    if (query === lastQuery) {
      event.preventDefault();
      var trigger = event.detail.triggeringEvent;
      var results = document.getElementById("results");
      if (trigger && trigger.type === "submit" && results) bringIntoView(results);  // Enter: show what is there
      return;
    }
    lastQuery = query;
  });

  function setBusy(busy) {
    var list = feed();
    if (list) list.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function showFailure(event) {
    setBusy(false);
    var results = document.getElementById("results");
    if (!results || !isFilterRequest(event)) return;
    lastQuery = null;  // the next change, or the retry, goes through
    var box = document.getElementById("load-failed");
    if (!box) {
      box = document.createElement("p");
      box.id = "load-failed";
      box.className = "load-failed";
      box.setAttribute("role", "alert");
      results.insertBefore(box, results.firstChild);
    }
    box.textContent = "The results could not be loaded. ";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.textContent = "Try again";
    retry.addEventListener("click", function () {
      var form = document.querySelector("form.filters");
      if (form && window.htmx) window.htmx.trigger(form, "submit");
    });
    box.appendChild(retry);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target && (target.id === "results" || target.id === "event-feed")) setBusy(true);
  });
  // The loading state always ends: on success, on an error status, on a network failure.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) showFailure(event); else setBusy(false);
  });
  document.addEventListener("htmx:sendError", showFailure);
  document.addEventListener("htmx:timeout", showFailure);

  function bringIntoView(element) {
    if (window.self !== window.top) return;  // inside an embed the host page decides its own scroll
    var top = element.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.6) {
      var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      element.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    setBusy(false);
    var target = event.detail.target;
    if (!target || target.id !== "results") return;
    var pushed = event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Push-Url");
    if (pushed !== null && pushed !== undefined && pushed !== "false") {
      syncForm(pushed.indexOf("?") === -1 ? "" : pushed.slice(pushed.indexOf("?") + 1));
    }
    var count = document.querySelector("[data-result-count]");
    if (count) announce(count.textContent.trim());
    var results = document.getElementById("results");
    var active = document.activeElement;
    var typing = active && active.tagName === "INPUT" && (active.type === "text" || active.type === "search");
    // Bring the new results into view, unless the reader is still typing in a filter.
    if (results && !typing) bringIntoView(results);
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

  // The embed box's options, preview and copy buttons (embed-box.js) load when a reader first opens it.
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("embed-box") || !box.open) return;
    if (window.timelineEmbedBox || document.querySelector("script[data-embed-box]")) return;
    var script = document.createElement("script");
    script.src = box.getAttribute("data-script");
    script.setAttribute("data-embed-box", "");
    document.head.appendChild(script);
  }, true);

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
