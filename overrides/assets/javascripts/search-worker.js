// The site's search worker, in place of Material's (assets/javascripts/search.js starts it): it
// speaks Material's messages, so Material's search box and result list stay as they are.
//
//   {type: 0, data: {plan: {index, opencc}}}  set up: load this language's index (search/<lang>.js,
//                                             written by generator/engine/searchindex.py) and OpenCC
//   {type: 1}                                 ready
//   {type: 2, data: "query"}                  a query
//   {type: 3, data: {items: [[item, ...]]}}   the results: one list a page, its best place first
//
// Why not lunr (Material's): it matches whole tokens and their beginnings, and Chinese has no spaces
// between words; a word inside a longer word (垃圾 in 海洋垃圾), a phrase across jieba's cuts, a
// paragraph number and the numbers that begin with it all need the text itself. The text of one
// language is a few hundred thousand characters: every query is looked for in all of it (a few
// milliseconds), and ranked by what is found where:
//
// * text and query normalised alike, character by character (NFKC: full-width digits and letters;
//   lower case), the query also from traditional to simplified characters (OpenCC);
// * a term found as a whole word (jieba's cuts, kept as U+200B in the index; a number not followed
//   by more digits) counts more than one found inside a longer word; a Chinese term found nowhere
//   is looked for with one character wrong (a typo: 气侯变化);
// * terms weighted by how rare they are (BM25); every term of the query required when some place
//   has them all; a heading's own words count three times;
// * a query that is a block's number (14.47, 表 14.16, 74/251) goes to that block first: the number
//   exactly, then numbers that begin with it, then the places that mention it.
"use strict";

var docs = [];
var averageLength = 1;
var characters = new Set();  // every Chinese character of the index
var openccScript = null;     // loaded at the first query with a character the index lacks
var toSimplified = function (text) { return text; };

var HAN = /\p{sc=Han}/u;
var WORDISH = /[\p{L}\p{N}]/u;
var DIGIT = /[0-9]/;
var SECTION_TITLE = 3;      // a section's heading, against its text
var BLOCK_TITLE = 0.3;      // a block's section heading (context, not the block's own words)
// a paragraph that discusses a term before a list that mentions it (a mandate, a list of mandates)
var KIND_WEIGHT = { "": 1, p: 1, li: 0.5, list: 0.5, div: 0.9, figure: 0.9, table: 0.9 };
var K1 = 1.2, B = 0.75;     // BM25
var MAX_GROUPS = 60;

// ------------------------------------------------------------------ normalising

function normalise(text) {
  var out = "";
  for (var i = 0; i < text.length; i++) {
    var code = text.charCodeAt(i);
    var ch = text[i];
    if (code < 128) { out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch; continue; }
    if (code >= 0x4e00 && code <= 0x9fff) { out += ch; continue; }
    if (code >= 0xd800 && code <= 0xdbff) { out += text.slice(i, i + 2); i++; continue; }
    var n = ch.normalize("NFKC").toLowerCase();
    out += n.length === 1 ? n : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
  }
  return out;
}

// jieba's cuts (U+200B) out of the text, kept as word starts
function prepareText(raw) {
  var display = "";
  var cuts = [];
  for (var i = 0; i < raw.length; i++) {
    if (raw[i] === "\u200b") cuts.push(display.length); else display += raw[i];
  }
  var flags = new Uint8Array(display.length + 1);
  for (var j = 0; j < cuts.length; j++) flags[cuts[j]] = 1;
  return { display: display, norm: normalise(display), cuts: flags };
}

function numbersOf(doc) {
  var keys = new Set();
  var label = normalise(doc.ref).replace(/\s+/g, "");
  var anchor = doc.location.split("#")[1] || "";
  var own = /^[a-z]+-([0-9]+(?:\.[0-9]+)+)$/.exec(anchor);
  var word = label.replace(/[0-9].*$/, "");
  if (label) { keys.add(label); keys.add(label.slice(word.length)); }
  if (own) { keys.add(own[1]); keys.add(word + own[1]); }
  keys.delete("");
  return { label: label, keys: keys, numbers: new Set([label.slice(word.length), own ? own[1] : ""].filter(Boolean)) };
}

