// Search over the guides: the prebuilt index (search-index.js, loaded on first use) and a substring match on
// headings and text. The form is hidden without JavaScript; everything else works without it.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) return;
  var input = form.querySelector("input");
  var list = form.querySelector("ol");
  var root = document.body.getAttribute("data-root");
  if (root === null) root = "/";
  var fromFiles = location.protocol === "file:";
  form.hidden = false;

  function load(then) {
    if (window.squallSearchIndex) { then(); return; }
    var script = document.createElement("script");
    script.src = form.getAttribute("data-index");
    script.onload = then;
    document.head.appendChild(script);
  }

  function href(url) {
    if (fromFiles) url = url.replace(/\/(#|$)/, "/index.html$1");
    return root + url;
  }

  function show() {
    var q = input.value.trim().toLowerCase();
    list.textContent = "";
    if (q.length < 2 || !window.squallSearchIndex) return;
    var words = q.split(/\s+/);
    var hits = [];
    window.squallSearchIndex.forEach(function (e) {
      var head = (e.p + " " + e.h).toLowerCase();
      var text = e.x.toLowerCase();
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        if (head.indexOf(words[i]) >= 0) score += 3;
        else if (text.indexOf(words[i]) >= 0) score += 1;
        else return;
      }
      hits.push({ e: e, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    hits.slice(0, 12).forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href(h.e.u);
      a.textContent = h.e.h;
      var small = document.createElement("small");
      small.textContent = h.e.p;
      a.appendChild(small);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.textContent = "No match";
      none.style.padding = ".4em .7em";
      list.appendChild(none);
    }
  }

  input.addEventListener("focus", function () { load(show); });
  input.addEventListener("input", function () { load(show); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { input.value = ""; show(); }
  });
})();
