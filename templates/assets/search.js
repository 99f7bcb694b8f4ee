// Search for the standalone site: lunr.js builds the index in the browser from
// search-index.js, so it works offline and from file://. Without JavaScript the form stays hidden.
// Every result is built from text nodes (textContent, createElement), never from HTML text:
// the documents hold fact-file text, which must not become markup.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !window.lunr) return;
  var root = form.getAttribute("data-root") || "";
  var only = form.getAttribute("data-briefing");  // a briefing's own search page: its facts only
  var docs = (window.BRIEFBOOK_SEARCH || []).filter(function (d) { return !only || d.slug === only; });
  var byId = {};
  docs.forEach(function (d) { byId[d.id] = d; });
  var index = window.lunr(function () {
    this.ref("id");
    this.field("title", { boost: 5 });
    this.field("parts", { extractor: function (d) { return d.parts.join(" "); } });
    this.field("text");
    // A name a reader types is most often an actor's: rank profiles above passing mentions.
    docs.forEach(function (d) { this.add(d, { boost: d.kind === "actor" ? 3 : 1 }); }, this);
  });

  function words(q) {
    return q.split(/\s+/).map(function (w) { return w.replace(/[:~^+\-*"“”]/g, ""); }).filter(function (w) { return w.length > 1; });
  }

  function pattern(terms) {
    if (!terms.length) return null;
    var escaped = terms.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    return new RegExp("(" + escaped.join("|") + ")", "gi");
  }

  // Appends `text` to `parent`, each match of `re` in a <mark>.
  function highlighted(parent, text, re) {
    var last = 0;
    if (re) {
      re.lastIndex = 0;
      var m;
      while ((m = re.exec(text)) !== null) {
        if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        last = m.index + m[0].length;
        if (m[0].length === 0) re.lastIndex++;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }

  // About 200 characters of the text around the first term found in it, cut at spaces.
  function snippet(text, re) {
    var at = -1;
    if (re) { re.lastIndex = 0; var m = re.exec(text); if (m) at = m.index; }
    var start = at > 80 ? text.lastIndexOf(" ", at - 60) + 1 : 0;
    var end = Math.min(text.length, start + 200);
    if (end < text.length) { var cut = text.lastIndexOf(" ", end); if (cut > start) end = cut; }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

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
    var re = pattern(words(q));
    hits.slice(0, 100).forEach(function (hit) {
      var d = byId[hit.ref];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + d.id;
      highlighted(a, d.title, re);
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "search-meta";
      meta.textContent = " " + d.kind + (only ? "" : " · " + d.briefing);
      li.appendChild(meta);
      if (d.parts.length) {
        var parts = document.createElement("p");
        parts.className = "search-parts";
        highlighted(parts, d.parts.join(" · "), re);
        li.appendChild(parts);
      }
      if (d.text) {
        var p = document.createElement("p");
        p.className = "search-text";
        highlighted(p, snippet(d.text, re), re);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  var q = new URLSearchParams(window.location.search).get("q") || "";
  input.value = q;
  form.hidden = false;
  var everywhere = document.getElementById("search-everywhere");
  function update(value) {
    if (everywhere) everywhere.href = root + "search.html" + (value ? "?q=" + encodeURIComponent(value) : "");
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var value = input.value.trim();
    history.replaceState(null, "", "?q=" + encodeURIComponent(value));
    update(value);
    search(value);
  });
  update(q.trim());
  search(q.trim());
})();
