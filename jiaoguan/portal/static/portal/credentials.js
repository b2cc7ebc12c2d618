// 我的电子证照: fetch a newly signed QR ten seconds before the shown one expires, so the
// code on screen is always current (a screenshot ages out within a minute).
(function () {
  "use strict";
  var LEAD_SECONDS = 10;
  function schedule(figure) {
    var expiresAt = parseInt(figure.getAttribute("data-expires-at"), 10) * 1000;
    var countdown = figure.querySelector('[data-field="countdown"]');
    var timer = setInterval(function () {
      var left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      if (countdown) { countdown.textContent = countdown.textContent.replace(/\d+/, String(left)); }
      if (left <= 0) { figure.classList.add("credential-stale"); }
    }, 1000);
    var wait = Math.max(1000, expiresAt - Date.now() - LEAD_SECONDS * 1000);
    setTimeout(function () { clearInterval(timer); refresh(figure); }, wait);
  }
  function refresh(figure) {
    fetch(figure.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (body) {
        figure.querySelector("img").src = body.image;
        figure.setAttribute("data-qr", body.qr);
        figure.setAttribute("data-expires-at", String(body.expires_at));
        var issued = figure.querySelector('[data-field="issued_at"]');
        if (issued) { issued.textContent = body.issued_at; }
        figure.classList.remove("credential-stale");
        schedule(figure);
      })
      .catch(function () { setTimeout(function () { refresh(figure); }, 5000); });
  }
  document.querySelectorAll("[data-credential-qr]").forEach(schedule);
})();
