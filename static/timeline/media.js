// Click-to-load media facades (templates/timeline/partials/media.html).
// Until the reader clicks, a facade is a link to the provider and nothing is
// requested from it. A click swaps the link for the provider's player (an
// iframe) or image; the CSP's frame-src and img-src allow only the addresses
// timeline/domain/providers.py writes. Listening on the document covers cards
// that htmx adds later.
(function () {
  "use strict";

  function https(address) {
    try {
      return new URL(address).protocol === "https:";
    } catch (error) {
      return false;
    }
  }

  function player(link) {
    var frame = document.createElement("iframe");
    frame.src = link.dataset.player;
    frame.title = link.dataset.title || "Media player";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.className = "media-player";
    return frame;
  }

  function image(link) {
    var img = document.createElement("img");
    img.src = link.dataset.image;
    img.alt = link.dataset.alt || "";
    img.className = "media-remote-image";
    return img;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.media-play");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    var address = link.dataset.player || link.dataset.image;
    if (!address || !https(address)) return; // stays a plain link
    event.preventDefault();
    var loaded = link.dataset.player ? player(link) : image(link);
    var frame = link.parentNode;
    frame.classList.add("media-frame--loaded");
    frame.replaceChild(loaded, link);
    if (loaded.tagName === "IFRAME") loaded.focus();
  });
})();
