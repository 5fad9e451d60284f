// htmx 2 does not swap 4xx answers by default; a rejected form answers 422 with its messages,
// and that partial must replace the form so the person sees what to correct.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.htmx) return;
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "422", swap: true },
    { code: "[45]..", swap: false, error: true },
  ];
  // After a swap, move focus to the error summary so screen readers announce it. Forms swap
  // themselves with outerHTML, so the event's target is the detached old form: look the new
  // one up by its id.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && !target.isConnected && target.id) target = document.getElementById(target.id);
    var summary = target && target.isConnected && target.querySelector(".form-summary");
    if (summary) summary.focus();
  });
});
// Close the initiative switcher and the navigation menus with Escape and return focus to the
// one that held it; a click elsewhere or opening another menu closes an open menu too.
var MENUS = "details[open].switcher__details, details[open].nav-menu__details";
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll(MENUS).forEach(function (details) {
    var hadFocus = details.contains(document.activeElement);
    details.removeAttribute("open");
    if (hadFocus) details.querySelector("summary").focus();
  });
});
document.addEventListener("click", function (event) {
  document.querySelectorAll(MENUS).forEach(function (details) {
    if (!details.contains(event.target)) details.removeAttribute("open");
  });
});
document.addEventListener("focusin", function (event) {
  document.querySelectorAll("details[open].nav-menu__details").forEach(function (details) {
    if (!details.contains(event.target)) details.removeAttribute("open");
  });
});
document.addEventListener("DOMContentLoaded", function () {
  // A form posted without htmx comes back as a whole page: start at its error summary too.
  var summary = document.querySelector(".form-summary");
  if (summary) summary.focus();
  // On narrow screens a bar chart's SVG is hidden (its labels would be too small to read) and
  // its table stands in for it, so open the table there. Series charts have a compact SVG of
  // their own for phones, so their tables stay closed.
  if (window.matchMedia("(max-width: 36rem)").matches) {
    document.querySelectorAll("details.chart-table:not(.chart-table--series)").forEach(function (details) {
      details.open = true;
    });
  }
});
