// The Embed box on the timeline page: its options rewrite both snippets and a live
// preview. Without this script the box still shows working snippets of the current view.
(function () {
  "use strict";
  if (window.timelineEmbedBox) return;  // the box comes back with each filter swap
  window.timelineEmbedBox = true;

  function amp(text) {
    return text.replace(/&/g, "&amp;");
  }

  function embedUrl(box) {
    var base = box.getAttribute("data-embed-src");
    var url = new URL(base);
    var controls = box.querySelectorAll("[data-embed-option]");
    for (var i = 0; i < controls.length; i++) {
      var control = controls[i];
      var value = control.value.trim();
      if (value && control.checkValidity() && value !== control.getAttribute("data-default")) {
        url.searchParams.set(control.name, value);
      }
    }
    return url.href === new URL(base).href ? base : url.href;
  }

  function update(box) {
    var base = box.getAttribute("data-embed-src");
    var src = embedUrl(box);
    var height = box.querySelector("[name=height]");
    var areas = box.querySelectorAll("textarea[data-snippet]");
    for (var i = 0; i < areas.length; i++) {
      var text = areas[i].defaultValue.split(amp(base)).join(amp(src));
      // A fixed height is the frame's height in both snippets.
      if (height && height.value && height.checkValidity()) text = text.replace(/ height="[^"]*"/, ' height="' + height.value + '"');
      areas[i].value = text;
    }
    var preview = box.querySelector(".embed-preview");
    if (!preview || !box.open) return;
    if (!preview.getAttribute("src")) {
      preview.src = src;
    } else if (preview.getAttribute("data-shown") !== src) {
      // Replace, not navigate: the preview adds nothing to this page's history.
      preview.contentWindow.location.replace(src);
    }
    preview.setAttribute("data-shown", src);
  }

  function boxOf(event) {
    return event.target.closest && event.target.closest(".embed-box");
  }

  function reveal(box) {
    if (!box.querySelector(".embed-preview")) {
      // Made here, not in the page's markup: an <iframe> there holds the page's parser until the
      // stylesheet has loaded, and with it the first events.
      var preview = document.createElement("iframe");
      preview.className = "embed-preview";
      preview.title = "Preview of the embed";
      box.appendChild(preview);
    }
    var hidden = box.querySelectorAll(".embed-options, .embed-preview-label, .embed-preview");
    for (var i = 0; i < hidden.length; i++) hidden[i].hidden = false;
  }

  document.addEventListener("change", function (event) {
    var box = boxOf(event);
    if (box && event.target.hasAttribute("data-embed-option")) update(box);
  });
  document.addEventListener("toggle", function (event) {
    if (event.target.classList && event.target.classList.contains("embed-box")) {
      reveal(event.target);
      update(event.target);
    }
  }, true);
  var boxes = document.querySelectorAll(".embed-box");
  for (var i = 0; i < boxes.length; i++) {
    reveal(boxes[i]);
    if (boxes[i].open) update(boxes[i]);  // loaded by the opening of this box (timeline.js)
  }
})();
