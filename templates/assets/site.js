// Show what needs JavaScript (the search box) only when JavaScript runs.
document.querySelectorAll("[data-needs-script]").forEach(function (e) { e.hidden = false; });

// Citation previews. Without JavaScript a citation mark is a link to its note; with it, the
// note's excerpt and source also show beside the mark while it is hovered or focused (a
// tooltip the pointer can move onto, that Escape dismisses: WCAG 1.4.13).
(function () {
  var tip = null, owner = null, timer = 0;

  function noteOf(mark) {
    var hash = mark.getAttribute("href") || "";
    return hash.charAt(0) === "#" ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
  }

  // The note's words without its links: a tooltip holds nothing to operate.
  function contentOf(note) {
    var copy = document.createElement("div");  // the note's content, not its list item
    note.childNodes.forEach(function (n) { copy.appendChild(n.cloneNode(true)); });
    copy.querySelectorAll(".backref").forEach(function (a) { a.remove(); });
    copy.querySelectorAll("a").forEach(function (a) {
      var span = document.createElement("span");
      while (a.firstChild) { span.appendChild(a.firstChild); }
      a.replaceWith(span);
    });
    copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    return copy;
  }

  function hide() {
    clearTimeout(timer);
    if (!tip) { return; }
    if (owner) { owner.removeAttribute("aria-describedby"); }
    tip.remove();
    tip = owner = null;
  }

  function show(mark) {
    var note = noteOf(mark);
    if (!note || owner === mark) { clearTimeout(timer); return; }
    hide();
    tip = document.createElement("div");
    tip.id = "cite-preview";
    tip.className = "cite-preview";
    tip.setAttribute("role", "tooltip");
    tip.appendChild(contentOf(note));
    tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
    tip.addEventListener("mouseleave", later);
    document.body.appendChild(tip);
    owner = mark;
    mark.setAttribute("aria-describedby", tip.id);
    place(mark);
  }

  function place(mark) {
    var box = mark.getBoundingClientRect(), width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(box.left, width - tip.offsetWidth - 8));
    var top = box.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight && box.top - tip.offsetHeight - 6 > 0) {
      top = box.top - tip.offsetHeight - 6;  // no room below: above the mark
    }
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (top + window.scrollY) + "px";
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(hide, 300);
  }

  function markOf(event) {
    return event.target.closest ? event.target.closest("a.cite") : null;
  }

  document.addEventListener("mouseover", function (e) { var m = markOf(e); if (m) { show(m); } });
  document.addEventListener("mouseout", function (e) { if (markOf(e)) { later(); } });
  document.addEventListener("focusin", function (e) { var m = markOf(e); if (m) { show(m); } });
  document.addEventListener("focusout", function (e) { if (markOf(e)) { hide(); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && tip) { hide(); } });
  document.addEventListener("click", function (e) { if (markOf(e)) { hide(); } });
})();

// A link to a note inside a closed <details> opens it, in browsers that do not already; a
// passage cut into fragments (where it crosses another) is emphasised in every fragment.
(function () {
  function open() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    document.querySelectorAll(".passage-targeted").forEach(function (e) { e.classList.remove("passage-targeted"); });
    if (target && target.classList.contains("passage")) {
      document.querySelectorAll(".passage").forEach(function (e) {
        if (e.getAttribute("data-passage") === id) { e.classList.add("passage-targeted"); }
      });
    }
    var details = target && target.closest ? target.closest("details") : null;
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", open);
  open();
})();
