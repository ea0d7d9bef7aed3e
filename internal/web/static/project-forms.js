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
  document.querySelectorAll("button[data-add-row]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var body = document.getElementById(btn.getAttribute("data-add-row"));
      var last = body && body.querySelector("tr:last-child");
      if (!last) { return; }
      var row = last.cloneNode(true);
      row.querySelectorAll("input, textarea").forEach(function (el) { el.value = ""; });
      row.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
      row.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
      body.appendChild(row);
    });
  });
  document.querySelectorAll("button[data-copy-plan]").forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var plans = document.querySelectorAll("fieldset[data-plan]");
      if (plans.length < 2) { return; }
      var from = plans[0];
      var fields = function (fs) { return fs.querySelectorAll("[data-field]"); };
      for (var i = 1; i < plans.length; i++) {
        var to = plans[i];
        var src = fields(from), body = to.querySelector("tbody"), srcBody = from.querySelector("tbody");
        // Give the other plan as many milestone rows as the first one has.
        while (body && srcBody && body.rows.length < srcBody.rows.length) {
          body.appendChild(body.rows[body.rows.length - 1].cloneNode(true));
        }
        var dst = fields(to);
        for (var j = 0; j < src.length && j < dst.length; j++) {
          if (src[j].getAttribute("data-field") === dst[j].getAttribute("data-field")) { dst[j].value = src[j].value; }
        }
      }
    });
  });
})();
