(function () {
  "use strict";
  // The browser review (voicecheck review --web): decision buttons on every card. Each decision is
  // POSTed at once with the session token in a header; the server writes the decisions file and
  // answers with the state of every card that shares the decision (same file and sentence).
  var meta = document.querySelector('meta[name="voicecheck-token"]');
  if (!meta) { return; }
  var token = meta.getAttribute("content");
  var LABELS = {"needs-decision": "needs a decision", "open": "left open", "accepted": "accepted",
                "dismissed": "dismissed"};
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
  var byId = {};
  cards.forEach(function (c) { byId[c.id.slice(2)] = c; });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function status(card, text, error) {
    var s = card.querySelector(".saved");
    s.textContent = text;
    s.classList.toggle("error", !!error);
  }
  function decisionLine(card, d) {
    var p = card.querySelector("p.decision");
    while (p.firstChild) { p.removeChild(p.firstChild); }
    p.hidden = !d;
    if (!d) { return; }
    p.appendChild(el("span", "label", "Review"));
    p.appendChild(document.createTextNode(" "));
    p.appendChild(el("span", "state state-" + d.state, LABELS[d.state] || d.state));
    if (d.reason) { p.appendChild(document.createTextNode(" ")); p.appendChild(el("span", "reason", d.reason)); }
    if (d.note) { p.appendChild(document.createTextNode(" ")); p.appendChild(el("q", "", d.note)); }
    var who = [d.by ? "by " + d.by : "", d.at ? "on " + d.at : ""].filter(Boolean).join(" ");
    if (who) { p.appendChild(document.createTextNode(" ")); p.appendChild(el("span", "muted", who)); }
  }
  function show(answer) {
    var changed = [];
    answer.ids.forEach(function (id) {
      var card = byId[String(id)];
      if (!card) { return; }
      card.setAttribute("data-state", answer.state);
      var badge = card.querySelector(".card-head .state");
      badge.className = "state state-" + answer.state;
      badge.textContent = LABELS[answer.state] || answer.state;
      decisionLine(card, answer.decision);
      card.querySelector('[data-act="undo"]').hidden = !answer.undo;
      closeForm(card);
      status(card, answer.message, false);
      changed.push(card);
    });
    if (window.voicecheckReport) { window.voicecheckReport.changed(changed); }
  }
  function send(card, body, then) {
    body.id = Number(card.id.slice(2));
    status(card, "Saving…", false);
    fetch("/api/decide", {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": "application/json", "X-Voicecheck-Token": token},
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (j) { return {ok: r.ok, answer: j}; });
    }).then(function (res) {
      if (!res.ok) { status(card, "Not saved: " + (res.answer.error || "refused"), true); return; }
      show(res.answer);
      if (then) { then(); }
    }).catch(function () {
      status(card, "Not saved: the review server is not running (start voicecheck review --web again)", true);
    });
  }
  // one dismiss form for the whole page, moved into the card being dismissed
  var form = document.getElementById("dismiss");
  function openForm(card) {
    var actions = card.querySelector(".actions");
    if (form.parentNode !== actions || form.hidden) {
      var was = form.closest("article.card");
      if (was && was !== card) { closeForm(was); }
      form.reset();
      actions.appendChild(form);
    }
    form.hidden = false;
    card.querySelector('[data-act="dismiss"]').setAttribute("aria-expanded", "true");
    var first = form.querySelector('input[name="reason"]:checked') || form.querySelector('input[name="reason"]');
    first.focus();
  }
  function closeForm(card) {
    if (form.hidden || form.closest("article.card") !== card) { return; }
    form.hidden = true;
    card.querySelector('[data-act="dismiss"]').setAttribute("aria-expanded", "false");
  }
  function act(card, what, fromKeys) {
    var next = fromKeys && window.voicecheckReport ? window.voicecheckReport.next : null;
    if (what === "dismiss") { openForm(card); return; }
    closeForm(card);
    send(card, {action: what}, what === "undo" ? null : next);
  }

  cards.forEach(function (card) {
    Array.prototype.forEach.call(card.querySelectorAll("button.act"), function (b) {
      b.addEventListener("click", function () { act(card, b.getAttribute("data-act"), false); });
    });
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var card = form.closest("article.card");
    var reason = form.querySelector('input[name="reason"]:checked');
    if (!card) { return; }
    if (!reason) { status(card, "Choose why it is dismissed", true); return; }
    var note = form.querySelector('input[name="note"]').value;
    send(card, {action: "dismiss", reason: reason.value, note: note}, function () { card.focus(); });
  });
  form.querySelector(".cancel").addEventListener("click", function () {
    var card = form.closest("article.card");
    if (card) { closeForm(card); card.focus(); }
  });
  form.addEventListener("keydown", function (ev) {
    var card = form.closest("article.card");
    if (ev.key === "Escape" && card) { closeForm(card); card.focus(); ev.stopPropagation(); }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
    var card = t && t.closest ? t.closest("article.card") : null;
    if (!card) { return; }
    var what = {a: "accept", d: "dismiss", o: "open", u: "undo"}[ev.key];
    if (!what) { return; }
    if (what === "undo" && card.querySelector('[data-act="undo"]').hidden) { return; }
    ev.preventDefault();
    act(card, what, true);
  });
}());
