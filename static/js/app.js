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
  // After a swap, move focus to the error summary so screen readers announce it.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var summary = event.detail.target.querySelector(".form-summary");
    if (summary) summary.focus();
  });
});
// Close the initiative switcher with Escape and return focus to it.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details[open].switcher__details").forEach(function (details) {
    details.removeAttribute("open");
    details.querySelector("summary").focus();
  });
});
