// Documents: a file dropped on an upload form is put in its file field and
// the form is sent, as if the file had been chosen by hand. Without this
// script (or without drag and drop) the form works the same.
(function () {
  "use strict";
  if (typeof DataTransfer === "undefined") {
    return;
  }
  var zones = document.querySelectorAll("form[data-dropzone]");
  Array.prototype.forEach.call(zones, function (form) {
    var input = form.querySelector("input[type=file]");
    var hint = form.querySelector("[data-drop-hint]");
    if (!input) {
      return;
    }
    if (hint) {
      hint.hidden = false;
    }
    form.classList.add("dropzone-ready");
    var over = function (event) {
      event.preventDefault();
      form.classList.add("dropzone-over");
    };
    var leave = function () {
      form.classList.remove("dropzone-over");
    };
    form.addEventListener("dragenter", over);
    form.addEventListener("dragover", over);
    form.addEventListener("dragleave", leave);
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      leave();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || files.length === 0) {
        return;
      }
      // One file per upload: the first one dropped.
      var chosen = new DataTransfer();
      chosen.items.add(files[0]);
      input.files = chosen.files;
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
  });
})();
