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

  // Drag and drop (progressive enhancement): a card dropped on a cluster's column is moved
  // through the card's own "Move" form, so the server, the board version and the live update
  // are the same as with the keyboard-usable select, which stays on every card.
  var dragged = null;

  function enhance(root) {
    var cards = (root || document).querySelectorAll("#board-cards .barrier-card");
    cards.forEach(function (card) {
      if (card.querySelector("form.card-move")) card.setAttribute("draggable", "true");
    });
  }

  function columnOf(element) {
    return element && element.closest ? element.closest("#board-cards .board-column") : null;
  }

  // The column's heading id says which cluster it shows: "column-<id>" or "column-none".
  function clusterValue(column) {
    var id = column.getAttribute("aria-labelledby") || "";
    var match = /^column-(\d+|none)$/.exec(id);
    if (!match) return null;
    return match[1] === "none" ? "" : match[1];
  }

  function clearDropMarks() {
    document.querySelectorAll(".board-column--drop").forEach(function (column) {
      column.classList.remove("board-column--drop");
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".barrier-card[draggable=true]");
    if (!card) return;
    dragged = card;
    card.classList.add("barrier-card--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragover", function (event) {
    var column = columnOf(event.target);
    if (!dragged || !column || clusterValue(column) === null) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!column.classList.contains("board-column--drop")) {
      clearDropMarks();
      column.classList.add("board-column--drop");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("board-column--drop");
  });

  document.addEventListener("drop", function (event) {
    var column = columnOf(event.target);
    var card = dragged;
    clearDropMarks();
    if (!card || !column) return;
    event.preventDefault();
    var value = clusterValue(column);
    var form = card.querySelector("form.card-move");
    var select = form && form.querySelector("select[name=cluster]");
    if (value === null || !select || select.value === value) return;
    select.value = value;
    if (form.requestSubmit) form.requestSubmit();
    else form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("barrier-card--dragging");
    dragged = null;
    clearDropMarks();
  });

  // A poll arriving mid-drag would replace the card under the pointer: wait for the drop.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (dragged && isPoll(event.detail.elt)) event.preventDefault();
  });

  document.addEventListener("htmx:afterSwap", function () {
    enhance(document);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhance(document);
    });
  } else {
    enhance(document);
  }
})();
