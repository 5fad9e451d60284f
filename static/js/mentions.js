// @mentions in news and comments: typing "@" and a few letters of a name asks the server (htmx)
// for matching members and shows them in a listbox under the text field. Arrow keys move
// through the suggestions, Enter or Tab inserts the chosen member as `@[Name](user:<id>)`,
// Escape closes the list. The field keeps focus all the time (aria-activedescendant), and a
// live region says how many members were found.
(function () {
  var TRIGGER = /(^|\s)@([^\s@\[\]()]{1,30}(?: [^\s@\[\]()]{0,30})?)$/;

  function setup(field) {
    field.setAttribute("data-mention-ready", "");
    var listbox = document.getElementById(field.getAttribute("aria-controls"));
    var status = field.closest(".mention-field").querySelector("[data-mention-status]");
    var url = field.dataset.mentionUrl;
    var match = null;
    var active = -1;
    var timer = null;

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]"));
    }
    function close() {
      listbox.hidden = true;
      listbox.innerHTML = "";
      field.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      field.setAttribute("aria-activedescendant", all[active].id);
    }
    function choose(option) {
      if (!match || !option) return;
      var before = field.value.slice(0, match.start);
      var after = field.value.slice(field.selectionEnd);
      var token = option.dataset.token + " ";
      field.value = before + token + after;
      var caret = before.length + token.length;
      field.setSelectionRange(caret, caret);
      status.textContent = option.textContent.trim() + " " + (field.dataset.mentionAdded || "");
      close();
      field.focus();
    }
    function lookup() {
      var text = field.value.slice(0, field.selectionStart);
      var found = TRIGGER.exec(text);
      if (!found) {
        match = null;
        close();
        return;
      }
      match = { start: text.length - found[2].length - 1, query: found[2] };
      window.htmx.ajax("GET", url + "?q=" + encodeURIComponent(match.query), {
        target: listbox,
        swap: "innerHTML",
      }).then(function () {
        var count = options().length;
        if (!count) {
          close();
          status.textContent = field.dataset.mentionNone || "";
          return;
        }
        listbox.hidden = false;
        highlight(0);
        status.textContent = count + " " + (field.dataset.mentionFound || "");
      });
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 200);
    });
    field.addEventListener("keydown", function (event) {
      if (listbox.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (active >= 0) {
          event.preventDefault();
          choose(options()[active]);
        }
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    field.addEventListener("blur", function () {
      // Give a click on an option time to land before the list closes.
      setTimeout(close, 200);
    });
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the field
      choose(event.target.closest("[role=option]"));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-mention-url]").forEach(setup);
  });
  // A rejected form comes back through htmx: wire up its new field.
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.elt && event.detail.elt.isConnected ? event.detail.elt : document;
    root.querySelectorAll("textarea[data-mention-url]:not([data-mention-ready])").forEach(setup);
  });
})();