function setup(data) {
  docs = data.docs.map(function (row) {
    var kind = row[4] || "";
    var doc = { location: row[0], ref: row[3] || "", kind: kind, block: kind && kind !== "list" };
    doc.title = prepareText(row[1]);
    doc.text = prepareText(row[2]);
    doc.page = doc.location.split("#")[0];
    doc.numbers = numbersOf(doc);
    return doc;
  });
  var total = 0;
  characters = new Set();
  docs.forEach(function (doc) {
    total += doc.text.norm.length;
    var text = doc.text.norm;
    for (var i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x3400) characters.add(text[i]);
  });
  averageLength = Math.max(1, total / Math.max(1, docs.length));
}

// ------------------------------------------------------------------ matching

function isHan(ch) { return ch !== undefined && HAN.test(ch); }

// Whether position k of a text is a word boundary: jieba's cut between Chinese characters; a change
// between Chinese and anything else; else anything but letters and digits (a "." or "/" between
// digits belongs to the number: 14.9 inside 17.14.9, 74/251 inside A/RES/74/251 are whole).
function boundary(field, k) {
  var s = field.norm;
  if (k <= 0 || k >= s.length) return true;
  var a = s[k - 1], b = s[k];
  var ha = isHan(a), hb = isHan(b);
  if (ha && hb) return field.cuts[k] === 1;
  if (ha !== hb) return true;
  if (WORDISH.test(a) && WORDISH.test(b)) return false;
  if ((a === "." || a === "/") && DIGIT.test(s[k - 2] || "") && DIGIT.test(b)) return false;
  if ((b === "." || b === "/") && DIGIT.test(a) && DIGIT.test(s[k + 1] || "")) return false;
  return true;
}

// How good a match at [start, end) is: whole word 1; a Chinese word inside a longer one, or a Latin
// word's beginning, less; a number inside a longer number hardly (14.9 in 14.90 is another number).
function quality(field, start, end, term) {
  var head = boundary(field, start), tail = boundary(field, end);
  if (head && tail) return 1;
  if (DIGIT.test(term)) return 0.1;
  if (HAN.test(term)) return 0.6;
  return head ? 0.7 : 0.3;
}

function occurrences(field, term, fuzzy) {
  var out = [];
  var s = field.norm;
  if (!fuzzy) {
    for (var at = s.indexOf(term); at >= 0 && out.length < 200; at = s.indexOf(term, at + term.length)) {
      out.push({ start: at, end: at + term.length, q: quality(field, at, at + term.length, term) });
    }
    return out;
  }
  // one character wrong (Chinese terms of three characters or more)
  var m = term.length;
  for (var i = 0; i + m <= s.length && out.length < 50; i++) {
    var wrong = 0;
    for (var j = 0; j < m && wrong < 2; j++) if (s[i + j] !== term[j]) wrong++;
    if (wrong === 1 && HAN.test(s[i]) && HAN.test(s[i + m - 1])) {
      out.push({ start: i, end: i + m, q: 0.5 * quality(field, i, i + m, term) });
      i += m - 1;
    }
  }
  return out;
}

function queryTerms(query) {
  var out = [];
  query.split(/\s+/).forEach(function (part) {
    (part.match(/\p{sc=Han}+|[^\p{sc=Han}]+/gu) || []).forEach(function (piece) {
      var term = piece.replace(/^[^\p{L}\p{N}]+/u, "").replace(/[^\p{L}\p{N})]+$/u, "");
      if (term && out.indexOf(term) < 0) out.push(term);
    });
  });
  return out;
}

