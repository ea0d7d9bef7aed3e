// Every page. Confirmations, and on a narrow screen a table reads as a stack of cards, each
// cell labelled with its column's heading (the CSS does the layout below
// 600 px). Pages work without it: the tables then scroll sideways.
(function () {
  "use strict";
  // Ask before a form that cannot be undone lightly (data-confirm): publishing,
  // acting on many records, a leader's signature, withdrawing a request.
  // A button may ask for itself (data-confirm on the button that submits).
  document.addEventListener("submit", function (e) {
    var f = e.target, b = e.submitter;
    var ask = (b && b.dataset && b.dataset.confirm) || (f instanceof HTMLFormElement && f.dataset.confirm);
    if (ask && !window.confirm(ask)) {
      e.preventDefault();
    }
  });
  // A "select all" box (data-check-all="class") ticks the boxes of that
  // class in its form.
  document.addEventListener("change", function (e) {
    var box = e.target;
    if (!(box instanceof HTMLInputElement) || !box.dataset.checkAll || !box.form) return;
    box.form.querySelectorAll("input." + box.dataset.checkAll).forEach(function (c) { c.checked = box.checked; });
  });
  document.querySelectorAll("table.grid").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var col = 0;
      Array.prototype.forEach.call(tr.children, function (cell) {
        if (!cell.hasAttribute("data-label") && heads[col]) cell.setAttribute("data-label", heads[col]);
        col += cell.colSpan || 1;
      });
    });
    table.classList.add("cards");
  });
})();
