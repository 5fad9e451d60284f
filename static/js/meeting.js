// The meeting page during the meeting: notes save themselves while people type, and every open
// page sees the others' notes and the speakers' list within a few seconds.
//
// - Autosave: a pause in typing (1 s) saves the notes with the version they started from. The
//   server answers 409 when someone else saved in between; the writer's text then stays in the
//   field and both versions are shown, so nothing is lost silently.
// - Poll: every 3 s the page asks the live endpoint with the version it knows; 204 while
//   nothing changed. A note is replaced only when nobody is typing in it here (not focused, no
//   unsaved change, no save on its way); a skipped note keeps the known version back, so the
//   next poll brings it again.
// - The speakers' list is swapped whole (it holds buttons only), with focus kept on the button
//   that had it.
(function () {
  var POLL_MS = 3000;
  var DEBOUNCE_MS = 1000;
  var root;
  var notes = {}; // item id -> state

  function text(name) {
    return (root && root.dataset[name]) || "";
  }

  function setStatus(state, message, isError) {
    if (!state.status) return;
    state.status.textContent = message;
    state.status.classList.toggle("notes-status--error", !!isError);
  }

  function clock() {
    var now = new Date();
    return now.toLocaleTimeString(document.documentElement.lang || undefined, {
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
  }

  function clearConflict(state) {
    if (state.conflictBox) state.conflictBox.remove();
    state.conflictBox = null;
    state.conflict = false;
  }

  function showConflict(state, data) {
    clearConflict(state);
    var box = document.createElement("div");
    box.className = "notes-conflict";
    box.id = "notes-conflict-" + state.id;
    box.setAttribute("role", "alert");
    var message = document.createElement("p");
    message.className = "kern-body kern-body--bold";
    message.textContent = data.error || "";
    var label = document.createElement("p");
    label.className = "kern-body kern-body--small";
    label.textContent = data.by
      ? text("conflictTheirsBy").replace("%(name)s", data.by)
      : text("conflictTheirs");
    var theirs = document.createElement("p");
    theirs.className = "kern-body notes-conflict__text";
    theirs.textContent = data.notes || "";
    var actions = document.createElement("div");
    actions.className = "notes-conflict__actions";
    var take = document.createElement("button");
    take.type = "button";
    take.className = "kern-btn kern-btn--secondary";
    take.innerHTML = '<span class="kern-label"></span>';
    take.firstChild.textContent = text("conflictTake");
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "kern-btn kern-btn--primary";
    keep.innerHTML = '<span class="kern-label"></span>';
    keep.firstChild.textContent = text("conflictKeep");
    take.addEventListener("click", function () {
      state.field.value = data.notes || "";
      state.version.value = data.version;
      state.dirty = false;
      clearConflict(state);
      setStatus(state, "");
      state.field.focus();
    });
    keep.addEventListener("click", function () {
      state.version.value = data.version;
      clearConflict(state);
      save(state);
      state.field.focus();
    });
    actions.appendChild(keep);
    actions.appendChild(take);
    box.appendChild(message);
    box.appendChild(label);
    box.appendChild(theirs);
    box.appendChild(actions);
    state.form.querySelector(".notes-actions").before(box);
    state.conflictBox = box;
    state.conflict = true;
  }

  function save(state, keepalive) {
    clearTimeout(state.timer);
    state.timer = null;
    if (state.conflict) return;
    if (state.saving) {
      state.again = true;
      return;
    }
    var sent = state.field.value;
    var body = new FormData(state.form);
    state.saving = true;
    setStatus(state, text("saving"));
    fetch(state.form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data };
        });
      })
      .then(function (answer) {
        state.saving = false;
        if (answer.status === 200) {
          state.version.value = answer.data.version;
          if (state.field.value === sent) {
            state.dirty = false;
            setStatus(state, text("saved") + " " + clock());
          }
        } else if (answer.status === 409) {
          showConflict(state, answer.data);
          setStatus(state, text("unsaved"), true);
          return;
        } else {
          setStatus(state, answer.data.error || text("failed"), true);
          return;
        }
        if (state.again || state.dirty) {
          state.again = false;
          if (state.dirty) schedule(state);
        }
      })
      .catch(function () {
        state.saving = false;
        setStatus(state, navigator.onLine === false ? text("offline") : text("failed"), true);
      });
  }

  function schedule(state) {
    clearTimeout(state.timer);
    state.timer = setTimeout(function () {
      save(state);
    }, DEBOUNCE_MS);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setUpNotes() {
    document.querySelectorAll("form.notes-form").forEach(function (form) {
      var state = {
        id: form.dataset.item,
        form: form,
        field: form.querySelector("textarea"),
        version: form.querySelector("input[name$='-version']"),
        status: form.querySelector(".notes-status"),
        dirty: false,
        saving: false,
        conflict: !!form.querySelector(".notes-conflict"),
        conflictBox: form.querySelector(".notes-conflict"),
      };
      if (!state.field || !state.version) return;
      notes[state.id] = state;
      state.field.addEventListener("input", function () {
        state.dirty = true;
        if (state.conflict) return;
        setStatus(state, text("unsaved"));
        schedule(state);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (state.conflict) {
          var conflictVersion = state.version.value;
          clearConflict(state);
          state.version.value = conflictVersion;
        }
        state.dirty = true;
        save(state);
      });
    });
    window.addEventListener("pagehide", function () {
      Object.keys(notes).forEach(function (id) {
        var state = notes[id];
        if (state.dirty && !state.saving && !state.conflict) save(state, true);
      });
    });
  }

  function applyNotes(items) {
    var complete = true;
    items.forEach(function (item) {
      var state = notes[item.id];
      if (state) {
        if (item.version <= parseInt(state.version.value, 10)) return;
        var busy =
          state.dirty || state.saving || state.conflict || document.activeElement === state.field;
        if (busy) {
          complete = false;
          return;
        }
        state.field.value = item.notes;
        state.version.value = item.version;
        return;
      }
      var shown = document.querySelector("[data-notes-for='" + item.id + "']");
      if (shown) {
        shown.textContent = item.notes || shown.dataset.empty || "";
        shown.classList.toggle("kern-body--muted", !item.notes);
      }
    });
    return complete;
  }

  function swapSpeakers(html, version) {
    var current = document.getElementById("speakers");
    if (!current) return;
    var shown = parseInt(current.dataset.version, 10);
    if (!isNaN(shown) && version < shown) return; // an older answer than what one's click brought
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = holder.firstElementChild;
    if (!fresh || fresh.innerHTML === current.innerHTML) return;
    var active = document.activeElement;
    var focusedId = active && current.contains(active) ? active.id : null;
    current.replaceWith(fresh);
    if (window.htmx) htmx.process(fresh);
    if (focusedId) {
      var again = document.getElementById(focusedId) || document.getElementById("speakers-heading");
      if (again) again.focus();
    }
  }

  var polling = false;

  function poll() {
    var url = root.dataset.liveUrl;
    if (!url || polling || document.hidden) return;
    polling = true;
    var known = root.dataset.liveVersion || "";
    fetch(url + "?v=" + encodeURIComponent(known), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    })
      .then(function (response) {
        if (response.status !== 200) return null;
        return response.json();
      })
      .then(function (data) {
        polling = false;
        if (!data) return;
        var complete = applyNotes(data.items || []);
        // New agenda items or decisions of others are not drawn here (a reload could cost
        // someone their typing): the page says so and offers the reload.
        var notice = document.getElementById("record-notice");
        var changed = data.record && data.record !== root.dataset.record;
        if (notice && changed && !notice.firstElementChild) {
          notice.appendChild(document.getElementById("record-notice-text").content.cloneNode(true));
        }
        if (data.speakers_html) swapSpeakers(data.speakers_html, data.version);
        if (complete) root.dataset.liveVersion = data.version;
      })
      .catch(function () {
        polling = false;
      });
  }

  // Moving an agenda item reloads the page; focus returns to the button that was pressed (or
  // its counterpart when the item reached an end), so the keyboard can keep moving it.
  function setUpMoves() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList || !form.classList.contains("move-form")) return;
      var button = form.querySelector("button");
      try {
        sessionStorage.setItem("gw-meeting-focus", button.id);
      } catch (error) {
        // Storage may be off; the page still works.
      }
    });
    var wanted = null;
    try {
      wanted = sessionStorage.getItem("gw-meeting-focus");
      sessionStorage.removeItem("gw-meeting-focus");
    } catch (error) {
      wanted = null;
    }
    if (!wanted) return;
    var target =
      document.getElementById(wanted) ||
      document.getElementById(wanted.replace(/^move-(up|down)/, function (_match, way) {
        return way === "up" ? "move-down" : "move-up";
      }));
    if (!target) return;
    // After the scroll to the item's #fragment, which happens on load and would take the
    // focus back to the document.
    var focus = function () {
      target.focus();
    };
    if (document.readyState === "complete") setTimeout(focus, 0);
    else
      window.addEventListener("load", function () {
        setTimeout(focus, 0);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("meeting-live");
    if (!root) return;
    setUpNotes();
    setUpMoves();
    if (root.dataset.liveUrl) setInterval(poll, POLL_MS);
  });

  // After one's own click on the speakers' list, htmx swaps it: keep the focus in the list.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "speakers") {
      var active = document.activeElement;
      window.__gwSpeakersFocus = active && target.contains(active) ? active.id || "speakers-heading" : null;
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    // After a role change the clicked button is gone: the notice takes the focus (a rejected
    // form's error summary takes it in app.js).
    var target = event.detail.target;
    if (target && target.id === "roles") {
      var roles = document.getElementById("roles");
      var notice = roles && !roles.querySelector(".form-summary") && roles.querySelector(".roles-notice");
      if (notice) notice.focus();
    }
    var id = window.__gwSpeakersFocus;
    if (!id) return;
    window.__gwSpeakersFocus = null;
    var again = document.getElementById(id) || document.getElementById("speakers-heading");
    if (again) again.focus();
  });
})();
