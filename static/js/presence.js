// Who else has this step open: asked again every 20 seconds while the page is visible, which
// also keeps this reader marked present. Without JavaScript the page shows it when it loads.
(function () {
  "use strict";
  var box = document.getElementById("presence");
  if (!box) return;
  var url = box.getAttribute("data-presence-url");
  function ask() {
    if (document.visibilityState !== "visible") return;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && html !== box.innerHTML) box.innerHTML = html; })
      .catch(function () {});
  }
  window.setInterval(ask, 20000);
  document.addEventListener("visibilitychange", ask);
})();
