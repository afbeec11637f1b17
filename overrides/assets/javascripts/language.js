// The language switch keeps the reader's place: pages have the same anchors in every language,
// so the links to the other languages get the current #anchor. Read at click time, because
// navigation.tracking changes the address while the reader scrolls without a hashchange event.
// Tracking only knows the table of contents' headings: a reader who came to a paragraph
// (#para-14.47) and is still looking at it keeps that paragraph, not the heading above it.
(function () {
  var selector = "a.md-select__link[hreflang]";
  var arrivedAt = window.location.hash;
  function inView(hash) {
    var target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return false;
    var box = target.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }
  function place() {
    return inView(arrivedAt) ? arrivedAt : window.location.hash;
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
    arrivedAt = window.location.hash;
    updateAll();
  });
  updateAll();
})();
