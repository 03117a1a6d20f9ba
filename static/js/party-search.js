// Search as you type for the "Partij toevoegen" form; without JavaScript the form still works.
(function () {
  "use strict";
  var form = document.querySelector("[data-party-search]");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var results = document.getElementById("party-results");
  var timer = null;
  var latest = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var request = ++latest;
      var url = new URL(window.location.href);
      url.hash = "";
      url.searchParams.set("zoek", input.value);
      url.searchParams.set("fragment", "resultaten");
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { if (request === latest) results.innerHTML = html; });
    }, 250);
  });
})();
