// Fixes to Material's search, the first two made in the messages the page sends to its search worker
// (a Web Worker, or the iframe-worker shim on file://): {type: 0, data: {config, docs}} hands it the
// index, {type: 2, data: query} a query.
//
// 1. Results in the reader's language. mkdocs-static-i18n writes one index for all languages: the
//    default language's pages at the root ("subprogramme-3.html#..."), every other language under
//    its folder ("en/..."). Only the documents of the page's language are handed on, so the worker
//    indexes, ranks and counts only those.
//
// 2. Chinese words found whole. jieba cut the pages' Chinese into words at build time. The worker
//    cuts a Chinese query against the words of the index too, but it only ever tries *proper*
//    prefixes of what was typed: 国家自主贡献 becomes 国家* 自主* 贡*, which ranks pages with 国家
//    and 自主 anywhere above the pages that contain the term. So the query is cut here, into the
//    longest words of the index (the same words, so the same cut as jieba made), and each word gets
//    one extra character that the worker's cut then drops again: it leaves the word whole.
//
// 3. A query that arrives without typing is searched too: Material reads the box on keyup, and a
//    query pasted with the mouse, or an IME's word, comes without one.
//
// Listed in extra.polyfills (mkdocs.yml), so it runs in <head>, before Material's bundle creates
// the worker, and after the iframe-worker shim, which replaces Worker on file://.
(function () {
  "use strict";
  if (typeof window.Worker !== "function") return;

  var HAN = /\p{sc=Han}+/gu;      // what the worker cuts (the same expression)
  var PAD = "\u4e00";             // any Han character: the worker's cut never keeps the last one
  var words = null;               // the Chinese words of the index (of two characters or more)
  var prefixes = null;            // and their beginnings
  var longest = 0;

  // ------------------------------------------------------------------ 1. the reader's language

  // The other languages of the site, from the language switch (hreflang of its links).
  function otherLanguages(lang) {
    var links = document.querySelectorAll("a.md-select__link[hreflang]");
    var out = [];
    for (var i = 0; i < links.length; i++) {
      var code = links[i].getAttribute("hreflang");
      if (code && code !== lang && out.indexOf(code + "/") < 0) out.push(code + "/");
    }
    return out;
  }

  // A language's pages live under "<lang>/"; the default language has no folder: its pages are
  // those under no other language's folder.
  function documentsOf(docs, lang) {
    var own = lang + "/";
    var mine = docs.filter(function (doc) { return doc.location.indexOf(own) === 0; });
    if (mine.length) return mine;
    var others = otherLanguages(lang);
    return docs.filter(function (doc) {
      return !others.some(function (prefix) { return doc.location.indexOf(prefix) === 0; });
    });
  }

  // ------------------------------------------------------------------ 2. Chinese words whole

  function collectWords(config, docs) {
    var separator = new RegExp(config.separator, "g");
    words = new Set();
    prefixes = new Set();
    longest = 0;
    docs.forEach(function (doc) {
      var text = (doc.title + " " + doc.text).replace(/<[^>]+>/g, " ");
      text.split(separator).forEach(function (token) {
        if (token.length > 1 && !words.has(token) && /^\p{sc=Han}+$/u.test(token)) {
          words.add(token);
          for (var n = 1; n < token.length; n++) prefixes.add(token.slice(0, n));
          if (token.length > longest) longest = token.length;
        }
      });
    });
  }

  // Cut a run of Chinese into the longest words of the index, left to right, each padded. Where
  // no word begins: if the rest begins a word, it is left to the worker, which finds the words
  // that begin with it (泥炭 finds 泥炭地); else that character stands alone (a stop word such as
  // 与 or 的 is then dropped by the worker, instead of spoiling the whole query).
  function cut(run) {
    var out = [];
    for (var i = 0; i < run.length;) {
      var j = Math.min(run.length, i + longest);
      while (j > i + 1 && !words.has(run.slice(i, j))) j--;
      if (j > i + 1) {
        out.push(run.slice(i, j) + PAD);
      } else if (prefixes.has(run.slice(i))) {
        out.push(run.slice(i));
        break;
      } else {
        out.push(run.charAt(i));
      }
      i = j;
    }
    return out.join(" ");
  }

  function rewrite(query) {
    if (!words || typeof query !== "string") return query;
    return query.replace(HAN, cut);
  }

  // ------------------------------------------------------------------ the messages

  var post = window.Worker.prototype.postMessage;
  window.Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    var data = message && message.data;
    if (message && message.type === 0 && data && Array.isArray(data.docs)) {
      var lang = document.documentElement.getAttribute("lang");
      var copy = {};
      for (var key in data) copy[key] = data[key];
      if (lang) copy.docs = documentsOf(data.docs, lang);
      collectWords(copy.config, copy.docs);
      args[0] = { type: message.type, data: copy };
    } else if (message && message.type === 2) {
      args[0] = { type: message.type, data: rewrite(data) };
    }
    return post.apply(this, args);
  };

  // ------------------------------------------------------------------ 3. queries without typing

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("input.md-search__input") && !event.isComposing) {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  }, true);
})();
