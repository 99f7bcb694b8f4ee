// Progressive enhancement: filter the chronology by actor or tag. Without JavaScript the
// filter stays hidden and every event is shown.
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
  }
  byActor.addEventListener("change", apply);
  byTag.addEventListener("change", apply);
  box.hidden = false;
  apply();
})();
