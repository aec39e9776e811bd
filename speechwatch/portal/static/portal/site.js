// Behaviour every page shares (portal and workspace), kept out of the HTML because the
// Content-Security-Policy runs no inline script or event-handler attribute.
(function () {
  "use strict";
  // The language switcher submits on change (a "Go" button covers browsers without script).
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches && t.matches("select[data-autosubmit]") && t.form) t.form.submit();
  });
})();
