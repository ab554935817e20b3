// Times arrive as <time datetime="...Z">; they are shown in the viewer's own zone and language.
(function () {
  "use strict";
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const language = document.documentElement.lang || "zh-CN";
  const format = new Intl.DateTimeFormat(language, {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: zone
  });

  function localize(root) {
    root.querySelectorAll("time[datetime]:not([data-localized])").forEach(function (el) {
      const at = new Date(el.getAttribute("datetime"));
      if (!isNaN(at)) {
        el.title = el.getAttribute("datetime");
        el.textContent = format.format(at);
        el.setAttribute("data-localized", zone);
      }
    });
  }

  function ready() {
    const shown = document.getElementById("viewer-zone");
    if (shown) {
      shown.textContent = zone;
    }
    localize(document);
  }

  document.addEventListener("DOMContentLoaded", ready);
  // Fragments swapped in by htmx (live updates, filters) are localized as they land.
  document.addEventListener("htmx:afterSwap", function (event) { localize(event.target); });
  // htmx requests that change state carry the CSRF token like the forms do.
  document.addEventListener("htmx:configRequest", function (event) {
    const token = document.querySelector("meta[name=_csrf]");
    const header = document.querySelector("meta[name=_csrf_header]");
    if (token && header && token.content) {
      event.detail.headers[header.content] = token.content;
    }
  });
})();
