// The bell's count without a reload: asked every `data-poll-seconds` seconds (30 by default)
// while the page is visible, and when it becomes visible again. Without JavaScript the count
// is the one the page was rendered with.
(function () {
  "use strict";
  var bell = document.querySelector(".site-bell[data-count-url]");
  if (!bell) return;
  var count = bell.querySelector(".site-bell__count");
  var url = bell.getAttribute("data-count-url");
  var seconds = parseInt(bell.getAttribute("data-poll-seconds"), 10) || 30;
  function ask() {
    if (document.visibilityState !== "visible") return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || typeof answer.unread !== "number") return;
        count.textContent = String(answer.unread);
        bell.classList.toggle("site-bell--unread", answer.unread > 0);
      })
      .catch(function () {});
  }
  window.setInterval(ask, seconds * 1000);
  document.addEventListener("visibilitychange", ask);
})();
