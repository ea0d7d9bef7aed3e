// print.js: a button marked data-print prints the page (the print
// stylesheet keeps the document only).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
