// The search index is fetched when the reader first goes to search, not with every page: Material
// requests search/search_index.json (XMLHttpRequest) as soon as a page loads, and sets its worker
// up when it arrives (search.js: the worker then loads the index of the page's language); this
// holds that one request back until the search field is focused, the magnifier clicked, or s, f or
// / pressed.
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  var held = [], wanted = false;
  function release() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (job) { send.apply(job.xhr, job.args); });
  }
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = /search\/search_index\.json(\?|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__searchIndex && !wanted) { held.push({ xhr: this, args: arguments }); return; }
    return send.apply(this, arguments);
  };
  document.addEventListener("focusin", function (ev) {
    if (ev.target && ev.target.matches && ev.target.matches("input.md-search__input")) release();
  }, true);
  document.addEventListener("click", function (ev) {
    if (ev.target && ev.target.closest && ev.target.closest("label[for=__search], .md-search")) release();
  }, true);
  document.addEventListener("keydown", function (ev) {
    if (["s", "S", "f", "F", "/"].indexOf(ev.key) >= 0) release();
  }, true);
})();
