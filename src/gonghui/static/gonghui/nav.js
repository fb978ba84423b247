/* The sidebar's page finder: typing in [data-nav-filter] keeps the links whose label (or whose
 * module's label) holds the text, unfolds the modules that keep one and hides the others;
 * emptying it restores the folding the page came with. Enter opens the first link kept,
 * Escape empties the box. The same markup serves the phone's offcanvas menu. */
(function () {
  "use strict";

  function norm(text) {
    return (text || "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  function restore(nav) {
    nav.querySelectorAll("[data-nav-module]").forEach(function (module) {
      module.classList.remove("d-none");
      module.querySelectorAll(".nav-link").forEach(function (a) { a.classList.remove("d-none"); });
      var body = module.querySelector(".collapse");
      var toggle = module.querySelector("[data-bs-toggle='collapse']");
      var open = body.hasAttribute("data-nav-open");
      body.classList.toggle("show", open);
      toggle.classList.toggle("collapsed", !open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    nav.querySelector("[data-nav-empty]").classList.add("d-none");
  }

  function filter(nav, query) {
    if (!query) { restore(nav); return; }
    var any = false;
    nav.querySelectorAll("[data-nav-module]").forEach(function (module) {
      var label = module.querySelector("[data-nav-module-label]");
      var wholeModule = norm(label && label.textContent).indexOf(query) !== -1;
      var kept = 0;
      module.querySelectorAll(".nav-link").forEach(function (a) {
        var match = wholeModule || norm(a.textContent).indexOf(query) !== -1;
        a.classList.toggle("d-none", !match);
        if (match) kept += 1;
      });
      module.classList.toggle("d-none", kept === 0);
      // Unfolded without the collapse animation: the list follows each keystroke.
      var body = module.querySelector(".collapse");
      var toggle = module.querySelector("[data-bs-toggle='collapse']");
      body.classList.toggle("show", kept > 0);
      toggle.classList.toggle("collapsed", kept === 0);
      toggle.setAttribute("aria-expanded", kept > 0 ? "true" : "false");
      if (kept) any = true;
    });
    nav.querySelector("[data-nav-empty]").classList.toggle("d-none", any);
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-nav-filter]")) return;
    filter(box.closest("[data-nav]"), norm(box.value));
  });

  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-nav-filter]")) return;
    var nav = box.closest("[data-nav]");
    if (event.key === "Escape" && box.value) {
      box.value = "";
      restore(nav);
      event.preventDefault();
    } else if (event.key === "Enter") {
      var first = Array.prototype.find.call(nav.querySelectorAll("[data-nav-module] .nav-link"), function (a) {
        return !a.classList.contains("d-none") && !a.closest(".d-none");
      });
      if (first && box.value.trim()) window.location.assign(first.href);
      event.preventDefault();
    }
  });
})();
