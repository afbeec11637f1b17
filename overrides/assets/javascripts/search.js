// The page's side of the site's search (listed in extra.polyfills, mkdocs.yml: it runs in <head>,
// before Material's bundle creates its search worker, and after the iframe-worker shim, which
// replaces Worker on file://).
//
// 1. The site's worker (search-worker.js) in place of Material's: same messages, so Material's
//    search box and result list stay; the set-up message names this language's index
//    (search/<lang>.js, written by generator/engine/searchindex.py) instead of carrying Material's,
//    which holds the configuration only: a reader downloads the index of the page's language alone.
// 2. A query that arrives without typing is searched too: Material reads the box on keyup, and a
//    query pasted with the mouse, or an IME's word, comes without one.
// 3. The place a result leads to shows its match at once: the terms of ?h= (the worker puts the
//    words it found there) are marked in the page as it loads, without waiting for any index, and
//    the first mark in the target (#para-14.47, or the page) is scrolled into view.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;

  // ------------------------------------------------------------------ 1. the worker

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (err) { /* the page's folder */ }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  if (typeof window.Worker === "function" && here) {
    var Base = window.Worker;
    var Worker = function (url, options) {
      if (/workers\/search\.[^/]*js/.test(String(url))) url = new URL("search-worker.js", here).href;
      return new Base(url, options);
    };
    Worker.prototype = Base.prototype;
    window.Worker = Worker;

    var post = Base.prototype.postMessage;
    Base.prototype.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments);
      if (message && message.type === 0) {
        var lang = document.documentElement.getAttribute("lang") || "";
        args[0] = {
          type: 0,
          data: {
            plan: {
              index: new URL("search/" + lang + ".js", siteBase()).href,
              opencc: new URL("vendor/opencc-js/t2cn.js", here).href,
            },
            options: message.data && message.data.options,
          },
        };
      }
      return post.apply(this, args);
    };
  }

  // ------------------------------------------------------------------ 2. queries without typing

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("input.md-search__input") && !event.isComposing) {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  }, true);

  // ------------------------------------------------------------------ 3. the match where you land

  var SKIP = /^(SCRIPT|STYLE|SVG|MARK|TEXTAREA|INPUT)$/;

  function highlight(root, terms) {
    var pattern = new RegExp(terms.map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&");
    }).join("|"), "gi");
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var el = node.parentElement; el && el !== root; el = el.parentElement) {
          if (SKIP.test(el.tagName.toUpperCase()) || el.classList.contains("headerlink")) return NodeFilter.FILTER_REJECT;
        }
        pattern.lastIndex = 0;
        return pattern.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    var nodes = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    nodes.forEach(function (textNode) {
      var text = textNode.data, at = 0, parts = document.createDocumentFragment();
      text.replace(pattern, function (match, offset) {
        parts.appendChild(document.createTextNode(text.slice(at, offset)));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = match;
        parts.appendChild(mark);
        at = offset + match.length;
        return match;
      });
      parts.appendChild(document.createTextNode(text.slice(at)));
      textNode.parentNode.replaceChild(parts, textNode);
    });
  }

  function target(root) {
    var id = decodeURIComponent(window.location.hash.slice(1));
    return (id && document.getElementById(id)) || root;
  }

  function showFirst(root) {
    var mark = target(root).querySelector("mark[data-md-highlight]") || root.querySelector("mark[data-md-highlight]");
    if (!mark) return;
    var box = mark.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) mark.scrollIntoView({ block: "center" });
  }

  function landing() {
    var h = new URLSearchParams(window.location.search).get("h");
    var root = document.querySelector("article.md-content__inner") || document.querySelector("article");
    if (!h || !root) return;
    var terms = h.split(/\s+/).filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    if (!terms.length) return;
    highlight(root, terms);
    document.documentElement.setAttribute("data-search-highlighted", String(root.querySelectorAll("mark[data-md-highlight]").length));
    if (document.readyState === "complete") requestAnimationFrame(function () { showFirst(root); });
    else window.addEventListener("load", function () { requestAnimationFrame(function () { showFirst(root); }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", landing);
  else landing();
})();
