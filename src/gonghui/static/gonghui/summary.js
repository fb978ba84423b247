/* The summary's draft page. A block's text open for editing warns before the page is left with
 * it unsaved (every saved change is already kept in the working copy); Escape cancels. */
(function () {
  "use strict";
  var dirty = false;
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("form[data-summary-edit]")) dirty = true;
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches && event.target.matches("form[data-summary-edit]")) dirty = false;
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.closest && elt.closest("form[data-summary-edit]")) dirty = false;
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (!document.querySelector("form[data-summary-edit]")) dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var form = event.target.closest && event.target.closest("form[data-summary-edit]");
    var cancel = form && form.querySelector("[data-summary-cancel]");
    if (cancel) { dirty = false; cancel.click(); }
  });
})();
