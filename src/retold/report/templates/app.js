// retold's only script, served by the app itself (the CSP allows no other): small conveniences, nothing required.
"use strict";
window.retoldAppLoaded = true;  // tests check that the app's own script runs while the page's text cannot run any
document.addEventListener("keydown", function (event) {
  // "/" jumps to the search box, as on many reading sites
  if (event.key === "/" && document.activeElement && document.activeElement.tagName !== "INPUT") {
    var box = document.querySelector(".search input");
    if (box) { event.preventDefault(); box.focus(); }
  }
});
document.addEventListener("DOMContentLoaded", function () {
  // a followed link to a passage opens the details that hide it, then scrolls it into view
  var target = document.getElementById("focus-text");
  if (target) {
    var box = target.closest("details");
    if (box) { box.open = true; }
    target.scrollIntoView({ block: "center" });
  }
});
