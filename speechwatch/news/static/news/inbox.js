// Keyboard shortcuts of the news inbox (no inline script: the CSP forbids it).
// j/k next/previous story, x select, d dismiss, i create a draft incident, a attach.
(function () {
  "use strict";
  var current = -1;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#inbox-table tr.story")); }

  function focusRow(index) {
    var all = rows();
    if (!all.length) { return; }
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row, i) { row.classList.toggle("current", i === current); });
    var link = all[current].querySelector("a.story-link");
    if (link) { link.focus(); }
  }

  function boxes(row) { return row ? row.querySelectorAll("input[name=items]") : []; }

  function selectedCount() { return document.querySelectorAll("#inbox-form input[name=items]:checked").length; }

  function ensureSelection() {
    // Acting with nothing ticked acts on the current story (or, on an item page, the item).
    if (!document.getElementById("inbox-table") || selectedCount()) { return; }
    var row = rows()[current];
    Array.prototype.forEach.call(boxes(row), function (box) { box.checked = true; });
  }

  function press(id) { var b = document.getElementById(id); if (b) { b.click(); } }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    switch (event.key) {
      case "j": focusRow(current + 1); break;
      case "k": focusRow(current - 1); break;
      case "x":
        Array.prototype.forEach.call(boxes(rows()[current]), function (box) { box.checked = !box.checked; });
        break;
      case "d": {
        var reason = document.getElementById("dismiss-reason");
        ensureSelection();
        if (reason && !reason.value) { reason.focus(); } else { press("dismiss-selected"); }
        break;
      }
      case "i": ensureSelection(); press("incident-selected"); break;
      case "a": {
        var field = document.getElementById("attach-incident");
        ensureSelection();
        if (field) { field.focus(); }
        break;
      }
      default: return;
    }
    event.preventDefault();
  });
})();