// How a query that is a number fits a block's own number: 3 exactly (3.1 its printed number, as a
// paragraph's), 2.5 the number with at most two more letters around it (第 14.47 段), 2 a number
// that begins with it, 0 none.
function numberLevel(doc, key) {
  if (!/[0-9]/.test(key) || !doc.numbers.keys.size) return 0;
  if (doc.numbers.label === key) return 3.1;
  if (doc.numbers.keys.has(key)) return 3;
  var core = /[0-9][0-9a-z.\/()\-]*/.exec(key);
  if (core && key.length - core[0].length <= 2 && doc.numbers.numbers.has(core[0].replace(/[.\/\-]+$/, ""))) return 2.5;
  var prefix = false;
  doc.numbers.keys.forEach(function (k) { if (k.length > key.length && k.indexOf(key) === 0) prefix = true; });
  return prefix ? 2 : 0;
}

function bm25(tf, length) {
  return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / averageLength));
}

function search(raw) {
  var query = normalise(toSimplified(raw)).replace(/\s+/g, " ").trim();
  var terms = queryTerms(query);
  var key = query.replace(/\s+/g, "");
  if (!terms.length) return { hits: [], weightOf: {} };
  var N = docs.length;
  var found = docs.map(function () { return []; });  // per doc, per term: {title, text}
  var weights = terms.map(function (term) {
    var df = 0;
    var fuzzy = false;
    for (var pass = 0; pass < 2 && df === 0; pass++) {
      fuzzy = pass === 1;
      if (fuzzy && !(HAN.test(term) && term.length >= 3)) break;
      for (var d = 0; d < N; d++) {
        var title = occurrences(docs[d].title, term, fuzzy), text = occurrences(docs[d].text, term, fuzzy);
        if (title.length || text.length) { found[d].push({ term: term, title: title, text: text }); df++; }
      }
    }
    return Math.log(1 + (N - df + 0.5) / (df + 0.5));
  });
  var weightOf = {};
  terms.forEach(function (term, i) { weightOf[term] = weights[i]; });
  var allWeight = weights.reduce(function (a, b) { return a + b; }, 0);

  var hits = [];
  docs.forEach(function (doc, d) {
    var level = numberLevel(doc, key);
    if (!found[d].length && !level) return;
    var score = 0, covered = 0;
    found[d].forEach(function (f) {
      var w = weightOf[f.term];
      var titleQ = 0, textQ = 0;
      f.title.forEach(function (o) { titleQ = Math.max(titleQ, o.q); });
      f.text.forEach(function (o) { textQ += o.q; });
      score += w * ((doc.block ? BLOCK_TITLE : SECTION_TITLE) * titleQ + bm25(textQ, doc.text.norm.length));
      covered += w;
    });
    var coverage = allWeight ? covered / allWeight : 0;
    score *= coverage * coverage * (KIND_WEIGHT[doc.kind] || 0.8);
    var heading = doc.title.norm.replace(/\s+/g, " ").trim();
    if (!doc.block && (heading === query || heading.replace(/\s+/g, "") === key)) score *= 2;
    hits.push({ doc: doc, found: found[d], level: level, score: score, complete: coverage > 0.999 });
  });
  if (hits.some(function (h) { return h.complete; })) {
    hits = hits.filter(function (h) { return h.complete || h.level; });
  }
  hits.sort(function (a, b) { return b.level - a.level || b.score - a.score; });
  return { hits: hits, weightOf: weightOf };
}

// ------------------------------------------------------------------ presenting

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function spans(hit, field) {
  var out = [];
  hit.found.forEach(function (f) { f[field].forEach(function (o) { out.push({ start: o.start, end: o.end, q: o.q, term: f.term }); }); });
  return out.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
}

function marked(text, list, from, to) {
  var html = "", at = from;
  list.forEach(function (o) {
    if (o.start < at || o.end > to) return;
    html += escapeHTML(text.slice(at, o.start)) + "<mark>" + escapeHTML(text.slice(o.start, o.end)) + "</mark>";
    at = o.end;
  });
  return html + escapeHTML(text.slice(at, to));
}

