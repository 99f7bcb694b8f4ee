// Search for the standalone site: lunr.js builds the index in the browser from
// search-index.js, so it works offline and from file://. Without JavaScript the form stays hidden.
(function () {
  "use strict";
  var docs = window.BRIEFBOOK_SEARCH || [];
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !window.lunr) return;
  var byId = {};
  docs.forEach(function (d) { byId[d.id] = d; });
  var index = window.lunr(function () {
    this.ref("id");
    this.field("title", { boost: 5 });
    this.field("text");
    // A name a reader types is most often an actor's: rank profiles above passing mentions.
    docs.forEach(function (d) { this.add(d, { boost: d.kind === "actor" ? 3 : 1 }); }, this);
  });
  function search(q) {
    list.textContent = "";
    if (!q) { status.textContent = ""; return; }
    var hits = [];
    try {
      hits = index.search(q);
      if (!hits.length) hits = index.search(q.split(/\s+/).map(function (w) { return w + "*"; }).join(" "));
    } catch (e) {
      hits = index.search(q.replace(/[:~^+\-*]/g, " "));
    }
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for “" + q + "”";
    hits.slice(0, 100).forEach(function (hit) {
      var d = byId[hit.ref];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = d.id;
      a.textContent = d.title;
      var meta = document.createElement("span");
      meta.className = "search-meta";
      meta.textContent = " " + d.kind + " · " + d.briefing;
      var p = document.createElement("p");
      p.textContent = d.text.length > 200 ? d.text.slice(0, 200) + "…" : d.text;
      li.appendChild(a);
      li.appendChild(meta);
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = input.value.trim();
    history.replaceState(null, "", "?q=" + encodeURIComponent(value));
    search(value);
  });
  search(q.trim());
})();
