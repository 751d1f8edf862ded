// The zorginkoper's workspace (issue 11): move between the open items with the keyboard, and after a decision
// (saved by htmx, without a reload) go on with the next open item.
(function () {
  "use strict";
  var huidig = null;

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("#werkruimte .werkitem"));
  }

  function kies(item) {
    if (!item) { return; }
    items().forEach(function (el) { el.classList.toggle("werkitem-actief", el === item); });
    document.querySelectorAll("#werkruimte [data-werkitem]").forEach(function (a) {
      if (a.getAttribute("data-werkitem") === item.id.replace("resultaat-", "")) {
        a.setAttribute("aria-current", "true");
      } else {
        a.removeAttribute("aria-current");
      }
    });
    huidig = item.id;
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "start" });
  }

  function stap(richting) {
    var lijst = items();
    if (!lijst.length) { return; }
    var index = lijst.findIndex(function (el) { return el.id === huidig; });
    kies(lijst[index === -1 ? 0 : (index + richting + lijst.length) % lijst.length]);
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || !document.getElementById("werkruimte")) { return; }
    if (e.target.closest("input, textarea, select, [contenteditable], iframe")) { return; }
    if (e.key === "j" || e.key === "n") { e.preventDefault(); stap(1); }
    if (e.key === "k" || e.key === "p") { e.preventDefault(); stap(-1); }
  });

  document.addEventListener("click", function (e) {
    var link = e.target.closest("#werkruimte [data-werkitem]");
    if (link) {
      e.preventDefault();
      kies(document.getElementById("resultaat-" + link.getAttribute("data-werkitem")));
    }
  });

  // After htmx swapped the page content: the decided item left the list; go on with the one in its place.
  document.addEventListener("htmx:afterSettle", function () {
    var lijst = items();
    var gebleven = lijst.find(function (el) { return el.id === huidig; });
    if (!gebleven && lijst.length) { kies(lijst[0]); }
  });
})();
