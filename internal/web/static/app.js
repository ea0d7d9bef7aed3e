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
  // Keyboard shortcuts for the daily review (listed in dialog#shortcuts,
  // opened with "?"): n/p the next/previous to-do item, a accept and r
  // return the pending report, j/k the rows of a list, g h the inbox.
  var help = document.getElementById("shortcuts");
  function toggleHelp() {
    if (!help || !help.showModal) return;
    if (help.open) help.close(); else help.showModal();
  }
  document.querySelectorAll("[data-shortcuts]").forEach(function (b) { b.addEventListener("click", toggleHelp); });
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function go(sel) {
    var a = document.querySelector(sel);
    if (a) { a.click(); return true; }
    return false;
  }
  function rows() {
    return Array.prototype.filter.call(document.querySelectorAll("main table.grid tbody tr"), function (tr) {
      return tr.querySelector("a[href]");
    });
  }
  function moveRow(step) {
    var list = rows();
    if (!list.length) return false;
    var at = list.indexOf(document.activeElement && document.activeElement.closest ? document.activeElement.closest("tr") : null);
    var next = list[Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + step))];
    list.forEach(function (tr) { tr.classList.remove("key-row"); });
    next.classList.add("key-row");
    next.querySelector("a[href]").focus();
    next.scrollIntoView({ block: "nearest" });
    return true;
  }
  var pendingG = false;
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    // Ctrl+Enter in a review's comment returns the report.
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && t instanceof HTMLTextAreaElement && t.form && t.form.classList.contains("report-review")) {
      var back = t.form.querySelector('button[value="return"]');
      if (back) { e.preventDefault(); back.click(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(t) || e.isComposing) return;
    if (help && help.open && e.key !== "?") return;
    var done = false, g = pendingG;
    pendingG = false;
    switch (e.key) {
      case "?": toggleHelp(); done = true; break;
      case "n": done = go("#next-item"); break;
      case "p": done = go("#prev-item"); break;
      case "j": done = moveRow(1); break;
      case "k": done = moveRow(-1); break;
      case "g": pendingG = true; done = true; break;
      case "h": if (g) { window.location.href = "/"; done = true; } break;
      case "a": {
        var ok = document.querySelector('form.report-review button[value="accept"]');
        if (ok) {
          if (document.activeElement === ok) ok.click(); else { ok.scrollIntoView({ block: "center" }); ok.focus(); }
          done = true;
        }
        break;
      }
      case "r": {
        var c = document.querySelector("form.report-review textarea");
        if (c) { c.scrollIntoView({ block: "center" }); c.focus(); done = true; }
        break;
      }
    }
    if (done) e.preventDefault();
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
