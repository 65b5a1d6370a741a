// comcom's Markdown toolbar: a progressive enhancement of the plain textarea.
// Without JavaScript the textarea and the server-side preview work as they are.
// Each button is a real <button> with a visible text label, usable with the
// keyboard; it wraps the selection (or inserts a sample) in Markdown syntax.
(function () {
  "use strict";

  function wrap(area, before, after, sample) {
    var start = area.selectionStart, end = area.selectionEnd;
    var selected = area.value.slice(start, end) || sample;
    area.setRangeText(before + selected + after, start, end, "end");
    area.selectionStart = start + before.length;
    area.selectionEnd = start + before.length + selected.length;
    area.focus();
  }

  function prefixLines(area, prefix, sample) {
    var start = area.value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    var end = area.selectionEnd;
    var block = area.value.slice(start, end) || sample;
    var lines = block.split("\n").map(function (line) { return prefix + line; });
    area.setRangeText(lines.join("\n"), start, end, "end");
    area.focus();
  }

  function build(area) {
    var labels = JSON.parse(area.getAttribute("data-toolbar") || "{}");
    var actions = [
      ["bold", function () { wrap(area, "**", "**", labels.sample || "texte"); }],
      ["italic", function () { wrap(area, "*", "*", labels.sample || "texte"); }],
      ["heading", function () { prefixLines(area, "## ", labels.sample || "Titre"); }],
      ["list", function () { prefixLines(area, "- ", labels.sample || "élément"); }],
      ["link", function () { wrap(area, "[", "](https://)", labels.sample || "lien"); }]
    ];
    var bar = document.createElement("div");
    bar.className = "editor-toolbar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", labels.toolbar || "Mise en forme");
    bar.setAttribute("aria-controls", area.id);
    actions.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = labels[action[0]] || action[0];
      button.addEventListener("click", action[1]);
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
  }

  document.querySelectorAll("textarea[data-toolbar]").forEach(build);
})();
