// Progressive enhancement: filter the chronology by actor or tag. Without JavaScript the
// filter stays hidden and every event is shown. On a chronology paged by period the choice
// travels in the address (?actor=&tag=) to the pages before and after, and an actor's page,
// which lists all of their events, is a link away.
(function () {
  "use strict";
  var box = document.getElementById("filter");
  if (!box) return;
  var events = Array.prototype.slice.call(document.querySelectorAll("article.event"));
  var tags = {};
  events.forEach(function (e) {
    (e.dataset.tags || "").split(" ").forEach(function (t) { if (t) tags[t] = true; });
  });
  function select(id, label, options) {
    var wrap = document.createElement("span");
    var l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label;
    var s = document.createElement("select");
    s.id = id;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "All";
    s.appendChild(all);
    options.forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o[0];
      opt.textContent = o[1];
      s.appendChild(opt);
    });
    wrap.appendChild(l);
    wrap.appendChild(document.createTextNode(" "));
    wrap.appendChild(s);
    box.appendChild(wrap);
    return s;
  }
  var actors = (box.dataset.actors || "").split("|").filter(Boolean).map(function (pair) {
    var i = pair.indexOf("=");
    return [pair.slice(0, i), pair.slice(i + 1)];
  });
  var byActor = select("filter-actor", "Actor", actors);
  var byTag = select("filter-tag", "Tag", Object.keys(tags).sort().map(function (t) { return [t, t]; }));
  var status = document.createElement("span");
  status.setAttribute("role", "status");
  box.appendChild(status);
  function has(list, value) { return !value || (" " + list + " ").indexOf(" " + value + " ") >= 0; }
  var params = new URLSearchParams(window.location.search);
  [[byActor, "actor"], [byTag, "tag"]].forEach(function (pair) {
    var wanted = params.get(pair[1]) || "";
    if (Array.prototype.some.call(pair[0].options, function (o) { return o.value === wanted; })) pair[0].value = wanted;
  });
  var pageLinks = Array.prototype.slice.call(document.querySelectorAll(".pager a, .periods a"));
  pageLinks.forEach(function (a) { a.dataset.plain = a.getAttribute("href"); });
  function carry() {
    var query = new URLSearchParams();
    if (byActor.value) query.set("actor", byActor.value);
    if (byTag.value) query.set("tag", byTag.value);
    var text = query.toString() ? "?" + query.toString() : "";
    pageLinks.forEach(function (a) { a.setAttribute("href", a.dataset.plain + text); });
    if (box.dataset.actorPages !== undefined && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + text + window.location.hash);
    }
  }
  function apply() {
    var shown = 0;
    events.forEach(function (e) {
      var show = has(e.dataset.actors, byActor.value) && has(e.dataset.tags, byTag.value);
      e.parentNode.hidden = !show;
      if (show) shown += 1;
    });
    document.querySelectorAll("section.period").forEach(function (s) {
      var items = s.querySelectorAll("ol.chronology > li");
      s.hidden = Array.prototype.every.call(items, function (li) { return li.hidden; });
    });
    status.textContent = shown + " of " + events.length + " events shown";
    if (box.dataset.actorPages !== undefined) {
      status.textContent += " on this page";
      if (byActor.value) {
        var all = document.createElement("a");
        all.href = box.dataset.actorPages + encodeURIComponent(byActor.value) + ".html";
        all.textContent = "every period: " + byActor.options[byActor.selectedIndex].textContent;
        status.appendChild(document.createTextNode(" · "));
        status.appendChild(all);
      }
      carry();
    }
  }
  byActor.addEventListener("change", apply);
  byTag.addEventListener("change", apply);
  box.hidden = false;
  apply();
})();
