// Ledger pages: progressive enhancements only; every form works without them.
(function () {
  "use strict";
  // Expand or collapse the whole tree.
  var tools = document.querySelector(".ledger-tools");
  if (tools) {
    tools.hidden = false;
    tools.addEventListener("click", function (e) {
      var b = e.target.closest("[data-ledger-expand]");
      if (!b) return;
      var open = b.getAttribute("data-ledger-expand") === "true";
      document.querySelectorAll(".ledger-tree details").forEach(function (d) { d.open = open; });
    });
  }
  // Evidence drop zone around the plain <input type=file multiple>.
  document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var hint = zone.querySelector(".dz-hint");
    var list = zone.querySelector(".dz-list");
    if (!input || typeof DataTransfer === "undefined") return;
    zone.classList.add("dz-js");
    if (hint) hint.hidden = false;
    function show() {
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (f) {
        var li = document.createElement("li");
        li.textContent = f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " KB)";
        list.appendChild(li);
      });
    }
    zone.addEventListener("click", function (e) { if (e.target !== input) input.click(); });
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("dz-over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove("dz-over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      var dt = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (f) { dt.items.add(f); });
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) { dt.items.add(f); });
      input.files = dt.files;
      show();
    });
  });
  // The escalation form shows the fields of the chosen step only.
  document.querySelectorAll("[data-escalate]").forEach(function (form) {
    var level = form.querySelector("select[name=level]");
    function sync() {
      form.querySelectorAll("[data-for-level]").forEach(function (el) {
        el.hidden = el.getAttribute("data-for-level").split(" ").indexOf(level.value) < 0;
      });
    }
    level.addEventListener("change", sync);
    sync();
  });
})();
