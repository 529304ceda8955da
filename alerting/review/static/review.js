// Keyboard shortcuts for triage (served from /static so the CSP can forbid inline scripts).
// Queue: j/k move, o or Enter opens, n claims the next case. Case: c claim, y confirm, d dismiss, n next.
(function () {
  "use strict";
  const rows = Array.from(document.querySelectorAll("tr[data-case]"));
  let current = -1;
  function move(step) {
    if (!rows.length) return;
    if (current >= 0) rows[current].classList.remove("current");
    current = Math.max(0, Math.min(rows.length - 1, current + step));
    rows[current].classList.add("current");
    rows[current].scrollIntoView({ block: "nearest" });
  }
  function click(selector) {
    const element = document.querySelector(selector);
    if (element) { element.focus(); element.click(); }
  }
  function focus(selector) {
    const element = document.querySelector(selector);
    if (element) { element.scrollIntoView({ block: "center" }); element.focus(); }
  }
  document.addEventListener("keydown", function (event) {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || event.ctrlKey || event.metaKey || event.altKey) return;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o": case "Enter":
        if (current >= 0) window.location = rows[current].dataset.case; break;
      case "n": click("#claim-next"); break;
      case "c": click("#claim"); break;
      case "y": focus("#confirm-reason"); break;
      case "d": focus("#dismiss-code"); break;
      default: return;
    }
    event.preventDefault();
  });
})();
