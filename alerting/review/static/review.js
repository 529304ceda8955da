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
  const actions = {
    j: function () { move(1); },
    k: function () { move(-1); },
    o: function () { if (current >= 0) window.location = rows[current].dataset.case; },
    n: function () { click("#claim-next"); },
    c: function () { click("#claim"); },
    y: function () { focus("#confirm-reason"); },
    d: function () { focus("#dismiss-code"); },
  };
  document.addEventListener("keydown", function (event) {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select", "button", "a"].includes(tag)) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key === "Enter" && current >= 0 ? "o" : event.key;
    if (!Object.prototype.hasOwnProperty.call(actions, key)) return;
    actions[key]();
    event.preventDefault();
  });
})();
