(function () {
  "use strict";
  var root = document.documentElement;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var form = document.getElementById("filters");
  var selects = form ? Array.prototype.slice.call(form.querySelectorAll("select")) : [];
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var help = document.getElementById("help");

  var keys = selects.map(function (s) { return s.getAttribute("data-filter"); });
  // each card's filter values, read once (and again after a decision in the browser review)
  function read(c) {
    var v = {};
    keys.forEach(function (k) { v[k] = c.getAttribute("data-" + k); });
    return v;
  }
  var values = cards.map(read);
  // cards just decided stay in view until the filters change, even if they no longer match
  var sticky = [];

  function current() {
    var f = {};
    selects.forEach(function (s, i) { f[keys[i]] = s.value; });
    return f;
  }
  function matches(v, f, skip) {
    for (var key in f) {
      if (key !== skip && f[key] !== "*" && v[key] !== f[key]) { return false; }
    }
    return true;
  }
  function apply() {
    var f = current(), n = 0;
    cards.forEach(function (c, i) {
      var ok = matches(values[i], f, null) || sticky.indexOf(c) >= 0;
      c.hidden = !ok;
      if (ok) { n += 1; }
    });
    // live counts: each option counts the cards the *other* filters leave
    selects.forEach(function (s, k) {
      var key = keys[k], counts = {}, total = 0;
      values.forEach(function (v) {
        if (matches(v, f, key)) { counts[v[key]] = (counts[v[key]] || 0) + 1; total += 1; }
      });
      Array.prototype.forEach.call(s.options, function (o) {
        var count = o.value === "*" ? total : (counts[o.value] || 0);
        o.textContent = o.getAttribute("data-label") + " (" + count + ")";
      });
    });
    if (shown) {
      shown.textContent = "Showing " + n + " of " + cards.length + " finding" + (cards.length === 1 ? "" : "s");
    }
    if (empty) { empty.hidden = n !== 0; }
  }
  function stickyHeight() {
    if (form) { root.style.setProperty("--sticky", (form.offsetHeight + 16) + "px"); }
  }
  function reset() {
    selects.forEach(function (s) { s.value = "*"; });
    sticky = [];
    apply();
  }
  function visible() { return cards.filter(function (c) { return !c.hidden; }); }
  function move(step) {
    var v = visible();
    if (!v.length) { return; }
    var i = v.indexOf(document.activeElement);
    i = i < 0 ? (step > 0 ? 0 : v.length - 1) : Math.min(v.length - 1, Math.max(0, i + step));
    v[i].focus();
    v[i].scrollIntoView({block: "nearest"});
  }
  function toggleHelp(show) {
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) { document.getElementById("help-close").focus(); }
  }
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.classList.contains("card")) {
      if (target.hidden) { reset(); }
      target.focus();
      target.scrollIntoView({block: "start"});
    }
  }

  selects.forEach(function (s) { s.addEventListener("change", function () { sticky = []; apply(); }); });
  Array.prototype.forEach.call(document.querySelectorAll(".reset"), function (b) {
    b.addEventListener("click", reset);
  });
  document.getElementById("help-close").addEventListener("click", function () { toggleHelp(false); });
  window.addEventListener("hashchange", reveal);
  window.addEventListener("resize", stickyHeight);
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var t = ev.target, tag = t && t.tagName;
    var inControl = tag === "SELECT" || tag === "INPUT" || tag === "TEXTAREA" || tag === "BUTTON";
    if (ev.key === "Escape") {
      if (!help.hidden) { toggleHelp(false); } else if (inControl) { t.blur(); }
      return;
    }
    if (inControl) { return; }
    var onCard = t && t.classList && t.classList.contains("card");
    if (ev.key === "j" || (ev.key === "ArrowDown" && onCard)) { move(1); ev.preventDefault(); }
    else if (ev.key === "k" || (ev.key === "ArrowUp" && onCard)) { move(-1); ev.preventDefault(); }
    else if (ev.key === "/" && selects.length) { selects[0].focus(); ev.preventDefault(); }
    else if (ev.key === "?") { toggleHelp(); ev.preventDefault(); }
  });

  // the browser review (review.js) tells the filters when a card's state changed
  window.voicecheckReport = {
    changed: function (changedCards) {
      values = cards.map(read);
      sticky = sticky.concat(changedCards);
      apply();
    },
    next: function () { move(1); }
  };

  if (form) { form.hidden = false; }
  apply();
  stickyHeight();
  reveal();
  root.setAttribute("data-ready", String(Math.round(performance.now())));
}());
