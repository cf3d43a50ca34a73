// "Share" on event cards and permalinks. Without this script each control is a plain
// link to the event's permalink. With it, a click opens the system's share sheet where
// the browser has the Web Share API (phones, mostly), and otherwise copies the link,
// saying so beside the control and to screen readers (#announcer, aria-live).
// One listener on the document, so cards that htmx swaps in work too.
(function () {
  "use strict";
  var shown = null;

  function confirm(control, text) {
    var status = control.nextElementSibling;
    if (!status || !status.classList.contains("share-status")) {
      status = document.createElement("span");
      status.className = "share-status";
      status.setAttribute("aria-hidden", "true");  // the announcer below speaks it once
      control.insertAdjacentElement("afterend", status);
    }
    status.textContent = text;
    var announcer = document.getElementById("announcer");
    if (announcer) announcer.textContent = text;
    if (shown) window.clearTimeout(shown.timer);
    shown = { timer: window.setTimeout(function () { status.textContent = ""; }, 4000) };
  }

  function copy(control, url) {
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      confirm(control, "Copy this link: " + url);
      return;
    }
    navigator.clipboard.writeText(url).then(
      function () { confirm(control, "Link copied"); },
      function () { confirm(control, "Could not copy. The link is " + url); }
    );
  }

  function share(control) {
    var url = new URL(control.getAttribute("href"), window.location.href).href;
    var headline = document.getElementById(control.getAttribute("data-share-of"));
    var data = { title: headline ? headline.textContent.trim() : document.title, url: url };
    if (navigator.share && (!navigator.canShare || navigator.canShare(data))) {
      navigator.share(data).catch(function (error) {
        // Closing the sheet is a choice, not a failure; anything else falls back to copying.
        if (!error || error.name !== "AbortError") copy(control, url);
      });
      return;
    }
    copy(control, url);
  }

  document.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var control = event.target.closest && event.target.closest("a[data-share]");
    if (!control) return;
    event.preventDefault();
    share(control);
  });

  // With the script the control acts (copies, shares) rather than navigates: say so.
  function label(root) {
    var controls = root.querySelectorAll("a[data-share]:not([role])");
    for (var i = 0; i < controls.length; i++) controls[i].setAttribute("role", "button");
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== " ") return;
    var control = event.target.closest && event.target.closest("a[data-share]");
    if (!control) return;
    event.preventDefault();
    share(control);
  });
  document.addEventListener("htmx:afterSettle", function (event) { label(event.target || document); });
  label(document);
})();
