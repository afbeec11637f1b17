// The language switch keeps the reader's place: pages have the same anchors in every language,
// so the links to the other languages get the current #anchor. Read at click time, because
// navigation.tracking changes the address while the reader scrolls without a hashchange event.
// It replaces a paragraph's anchor (#para-14.47) by its section's as soon as the page scrolls:
// the anchor the reader followed is kept while its element is still on the screen.
(function () {
  var selector = "a.md-select__link[hreflang]";
  var followed = window.location.hash;
  function onScreen(hash) {
    var id;
    try { id = decodeURIComponent(hash.slice(1)); } catch (e) { return false; }
    var el = id && document.getElementById(id);
    if (!el) return false;
    var box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }
  function place() {
    return followed && onScreen(followed) ? followed : window.location.hash;
  }
  function withHash(link) {
    var base = link.getAttribute("href").split("#")[0];
    link.setAttribute("href", base + place());
  }
  function updateAll() {
    document.querySelectorAll(selector).forEach(withHash);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(selector);
    if (link) withHash(link);
  }, true);
  window.addEventListener("hashchange", function () {
    followed = window.location.hash;
    updateAll();
  });
  updateAll();
})();
