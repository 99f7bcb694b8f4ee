// Show what needs JavaScript (the search box) only when JavaScript runs.
document.querySelectorAll("[data-needs-script]").forEach(function (e) { e.hidden = false; });
