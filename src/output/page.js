// qawl page: builds the overview (who is quoted most), the filters and the
// pop-ups from the data qawl wrote at the end of the page. No network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("qawl-data").textContent);
  var docs = Array.prototype.slice.call(document.querySelectorAll("article.doc"));
  var KL = {};
  data.kinds.forEach(function (k, i) { KL[k] = data.kind_labels[i]; });
  var AL = { report: "إفادة", announce: "إعلان", deny: "نفي", demand: "مطالبة", warn: "تحذير", praise: "إشادة", condemn: "إدانة" };
  var state = { g: -1, k: -1, a: -1 };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function num(n) { return n.toLocaleString("ar-u-nu-latn"); }

  // ---- overview
  var ov = document.getElementById("overview");
  document.getElementById("loading").remove();
  var byKind = [0, 0, 0, 0, 0];
  data.attrs.forEach(function (d) { d.forEach(function (t) { byKind[t[1]]++; }); });
  var sum = el("p", { "class": "summary" });
  sum.textContent = num(data.shown) + " مقالة، " + num(data.attributions) + " اقتباسا، " + num(data.groups.length) + " قائلا. ";
  var legend = el("span", { "class": "legend" });
  data.kinds.forEach(function (k, i) {
    legend.appendChild(el("span", { "class": "k-" + k, title: k }, KL[k] + " " + num(byKind[i])));
  });
  sum.appendChild(legend);
  ov.appendChild(sum);
  if (data.left_out > 0) {
    var w = el("p", { "class": "warn", id: "left-out" });
    w.innerHTML = "تعرض هذه الصفحة أول " + num(data.shown) + " مقالة من " + num(data.documents) +
      " (الحد " + num(data.max_docs) + " كي تبقى سريعة). صفِّ المقالات أولا، مثلا: " +
      "<code>qawl speakers --input jsonl CORPUS</code> لمعرفة القائلين، ثم " +
      "<code>zcat CORPUS.jsonl.gz | grep 'NAME' | qawl extract --input jsonl --format html - &gt; page.html</code>" +
      " أو <code>--kinds claim</code> أو <code>head -n 3000</code>.";
    ov.appendChild(w);
  }

  var filters = el("div", { "class": "filters" });
  var search = el("input", { type: "search", id: "speaker-search", list: "speaker-names", placeholder: "ابحث عن قائل" });
  var names = el("datalist", { id: "speaker-names" });
  data.groups.slice(0, 3000).forEach(function (g) { names.appendChild(el("option", { value: g.n })); });
  var chip = el("span", { id: "speaker-chip" });
  var kindSel = el("select", { id: "kind-filter" });
  kindSel.appendChild(el("option", { value: "-1" }, "كل الأنواع"));
  data.kinds.forEach(function (k, i) { kindSel.appendChild(el("option", { value: i }, KL[k] + " (" + k + ")")); });
  var actSel = el("select", { id: "act-filter" });
  actSel.appendChild(el("option", { value: "-1" }, "كل الأفعال"));
  data.acts.forEach(function (a, i) { actSel.appendChild(el("option", { value: i }, (AL[a] || a) + " (" + a + ")")); });
  var reset = el("button", { type: "button", id: "reset" }, "الكل");
  var shown = el("span", { id: "shown" });
  var l1 = el("label", {}, "القائل: "); l1.appendChild(search);
  var l2 = el("label", {}, "النوع: "); l2.appendChild(kindSel);
  var l3 = el("label", {}, "الفعل: "); l3.appendChild(actSel);
  [l1, names, chip, l2, l3, reset, shown].forEach(function (x) { filters.appendChild(x); });
  ov.appendChild(filters);

  ov.appendChild(el("h3", {}, "الأكثر اقتباسا"));
  var table = el("table", { "class": "top", id: "top" });
  var head = el("tr");
  head.appendChild(el("th", { "class": "num" }, "#"));
  head.appendChild(el("th", {}, "القائل"));
  head.appendChild(el("th", { "class": "num" }, "المجموع"));
  data.kinds.forEach(function (k) { head.appendChild(el("th", { "class": "num", title: k }, KL[k])); });
  head.appendChild(el("th", { "class": "num" }, "مقالات"));
  table.appendChild(head);
  var rowsShown = 0;
  function addRows(n) {
    var end = Math.min(data.groups.length, rowsShown + n);
    for (var i = rowsShown; i < end; i++) {
      var g = data.groups[i];
      var tr = el("tr", { "data-g": i });
      tr.appendChild(el("td", { "class": "num" }, num(i + 1)));
      var td = el("td", {}, g.n);
      if (g.f > 1) td.appendChild(el("span", { "class": "forms", title: g.v.join("، ") }, " (" + num(g.f) + " صيغ)"));
      tr.appendChild(td);
      tr.appendChild(el("td", { "class": "num" }, num(g.t)));
      g.k.forEach(function (c) { tr.appendChild(el("td", { "class": "num" }, c ? num(c) : "")); });
      tr.appendChild(el("td", { "class": "num" }, num(g.d)));
      table.appendChild(tr);
    }
    rowsShown = end;
    more.hidden = rowsShown >= data.groups.length;
  }
  var more = el("button", { type: "button", id: "more" }, "المزيد");
  ov.appendChild(table);
  ov.appendChild(more);
  addRows(25);
  more.addEventListener("click", function () { addRows(100); });
  table.addEventListener("click", function (ev) {
    var tr = ev.target.closest("tr[data-g]");
    if (tr) setSpeaker(+tr.getAttribute("data-g"));
  });

  // ---- filtering
  function setSpeaker(g) {
    state.g = g;
    chip.textContent = "";
    if (g >= 0) {
      var c = el("span", { "class": "chip" }, data.groups[g].n + " ");
      var x = el("button", { type: "button", title: "clear" }, "×");
      x.addEventListener("click", function () { setSpeaker(-1); });
      c.appendChild(x);
      chip.appendChild(c);
      search.value = "";
    }
    Array.prototype.forEach.call(table.querySelectorAll("tr.on"), function (tr) { tr.classList.remove("on"); });
    var row = table.querySelector('tr[data-g="' + g + '"]');
    if (row) row.classList.add("on");
    apply();
  }
  function matches(t) {
    return (state.g < 0 || t[0] === state.g) && (state.k < 0 || t[1] === state.k) && (state.a < 0 || t[2] === state.a);
  }
  function apply() {
    var all = state.g < 0 && state.k < 0 && state.a < 0;
    var n = 0;
    docs.forEach(function (d, i) {
      var at = data.attrs[i] || [];
      var hits = [];
      if (!all) at.forEach(function (t, j) { if (matches(t)) hits.push(j); });
      var visible = all || hits.length > 0;
      d.hidden = !visible;
      if (visible) n++;
      mark(d, all || !visible ? null : hits);
    });
    shown.textContent = all ? num(n) + " مقالة" : num(n) + " من " + num(docs.length) + " مقالة";
    if (!all) window.scrollTo(0, 0);
  }
  function mark(d, hits) {
    if (d._marked) d._marked.forEach(function (e) { e.classList.remove("m"); });
    d._marked = null;
    d.classList.toggle("filtering", hits !== null);
    if (hits === null) return;
    var marked = [];
    hits.forEach(function (j) {
      Array.prototype.forEach.call(d.querySelectorAll('[data-a~="' + j + '"], .who li[data-i="' + j + '"]'), function (e) {
        e.classList.add("m");
        marked.push(e);
      });
    });
    d._marked = marked;
  }
  search.addEventListener("change", function () {
    var v = search.value.trim();
    for (var i = 0; i < data.groups.length; i++) if (data.groups[i].n === v) return setSpeaker(i);
  });
  kindSel.addEventListener("change", function () { state.k = +kindSel.value; apply(); });
  actSel.addEventListener("change", function () { state.a = +actSel.value; apply(); });
  reset.addEventListener("click", function () {
    state.k = state.a = -1; kindSel.value = actSel.value = "-1"; setSpeaker(-1);
  });

  // ---- pop-ups
  var tip = document.getElementById("tip");
  var pinned = null;
  function attrsOf(d) {
    if (!d._attrs) d._attrs = JSON.parse(d.querySelector("script.attrs").textContent);
    return d._attrs;
  }
  function which(span) {
    var v = span.getAttribute("data-q") || span.getAttribute("data-s") || span.getAttribute("data-a");
    return v === null ? -1 : +v.split(" ")[0];
  }
  function show(d, i, x, y) {
    var a = attrsOf(d)[i];
    if (!a) return;
    tip.textContent = "";
    var dl = el("dl");
    function row(k, v, cls) { dl.appendChild(el("dt", {}, k)); dl.appendChild(el("dd", cls ? { "class": cls } : {}, v)); }
    row("النوع", KL[a.k] + " (" + a.k + ")");
    if (a.act) row("الفعل", (AL[a.act] || a.act) + " (" + a.act + ")");
    if (a.s === undefined) row("القائل", "—");
    else if (a.r === "implicit") {
      row("القائل", (a.e || a.s) + " (ضمني / implicit)");
      row("السابق", "«" + a.s + "» (antecedent)");
    } else row("القائل", a.s);
    if (a.e !== undefined && a.e !== a.s && a.r !== "implicit") row("الكيان", a.e);
    row("الفعل الدال", a.cue + (a.lemma && a.lemma !== a.cue ? " (" + a.lemma + ")" : ""));
    row("القاعدة", a.rule, "ltr");
    tip.appendChild(dl);
    tip.hidden = false;
    var r = tip.getBoundingClientRect();
    tip.style.left = Math.max(4, Math.min(x - r.width / 2, window.innerWidth - r.width - 4)) + "px";
    tip.style.top = (y + 18 + r.height > window.innerHeight ? Math.max(4, y - r.height - 12) : y + 18) + "px";
  }
  function select(d, i) {
    Array.prototype.forEach.call(document.querySelectorAll(".sel"), function (e) { e.classList.remove("sel"); });
    if (i < 0) return;
    Array.prototype.forEach.call(d.querySelectorAll('[data-a~="' + i + '"], [data-q~="' + i + '"], [data-s~="' + i + '"]'),
      function (e) { e.classList.add("sel"); });
  }
  document.addEventListener("mouseover", function (ev) {
    if (pinned) return;
    var s = ev.target.closest && ev.target.closest(".text span");
    if (!s) { tip.hidden = true; return; }
    show(s.closest("article"), which(s), ev.clientX, ev.clientY);
  });
  document.addEventListener("click", function (ev) {
    var t = ev.target;
    var s = t.closest(".text span");
    var li = t.closest(".who li[data-i]");
    var name = t.closest(".ename");
    if (name) {
      var d = name.closest("article");
      var t3 = data.attrs[docs.indexOf(d)][+name.getAttribute("data-i")];
      if (t3 && t3[0] >= 0) setSpeaker(t3[0]);
      return;
    }
    if (s || li) {
      var art = (s || li).closest("article");
      var i = s ? which(s) : +li.getAttribute("data-i");
      select(art, i);
      var first = art.querySelector('[data-a~="' + i + '"]');
      if (li && first) first.scrollIntoView({ block: "center" });
      var r = (s || first || li).getBoundingClientRect();
      pinned = { d: art, i: i };
      show(art, i, s ? ev.clientX : r.left + r.width / 2, s ? ev.clientY : r.bottom);
      return;
    }
    if (!t.closest("#tip")) { pinned = null; tip.hidden = true; select(null, -1); }
  });
  apply();
  document.documentElement.setAttribute("data-ready", "1");
})();
