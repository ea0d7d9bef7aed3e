// Helps the project forms; each works without it.
// - A milestone picker with data-trl-follow sets the TRL picker it names to
//   the chosen milestone's required level.
// - A button with data-add-row adds an empty milestone row to the table it
//   names (the rows' fields share their names, so no renumbering).
// - A button with data-copy-plan copies the first team's plan in the 定榜
//   form into the other teams' plans.
(function () {
  "use strict";
  document.querySelectorAll("select[data-trl-follow]").forEach(function (sel) {
    var target = document.getElementById(sel.getAttribute("data-trl-follow"));
    if (!target) { return; }
    sel.addEventListener("change", function () {
      var opt = sel.options[sel.selectedIndex];
      if (opt && opt.getAttribute("data-trl")) { target.value = opt.getAttribute("data-trl"); }
    });
  });
  // cloneRow adds an empty copy of a container's last milestone row.
  var cloneRow = function (rows) {
    var last = rows.lastElementChild;
    if (!last) { return null; }
    var row = last.cloneNode(true);
    row.querySelectorAll("input").forEach(function (el) { el.value = ""; });
    row.querySelectorAll("select").forEach(function (el, i) { el.value = last.querySelectorAll("select")[i].value; });
    row.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
    rows.appendChild(row);
    return row;
  };
  document.querySelectorAll("button[data-add-row]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var rows = document.getElementById(btn.getAttribute("data-add-row"));
      if (rows) { cloneRow(rows); }
    });
  });
  document.querySelectorAll("button[data-copy-plan]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var plans = document.querySelectorAll("fieldset[data-plan]");
      if (plans.length < 2) { return; }
      var from = plans[0], fromRows = from.querySelector(".prj-ms-rows");
      for (var i = 1; i < plans.length; i++) {
        var to = plans[i], toRows = to.querySelector(".prj-ms-rows");
        // Give the other plan as many milestone rows as the first one has.
        while (fromRows && toRows && toRows.children.length < fromRows.children.length) { cloneRow(toRows); }
        var src = from.querySelectorAll("[data-field]"), dst = to.querySelectorAll("[data-field]");
        for (var j = 0; j < src.length && j < dst.length; j++) {
          if (src[j].getAttribute("data-field") === dst[j].getAttribute("data-field")) { dst[j].value = src[j].value; }
        }
      }
    });
  });
})();
