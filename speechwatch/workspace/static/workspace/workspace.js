// Small helpers for the editor; everything works without them except the conveniences.
(function () {
  "use strict";
  // Filter the category tree as one types (the server-side search also finds synonyms).
  document.addEventListener("input", function (e) {
    var t = e.target;
    if (!t.matches || !t.matches("[data-filter-tree]")) return;
    var q = t.value.toLowerCase();
    document.querySelectorAll(t.getAttribute("data-filter-tree") + " label").forEach(function (l) {
      l.hidden = q && l.textContent.toLowerCase().indexOf(q) === -1;
    });
  });
  // "Add" buttons of legal-reference suggestions append a line to the textarea.
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("[data-append-to]") : null;
    if (!b) return;
    e.preventDefault();
    var area = document.querySelector(b.getAttribute("data-append-to"));
    if (!area) return;
    var value = b.getAttribute("data-value");
    var lines = area.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    if (lines.indexOf(value) === -1) lines.push(value);
    area.value = lines.join("\n");
  });
  // Search boxes inside the editor form send their text as `q` (their own names keep the form's
  // fields apart); this replaces htmx's `hx-vals="js:…"`, which needs eval and so the CSP forbids.
  document.addEventListener("htmx:configRequest", function (e) {
    var elt = e.detail.elt;
    var param = elt && elt.getAttribute && elt.getAttribute("data-query-param");
    if (param) e.detail.parameters[param] = elt.value;
  });
})();
