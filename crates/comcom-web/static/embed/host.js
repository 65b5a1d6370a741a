// Optional, on the host page: sizes every <iframe data-comcom-zone> to the
// height its zone announces. Messages are accepted only from the iframe's own
// window and origin.
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "comcom-zone:height" || typeof data.height !== "number") {
      return;
    }
    var frames = document.querySelectorAll("iframe[data-comcom-zone]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) {
        continue;
      }
      if (new URL(frame.src, location.href).origin !== event.origin) {
        return;
      }
      var height = Math.max(50, Math.min(5000, Math.ceil(data.height)));
      frame.style.height = height + "px";
      return;
    }
  });
})();
