// Loads the search index of a large site, cut into parts (see render/search.py), one script
// after another, then the search itself; a small site's index is already loaded by then.
// Scripts rather than fetch(), which a page opened from file:// may not use.
(function () {
  "use strict";
  // The parts and search.js are named from the site's root, where this script's folder is.
  var me = document.currentScript;
  var root = me ? me.src.replace(/assets\/search-load\.js([?#].*)?$/, "") : "";
  var parts = (window.BRIEFBOOK_SEARCH_PARTS || []).slice();
  var status = document.getElementById("search-status");
  var total = parts.length;
  function load(src, then) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = then;
    script.onerror = function () { if (status) status.textContent = "The search index could not be loaded (" + src + ")."; };
    document.body.appendChild(script);
  }
  function next() {
    if (!parts.length) { load(root + "assets/search.js", function () {}); return; }
    if (status && total) status.textContent = "Loading the search index: part " + (total - parts.length + 1) + " of " + total + "…";
    load(root + parts.shift(), next);
  }
  next();
})();
