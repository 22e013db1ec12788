// The scoring form never loses what a curator typed: every change is kept in this device's
// storage at once and sent to the server as a draft when the connection allows. A reload, a
// dropped connection or a closed tab restores the typing from storage.
(function () {
  "use strict";

  var cleared = document.querySelector("[data-draft-clear]");
  if (cleared) {
    localStorage.removeItem(cleared.getAttribute("data-draft-clear"));
  }
  var form = document.querySelector("form[data-draft-key]");
  if (!form || !window.localStorage || !window.fetch) {
    return;
  }
  var key = form.getAttribute("data-draft-key");
  var statusLine = form.querySelector("[data-draft-status]");
  var text = function (name) {
    return form.getAttribute("data-msg-" + name) || "";
  };
  // The revision the fields show; the server keeps stored values where a stale form sends blanks.
  var revision = form.elements.namedItem("revision");
  var timer = null;
  var sending = false;

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "submit" || field.type === "hidden") {
        return;
      }
      if (field.type === "radio") {
        if (field.checked) {
          data[field.name] = field.value;
        }
      } else {
        data[field.name] = field.value;
      }
    });
    return data;
  }

  function restore(data) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !(field.name in data) || field.type === "submit") {
        return;
      }
      if (field.type === "radio") {
        field.checked = field.value === data[field.name];
      } else if (field.type !== "hidden") {
        field.value = data[field.name];
      }
    });
  }

  // Show what the server holds (another device's typing) in the fields this device left blank.
  function fillBlanks(stored) {
    Array.prototype.forEach.call(form.elements, function (field) {
      var value = stored[field.name];
      if (value === null || value === undefined || value === "" || field.type === "hidden") {
        return;
      }
      if (field.type === "radio") {
        if (!form.querySelector('input[name="' + field.name + '"]:checked')) {
          field.checked = field.value === String(value);
        }
      } else if (field.value === "") {
        field.value = value;
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function say(message) {
    if (statusLine) {
      statusLine.textContent = message;
    }
  }

  function remember() {
    localStorage.setItem(
      key,
      JSON.stringify({ data: snapshot(), dirty: true, at: Date.now(), base: revision.value })
    );
  }

  function send() {
    if (sending) {
      return;
    }
    var stored = JSON.parse(localStorage.getItem(key) || "null");
    if (!stored || !stored.dirty) {
      return;
    }
    if (!navigator.onLine) {
      say(text("offline"));
      return;
    }
    sending = true;
    var body = new FormData(form);
    body.set("action", "autosave");
    fetch(window.location.href, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (response.status === 503 || response.status === 502 || response.status === 504) {
          // The server is briefly away (a database restart): the entry stays queued and is
          // sent again when it says to (Retry-After), or soon.
          var after = parseInt(response.headers.get("Retry-After"), 10);
          retryIn(isNaN(after) ? 10 : after);
        }
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (saved) {
        fillBlanks(saved.fields || {});
        revision.value = saved.revision;
        var latest = JSON.parse(localStorage.getItem(key) || "null");
        // Only mark clean what was sent: typing during the request stays dirty.
        if (latest) {
          latest.dirty = latest.dirty && !same(latest.data, stored.data);
          latest.data = snapshot();
          latest.base = revision.value;
          localStorage.setItem(key, JSON.stringify(latest));
        }
        say(text("saved") + " " + new Date().toLocaleTimeString());
      })
      .catch(function () {
        say(text("pending"));
      })
      .finally(function () {
        sending = false;
      });
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(send, delay);
  }

  function retryIn(seconds) {
    schedule(Math.min(Math.max(seconds, 2), 60) * 1000);
  }

  var stored = JSON.parse(localStorage.getItem(key) || "null");
  if (stored && stored.dirty) {
    if (same(stored.data, snapshot())) {
      stored.dirty = false;
      localStorage.setItem(key, JSON.stringify(stored));
    } else {
      restore(stored.data);
      if (stored.base !== undefined) {
        revision.value = stored.base;  // the typing was based on that revision, not this page's
      }
      say(text("restored"));
      schedule(500);
    }
  }

  form.addEventListener("input", function () {
    remember();
    schedule(1500);
  });
  form.addEventListener("change", function () {
    remember();
    schedule(800);
  });
  form.addEventListener("submit", function (event) {
    remember();
    if (!navigator.onLine) {
      event.preventDefault();
      say(text("offline-submit"));
    }
  });
  window.addEventListener("online", function () {
    schedule(200);
  });
  window.addEventListener("offline", function () {
    say(text("offline"));
  });
  setInterval(function () {
    send();
  }, 20000);
})();

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(function () {
    // Without it the page still keeps drafts in local storage; only offline reloads are lost.
  });
}
