// 学法减分 study page: report to the server every 15 s while the page is shown, and once with
// visible=false when it is hidden (visibilitychange); the server's clock decides what counts.
(function () {
  "use strict";
  var box = document.getElementById("study");
  if (!box) { return; }
  var url = box.dataset.url, timer = null;
  var tab = "t" + Math.random().toString(36).slice(2) + Date.now().toString(36);
  var csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
  var shown = document.getElementById("study-counted");
  var bar = document.getElementById("study-bar");
  var state = document.getElementById("study-state");

  function show(progress) {
    var minutes = Math.floor(progress.counted_seconds / 60);
    shown.textContent = String(minutes);
    bar.value = Math.min(100, Math.round(100 * progress.counted_seconds / progress.required_seconds));
    if (progress.face_check_due && progress.status === "studying") {
      state.textContent = box.dataset.faceDue;
      stop();
    } else if (progress.status !== "studying") {
      stop();
      window.location.reload();
    } else {
      state.textContent = box.dataset.running;
    }
  }

  // One report at a time from this page: each waits for the one before.
  var queue = Promise.resolve();
  function send(visible) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", keepalive: !visible,
      headers: { "Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(csrf) },
      body: JSON.stringify({ tab: tab, visible: visible, client_at: new Date().toISOString() })
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) { if (p && visible) { show(p); } return p; })
      .catch(function () { return null; /* a lost beat is a gap: the server does not count it */ });
  }
  function beat(visible) {
    queue = queue.then(function () { return send(visible); });
    return queue;
  }

  function start() { if (!timer) { beat(true); timer = window.setInterval(function () { beat(true); }, 15000); } }
  function stop() { if (timer) { window.clearInterval(timer); timer = null; } }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { stop(); beat(false); state.textContent = box.dataset.paused; }
    else { start(); }
  });
  window.__studyBeat = beat;  // the browser test's hook (the simulated clock moves in between)
  if (document.visibilityState !== "hidden" && box.dataset.active === "1") { start(); }
})();