// The text around the best match: the rarest term's best occurrence, with the most other matches
// close to it.
function snippet(hit, weightOf) {
  var text = hit.doc.text.display;
  var list = spans(hit, "text");
  if (!list.length) {
    return escapeHTML(text.slice(0, 120)) + (text.length > 120 ? "…" : "");
  }
  var best = list[0], bestValue = -1;
  list.forEach(function (o) {
    var near = list.filter(function (p) { return Math.abs(p.start - o.start) < 60 && p.term !== o.term; }).length;
    var value = o.q * (weightOf[o.term] || 1) + near;
    if (value > bestValue) { best = o; bestValue = value; }
  });
  var from = Math.max(0, best.start - 40), to = Math.min(text.length, best.start + 110);
  return (from > 0 ? "…" : "") + marked(text, list, from, to) + (to < text.length ? "…" : "");
}

function highlightTerms(hit) {
  var out = [];
  ["title", "text"].forEach(function (field) {
    spans(hit, field).forEach(function (o) {
      var surface = hit.doc[field].display.slice(o.start, o.end);
      if (out.indexOf(surface) < 0 && out.length < 6) out.push(surface);
    });
  });
  return out;
}

function withHighlight(location, terms) {
  var parts = location.split("#");
  var h = terms.length ? "?h=" + encodeURIComponent(terms.join(" ")) : "";
  return parts[0] + h + (parts.length > 1 ? "#" + parts.slice(1).join("#") : "");
}

function item(hit, weightOf, score, terms) {
  var doc = hit.doc;
  var title = marked(doc.title.display, spans(hit, "title"), 0, doc.title.display.length);
  if (doc.ref && doc.block) title = escapeHTML(doc.ref) + " · " + title;
  return {
    location: withHighlight(doc.location, terms || highlightTerms(hit)),
    title: title,
    text: doc.block || hit.found.length ? snippet(hit, weightOf) : "",
    score: score,
    terms: {},
  };
}

function results(raw) {
  var found = search(raw);
  var hits = found.hits, weightOf = found.weightOf;
  var groups = new Map();
  hits.forEach(function (hit) {
    if (!groups.has(hit.doc.page)) {
      if (groups.size >= MAX_GROUPS) return;
      groups.set(hit.doc.page, []);
    }
    groups.get(hit.doc.page).push(hit);
  });
  var items = [];
  groups.forEach(function (list, page) {
    var top = list[0];
    var shown = list.slice(0, 8);
    var out = shown.map(function (hit) {
      return item(hit, weightOf, hit.level * 1000 + hit.score);
    });
    // the page itself, which Material shows above its places: it carries the best place's terms
    if (!shown.some(function (hit) { return hit.doc.location === page; })) {
      var pageDoc = docs.find(function (doc) { return doc.location === page; });
      if (pageDoc) {
        out.push(item({ doc: pageDoc, found: [], level: 0, score: 0 }, weightOf, 0, highlightTerms(top)));
        out[out.length - 1].text = "";
      }
    }
    items.push(out);
  });
  return items;
}

// ------------------------------------------------------------------ messages

function load(urls) {
  return Promise.resolve(importScripts.apply(self, urls));
}

// OpenCC (52 KB gzip) only for a reader who types a character the plan does not use: traditional
// characters, most likely
async function simplifying(query) {
  if (!openccScript) return;
  var unknown = (query.match(/\p{sc=Han}/gu) || []).some(function (ch) { return !characters.has(ch); });
  if (!unknown) return;
  var script = openccScript;
  openccScript = null;
  await load([script]);
  if (self.OpenCC) toSimplified = self.OpenCC.Converter({ from: "tw", to: "cn" });
}

async function handle(message) {
  if (message.type === 0) {
    var plan = message.data.plan;
    await load([plan.index]);
    openccScript = plan.opencc;
    setup(self.__planSearchIndex);
    return { type: 1 };
  }
  if (message.type === 2) {
    try {
      var query = String(message.data || "");
      await simplifying(query);
      return { type: 3, data: { items: results(query) } };
    } catch (err) {
      console.warn("search failed:", err);
      return { type: 3, data: { items: [] } };
    }
  }
  throw new TypeError("Invalid message type");
}

addEventListener("message", async function (ev) {
  postMessage(await handle(ev.data));
});
