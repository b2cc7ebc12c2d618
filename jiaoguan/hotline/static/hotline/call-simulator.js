// The demo's telephone: follows the VoiceXML documents of /voice/ as an IVR platform would.
// It says each prompt (its audio, and its text on screen), takes keys, and after a silence
// of the document's timeout submits the noinput event.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2001/vxml";
  const root = document.getElementById("call");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const keys = Array.from(document.querySelectorAll("#keypad button"));
  let doc = null, typed = "", timer = null, player = null;

  function literal(expr) { return expr && expr.startsWith("'") ? expr.slice(1, -1) : ""; }
  function vars() {
    const found = {};
    for (const v of doc.getElementsByTagNameNS(NS, "var")) found[v.getAttribute("name")] = literal(v.getAttribute("expr"));
    return found;
  }
  function enable(on) {
    keys.forEach((b) => { b.disabled = !on; });
    $("silence").disabled = !on;
    $("hangup").disabled = !doc;
  }
  function stopAudio() { if (player) { player.pause(); player = null; } clearTimeout(timer); }

  async function submit(element, values) {
    stopAudio();
    const submitNode = element.getElementsByTagNameNS(NS, "submit")[0];
    const known = vars();
    const body = new URLSearchParams();
    for (const name of submitNode.getAttribute("namelist").split(/\s+/)) {
      if (name in values) body.set(name, values[name]); else if (name in known) body.set(name, known[name]);
    }
    const answer = await fetch(submitNode.getAttribute("next"), { method: "POST", body, credentials: "same-origin" });
    show(new DOMParser().parseFromString(await answer.text(), "application/xml"));
  }

  function play(sources, then) {
    if (!sources.length) { then(); return; }
    player = new Audio(sources[0]);
    player.addEventListener("ended", () => play(sources.slice(1), then));
    player.addEventListener("error", () => play(sources.slice(1), then));
    player.play().catch(() => play(sources.slice(1), then));
  }

  function show(next) {
    doc = next; typed = ""; $("typed").textContent = "";
    const list = $("prompts");
    list.replaceChildren();
    const audios = Array.from(doc.getElementsByTagNameNS(NS, "audio"));
    for (const a of audios) { const li = document.createElement("li"); li.textContent = a.textContent; list.appendChild(li); }
    const field = doc.getElementsByTagNameNS(NS, "field")[0];
    const transfer = doc.getElementsByTagNameNS(NS, "transfer")[0];
    if (field) {
      $("status").textContent = root.dataset.waiting;
      enable(true);
      play(audios.map((a) => a.getAttribute("src")), () => {
        timer = setTimeout(() => submit(field.getElementsByTagNameNS(NS, "noinput")[0], { event: "noinput" }), 8000);
      });
    } else {
      enable(false);
      $("hangup").disabled = true;
      $("status").textContent = transfer ? root.dataset.transferred + transfer.getAttribute("dest") : root.dataset.ended;
      play(audios.map((a) => a.getAttribute("src")), () => {});
      doc = null;
    }
  }

  function press(key) {
    const field = doc && doc.getElementsByTagNameNS(NS, "field")[0];
    if (!field) return;
    clearTimeout(timer);
    const grammar = field.getElementsByTagName("grammar")[0] || field.getElementsByTagNameNS("http://www.w3.org/2001/06/grammar", "grammar")[0];
    if (grammar && grammar.getAttribute("root") === "pin") {
      if (key !== "#") { typed += key; $("typed").textContent = "*".repeat(typed.length); return; }
      submit(field.getElementsByTagNameNS(NS, "filled")[0], { key: typed + "#" });
      return;
    }
    submit(field.getElementsByTagNameNS(NS, "filled")[0], { key: key });
  }

  $("dial").addEventListener("click", async () => {
    stopAudio();
    const entry = await fetch(root.dataset.entry, { credentials: "same-origin" });
    doc = new DOMParser().parseFromString(await entry.text(), "application/xml");
    const caller = $("caller").value.replace(/\D/g, "");
    await submit(doc.getElementsByTagNameNS(NS, "form")[0], { caller: "tel:+86" + caller });
  });
  keys.forEach((b) => b.addEventListener("click", () => press(b.dataset.key)));
  $("silence").addEventListener("click", () => {
    const field = doc && doc.getElementsByTagNameNS(NS, "field")[0];
    if (field) submit(field.getElementsByTagNameNS(NS, "noinput")[0], { event: "noinput" });
  });
  $("hangup").addEventListener("click", () => { stopAudio(); doc = null; enable(false); $("status").textContent = root.dataset.ended; });
})();
