// Review screen: after htmx swaps a candidate in place, keep keyboard focus on it.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (event) {
    var item = event.detail.target;
    if (!item || !item.id || item.id.indexOf("candidate-") !== 0) return;
    var fresh = document.getElementById(item.id);
    if (!fresh) return;
    var next = fresh.querySelector("button, a");
    if (next) {
      next.focus();
    } else {
      fresh.setAttribute("tabindex", "-1");
      fresh.focus();
    }
  });
})();
