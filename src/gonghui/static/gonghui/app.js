/* Behaviour the templates declare with data- attributes. The Content-Security-Policy runs no
 * inline script (no onclick=, no <script> bodies) and applies no style= attribute, so what they
 * did lives here. Style set from script (element.style) is allowed. */
(function () {
  "use strict";

  // <form data-confirm="…">: ask before it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // <select data-autosubmit>: choosing a value sends its form.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) field.form.submit();
  });

  // <button data-tree-toggle="children-7">: open or close a branch of the organization tree
  // (htmx loads the branch on the first click).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-tree-toggle]");
    if (!button) return;
    var icon = button.querySelector("i");
    if (icon) {
      icon.classList.toggle("bi-caret-down-fill");
      icon.classList.toggle("bi-caret-right-fill");
    }
    var branch = document.getElementById(button.getAttribute("data-tree-toggle"));
    if (branch) branch.classList.toggle("d-none");
  });

  // <button data-print>: print the page (the print rules of app.css leave out the navigation).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  // data-width="42" → width 42 % (progress bars); data-indent="3" → indented 3 rem (tree rows).
  // On the page and on every piece htmx swaps in.
  function sizes(root) {
    var all = Array.prototype.slice.call(root.querySelectorAll("[data-width], [data-indent]"));
    if (root.matches && root.matches("[data-width], [data-indent]")) all.push(root);
    all.forEach(function (el) {
      if (el.hasAttribute("data-width")) el.style.width = el.getAttribute("data-width") + "%";
      if (el.hasAttribute("data-indent")) el.style.paddingLeft = el.getAttribute("data-indent") + "rem";
    });
  }
  if (window.htmx) {
    window.htmx.onLoad(sizes);
  } else {
    document.addEventListener("DOMContentLoaded", function () { sizes(document); });
  }
})();
