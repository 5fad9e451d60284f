// The barrier board: live updates without ever touching what someone is typing.
// The board polls a small version endpoint (hx-trigger="every 3s"); it answers 204 while
// nothing changed and the fresh cards otherwise. The forms to add cards and clusters live
// outside the swapped region, so a poll never replaces them.
(function () {
  var focusedId = null;

  function inBoard(element) {
    return element && element.closest && element.closest("#board-cards");
  }

  function isPoll(element) {
    return element && element.classList && element.classList.contains("board-poll");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    // A person choosing a cluster in a card's select keeps their choice: skip this poll.
    if (isPoll(event.detail.elt) && inBoard(active) && /^(SELECT|INPUT|TEXTAREA)$/.test(active.tagName)) {
      event.preventDefault();
      return;
    }
    focusedId = inBoard(active) && active.id ? active.id : null;
  });

  // A poll sent before one's own dot or move may answer after it: its board is older than the
  // one on screen (which may carry a message, e.g. that all dots are used up), so drop it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!isPoll(event.detail.elt)) return;
    var board = document.getElementById("board-cards");
    var path = event.detail.requestConfig && event.detail.requestConfig.path;
    var asked = path ? parseInt(new URL(path, window.location.href).searchParams.get("v"), 10) : NaN;
    var shown = board ? parseInt(board.dataset.version, 10) : NaN;
    if (!isNaN(asked) && !isNaN(shown) && asked < shown) event.detail.shouldSwap = false;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    // After a dot or a move the clicked button is new: put focus back on its successor.
    if (focusedId && (!target || target.id === "board-cards" || !target.isConnected)) {
      var again = document.getElementById(focusedId);
      if (again) again.focus();
    }
    focusedId = null;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !event.detail.successful || event.detail.xhr.status !== 200) return;
    if (form.id === "card-form" || form.id === "cluster-form") {
      form.reset();
      var first = form.querySelector("textarea, input[type=text]");
      if (first) first.focus();
    }
  });
})();
