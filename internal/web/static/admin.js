// admin.js: small conveniences for the plan editor and the documents and
// feedback pages. Every page works without it.
(function () {
  "use strict";

  // In the measure form, show only the deadline inputs the chosen kind uses.
  function syncDeadline(form) {
    var checked = form.querySelector('input[name="deadline_mode"]:checked');
    if (!checked) return;
    form.querySelectorAll("[data-mode]").forEach(function (el) {
      var show = el.dataset.mode.split(" ").indexOf(checked.value) >= 0;
      el.hidden = !show;
      el.querySelectorAll("input").forEach(function (i) { i.disabled = !show; });
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    if (form.querySelector('input[name="deadline_mode"]')) {
      syncDeadline(form);
      form.addEventListener("change", function (e) {
        if (e.target.name === "deadline_mode") syncDeadline(form);
      });
    }
  });

  // Bring the open form of the plan editor into view.
  var open = document.querySelector(".adm-item-form");
  if (open && !location.hash) open.scrollIntoView({ block: "center" });
})();
