// The language switch keeps the reader's place: pages have the same anchors in every language,
// so the links to the other languages get the current #anchor. Read at click time, because
// navigation.tracking changes the address while the reader scrolls without a hashchange event.
(function () {
  var selector = "a.md-select__link[hreflang]";
  function withHash(link) {
    var base = link.getAttribute("href").split("#")[0];
    link.setAttribute("href", base + window.location.hash);
  }
  function updateAll() {
    document.querySelectorAll(selector).forEach(withHash);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(selector);
    if (link) withHash(link);
  }, true);
  window.addEventListener("hashchange", updateAll);
  updateAll();
})();
