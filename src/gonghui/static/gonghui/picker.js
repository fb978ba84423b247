/* The member picker (members/picker.py, members/widgets/member_picker.html): type a name, its
 * pinyin or initials, or the last digits of an ID number; choose from the list. A chosen member
 * is a ticked checkbox named as the field (untick to remove), so the form works the same with
 * and without this script. Results are built with textContent only: nothing typed or found is
 * read as HTML. No inline script or style (the CSP). */
(function () {
  "use strict";

  var DELAY = 250;

  function chip(name, pick) {
    var label = document.createElement("label");
    label.className = "member-picker-chip";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.className = "form-check-input";
    box.name = name;
    box.value = String(pick.id);
    box.checked = true;
    var who = document.createElement("span");
    who.className = "member-picker-name";
    who.textContent = pick.name;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" "));
    label.appendChild(who);
    if (pick.detail) {
      var detail = document.createElement("span");
      detail.className = "member-picker-detail";
      detail.textContent = pick.detail;
      label.appendChild(document.createTextNode(" "));
      label.appendChild(detail);
    }
    return label;
  }

  function setup(root) {
    if (root.getAttribute("data-picker-ready")) return;
    root.setAttribute("data-picker-ready", "1");
    var input = root.querySelector("[data-picker-input]");
    var list = root.querySelector("[data-picker-results]");
    var chosen = root.querySelector("[data-picker-chosen]");
    var status = root.querySelector("[data-picker-status]");
    var name = root.getAttribute("data-name");
    var multiple = root.hasAttribute("data-multiple");
    var timer = null;
    var asked = 0;
    var found = [];
    var active = -1;

    function searchUrl(text) {
      var url = new URL(root.getAttribute("data-url"), window.location.href);
      // A new record's union is chosen on the form itself: search that union's roster.
      var owner = input.form && input.form.elements.namedItem("owner");
      if (owner && owner.value) url.searchParams.set("org", owner.value);
      url.searchParams.set("q", text);
      return url.toString();
    }

    function close() {
      list.classList.add("d-none");
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      found = [];
      active = -1;
    }

    function highlight(index) {
      var items = list.children;
      if (!items.length) return;
      active = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++) items[i].classList.toggle("active", i === active);
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(pick) {
      var already = chosen.querySelector('input[value="' + String(pick.id) + '"]');
      if (!multiple) chosen.replaceChildren();
      if (!already || !multiple) chosen.appendChild(chip(name, pick));
      input.value = "";
      input.classList.remove("is-invalid");
      status.textContent = "";
      close();
      input.focus();
    }

    function show(results, more) {
      close();
      found = results;
      if (!results.length) {
        status.textContent = root.getAttribute("data-empty");
        return;
      }
      status.textContent = more ? root.getAttribute("data-more") : "";
      results.forEach(function (pick, i) {
        var item = document.createElement("button");
        item.type = "button";
        item.className = "list-group-item list-group-item-action member-picker-result";
        item.id = input.id + "-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("data-index", String(i));
        var who = document.createElement("span");
        who.className = "member-picker-name";
        who.textContent = pick.name;
        item.appendChild(who);
        if (pick.detail) {
          var detail = document.createElement("span");
          detail.className = "member-picker-detail";
          detail.textContent = pick.detail;
          item.appendChild(detail);
        }
        list.appendChild(item);
      });
      list.classList.remove("d-none");
      input.setAttribute("aria-expanded", "true");
    }

    function search() {
      var text = input.value.trim();
      var mine = ++asked;
      if (!text) {
        close();
        status.textContent = "";
        return;
      }
      fetch(searchUrl(text), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          if (mine === asked) show(data.results || [], data.more);
        })
        .catch(function () {
          if (mine === asked) {
            close();
            status.textContent = root.getAttribute("data-failed");
          }
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.classList.contains("d-none")) return;
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        // Enter picks the highlighted (or only) member instead of sending the form half-filled.
        if (input.value.trim()) event.preventDefault();
        if (active >= 0 && found[active]) choose(found[active]);
        else if (found.length === 1) choose(found[0]);
        else search();
      } else if (event.key === "Escape") {
        close();
      }
    });
    // mousedown keeps the focus in the box, so the list is still there when the click lands.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var item = event.target.closest("[data-index]");
      if (item) choose(found[Number(item.getAttribute("data-index"))]);
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
    // Unticking a chosen member removes it.
    chosen.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type === "checkbox" && !box.checked) {
        var label = box.closest(".member-picker-chip");
        if (label) label.remove();
        input.focus();
      }
    });
  }

  function setupAll(root) {
    var all = Array.prototype.slice.call(root.querySelectorAll("[data-member-picker]"));
    if (root.matches && root.matches("[data-member-picker]")) all.push(root);
    all.forEach(setup);
  }

  if (window.htmx) {
    window.htmx.onLoad(setupAll);
  } else {
    document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  }
})();
