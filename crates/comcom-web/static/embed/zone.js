// <comcom-zone>: the interco's news on a commune's website.
//
//   <script src="https://INTERCO/embed/zone.js" defer></script>
//   <comcom-zone commune="38548" limit="5"></comcom-zone>
//
// Attributes: commune (INSEE code, required), limit (1–20), space, category,
// relevance (local, commune or all), lang (fr or en). The zone renders in a
// shadow root, so the host page's styles do not reach it and its styles do
// not leak out; custom properties (--comcom-zone-accent, …) theme it. No
// inline script or style is used, so a strict Content-Security-Policy on the
// host page only needs to allow this origin for scripts and connections.
(function () {
  "use strict";
  if (!window.customElements || !window.fetch || customElements.get("comcom-zone")) {
    return;
  }
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var PARAMS = ["commune", "limit", "space", "category", "relevance"];
  var sheet = null;

  // One stylesheet for every zone of the page, adopted by each shadow root
  // (no <style> element, which a host page's CSP could refuse).
  function loadSheet() {
    if (sheet) {
      return sheet;
    }
    sheet = fetch(origin + "/embed/zone.css", { credentials: "omit" })
      .then(function (response) { return response.text(); })
      .then(function (css) {
        if ("adoptedStyleSheets" in Document.prototype && window.CSSStyleSheet) {
          var constructed = new CSSStyleSheet();
          constructed.replaceSync(css);
          return constructed;
        }
        return null;
      })
      .catch(function () { return null; });
    return sheet;
  }

  class ComcomZone extends HTMLElement {
    static get observedAttributes() {
      return PARAMS.concat(["lang"]);
    }

    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      this.container = document.createElement("div");
      this.container.setAttribute("part", "zone");
      this.root.appendChild(this.container);
      this.request = 0;
    }

    connectedCallback() {
      this.render();
    }

    attributeChangedCallback() {
      if (this.isConnected) {
        this.render();
      }
    }

    url() {
      var query = new URLSearchParams();
      var element = this;
      PARAMS.forEach(function (name) {
        var value = element.getAttribute(name);
        if (value) {
          query.set(name, value);
        }
      });
      var lang = this.getAttribute("lang") || document.documentElement.lang;
      if (lang) {
        query.set("lang", lang.slice(0, 2));
      }
      return origin + "/embed/zone.html?" + query.toString();
    }

    render() {
      var element = this;
      var request = ++this.request;
      Promise.all([
        loadSheet(),
        fetch(this.url(), { credentials: "omit" }).then(function (response) {
          return response.text().then(function (text) {
            return { ok: response.ok, text: text };
          });
        }),
      ])
        .then(function (results) {
          if (request !== element.request) {
            return;
          }
          var constructed = results[0];
          var answer = results[1];
          if (constructed) {
            element.root.adoptedStyleSheets = [constructed];
          } else if (!element.root.querySelector("link")) {
            var link = document.createElement("link");
            link.rel = "stylesheet";
            link.href = origin + "/embed/zone.css";
            element.root.insertBefore(link, element.container);
          }
          if (answer.ok) {
            // The fragment is comcom's own sanitized HTML.
            element.container.innerHTML = answer.text;
          } else {
            var message = document.createElement("p");
            message.className = "comcom-zone comcom-zone-error";
            message.setAttribute("role", "status");
            message.textContent = answer.text;
            element.container.replaceChildren(message);
          }
          element.dispatchEvent(new CustomEvent("comcom-zone-rendered"));
        })
        .catch(function () {
          // Offline or blocked: the element's own content (a link) stays hidden,
          // so show it again.
          element.container.replaceChildren(document.createElement("slot"));
        });
    }
  }

  customElements.define("comcom-zone", ComcomZone);
})();
