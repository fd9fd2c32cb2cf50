#!/usr/bin/env python3
"""Browser test of `qawl extract --format html` in headless Chromium.

Drives Debian's chromium through chromedriver's WebDriver HTTP API with the
standard library only (no pip). For each page it checks, in the rendered DOM
and against the JSONL output of the same binary on the same input:
  - one highlight per attribution: the ids in the text's segments are
    exactly 0..n-1 in every article, n from the JSONL;
  - each highlight's text (its segments, in order) equals its content;
  - the page computes as RTL (getComputedStyle direction);
  - clicking a speaker in the overview list, and in an article's who-said-what
    list, leaves only that speaker's articles visible;
  - the kind filter leaves exactly the articles with that kind;
  - clicking a highlight opens its pop-up;
  - a screenshot is not blank (pixel variance).
Usage: browser_test.py QAWL OUTDIR [--screenshot-dir DIR] INPUT...
  where INPUT is `text:FILE` or `jsonl:FILE`.
"""

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1300,1000",
]

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def safe_char(c):
    """The page's replacement of control characters (src/output/html.rs)."""
    o = ord(c)
    if c in "\t\n\r":
        return c
    if o < 0x20:
        return chr(0x2400 + o)
    if o == 0x7F:
        return "\u2421"
    if 0x80 <= o <= 0x9F or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
        return "\ufffd"
    return c


def as_rendered(s):
    """A text as the DOM holds it: control characters replaced, CR LF as LF."""
    return "".join(safe_char(c) for c in s).replace("\r\n", "\n").replace("\r", "\n")


class WebDriver:
    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.profile = tempfile.mkdtemp(prefix="qawl-chromium-")
        self.proc = subprocess.Popen(
            [CHROMEDRIVER, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": CHROMIUM, "args": FLAGS + [f"--user-data-dir={self.profile}"]}}}}
        self.sid = self.call("POST", "/session", caps)["sessionId"]
        self.call("POST", f"/session/{self.sid}/timeouts", {"pageLoad": 300000, "script": 120000})

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=600) as r:
                return json.loads(r.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.read().decode(errors='replace')[:500]}")

    def s(self, path):
        return f"/session/{self.sid}{path}"

    def open(self, url):
        self.call("POST", self.s("/url"), {"url": url})

    def js(self, script, *args):
        return self.call("POST", self.s("/execute/sync"), {"script": script, "args": list(args)})

    def click(self, css):
        eid = self.call("POST", self.s("/element"), {"using": "css selector", "value": css})
        eid = next(iter(eid.values()))
        self.call("POST", self.s(f"/element/{eid}/click"), {})

    def screenshot(self):
        return base64.b64decode(self.call("GET", self.s("/screenshot")))

    def quit(self):
        try:
            self.call("DELETE", self.s(""))
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            shutil.rmtree(self.profile, ignore_errors=True)


def png_variance(png):
    """Variance of the grey levels of an 8-bit RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(png):
        n, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    total = total2 = count = 0
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 4 == 0:
            for x in range(0, w, 4):
                g = (line[x * bpp] + line[x * bpp + 1] + line[x * bpp + 2]) // 3
                total += g
                total2 += g * g
                count += 1
        prev = line
    mean = total / count
    return total2 / count - mean * mean


DOM_FACTS = """
const docs = Array.from(document.querySelectorAll('article.doc'));
return {
  ready: document.documentElement.getAttribute('data-ready'),
  direction: getComputedStyle(document.body).direction,
  textDirection: docs.length ? getComputedStyle(docs[0].querySelector('.text')).direction : null,
  htmlDir: document.documentElement.dir, lang: document.documentElement.lang,
  docs: docs.map(d => {
    const by = {};
    d.querySelectorAll('.text span[data-a]').forEach(s => {
      for (const id of s.getAttribute('data-a').split(' ')) (by[id] = by[id] || []).push(s.textContent);
    });
    const cues = {};
    d.querySelectorAll('.text span[data-q]').forEach(s => {
      for (const id of s.getAttribute('data-q').split(' ')) cues[id] = (cues[id] || '') + s.textContent;
    });
    const ids = Object.keys(by).map(Number).sort((a, b) => a - b);
    return {ids, contents: ids.map(i => by[i].join('')), cues, n_items: d.querySelectorAll('.who li[data-i]').length};
  }),
};
"""

VISIBLE = "return Array.from(document.querySelectorAll('article.doc')).map(d => !d.hidden);"


def run_qawl(qawl, fmt, spec, out):
    mode, path = spec.split(":", 1)
    args = [qawl, "extract", "--format", fmt]
    if mode == "jsonl":
        args += ["--input", "jsonl"]
    with open(out, "wb") as f:
        subprocess.run(args + [path], stdout=f, check=True)


def norm_ws(s):
    return " ".join(s.split())


def test_page(wd, qawl, outdir, spec, shot_dir):
    name = os.path.splitext(os.path.basename(spec.split(":", 1)[1]))[0]
    html, jsonl = os.path.join(outdir, name + ".html"), os.path.join(outdir, name + ".jsonl")
    run_qawl(qawl, "html", spec, html)
    run_qawl(qawl, "jsonl", spec, jsonl)
    gold = [json.loads(l) for l in open(jsonl, encoding="utf-8")]
    n_attr = sum(len(d["attributions"]) for d in gold)
    size = os.path.getsize(html)
    print(f"== {spec}: {len(gold)} documents, {n_attr} attributions, page {size / 1e6:.2f} MB", flush=True)
    t0 = time.time()
    wd.open("file://" + os.path.abspath(html))
    wall = time.time() - t0
    timing = wd.js("const t = performance.timing; return [t.domContentLoadedEventEnd - t.navigationStart, "
                   "t.loadEventEnd - t.navigationStart];")
    print(f"   opened in {wall:.2f} s (DOMContentLoaded {timing[0]} ms, load {timing[1]} ms)", flush=True)
    f = wd.js(DOM_FACTS)
    check(f["ready"] == "1", "the page script ran (data-ready)")
    check(f["direction"] == "rtl" and f["textDirection"] == "rtl" and f["htmlDir"] == "rtl" and f["lang"] == "ar",
          f"the page computes as RTL (body {f['direction']}, text {f['textDirection']}, lang {f['lang']})")
    check(len(f["docs"]) == len(gold), f"one article per document ({len(f['docs'])} == {len(gold)})")
    highlights = sum(len(d["ids"]) for d in f["docs"])
    check(highlights == n_attr, f"highlights == attributions ({highlights} == {n_attr})")
    bad_ids = bad_text = bad_cue = 0
    for d, g in zip(f["docs"], gold):
        if d["ids"] != list(range(len(g["attributions"]))) or d["n_items"] != len(g["attributions"]):
            bad_ids += 1
            continue
        for i, a in enumerate(g["attributions"]):
            if d["contents"][i] != as_rendered(a["content"]["text"]):
                bad_text += 1
                if bad_text <= 3:
                    print(f"     {g['id']} #{i}: {d['contents'][i][:80]!r} != {a['content']['text'][:80]!r}")
            if d["cues"].get(str(i)) != as_rendered(a["cue"]["text"]):
                bad_cue += 1
    check(bad_ids == 0, f"every article highlights exactly its attributions ({bad_ids} articles differ)")
    check(bad_text == 0, f"each highlight's text == its content ({n_attr - bad_text} of {n_attr})")
    check(bad_cue == 0, f"each cue's text == its cue ({n_attr - bad_cue} of {n_attr})")

    # the speaker list: click a speaker quoted under one spelling, in fewer articles than there are
    groups = wd.js("return JSON.parse(document.getElementById('qawl-data').textContent).groups;")
    pick = next((i for i, g in enumerate(groups[:25]) if g["f"] == 1 and 1 < g["d"] < len(gold)), None)
    if pick is None:
        pick = next((i for i, g in enumerate(groups[:25]) if g["f"] == 1 and g["d"] < len(gold)), None)
    if pick is None:
        pick = next((i for i, g in enumerate(groups[:25]) if g["f"] == 1), 0)
    g = groups[pick]
    expected = [any(a["speaker"] and norm_ws(a["speaker"]["entity"]["text"]) == g["n"] for a in d["attributions"])
                for d in gold]
    wd.click(f'#top tr[data-g="{pick}"]')
    vis = wd.js(VISIBLE)
    check(vis == expected and sum(vis) == g["d"],
          f"clicking speaker #{pick + 1} «{g['n']}» in the overview leaves only its {sum(expected)} articles visible "
          f"({sum(vis)} visible)")
    wd.click("#reset")
    check(all(wd.js(VISIBLE)), "reset shows every article again")
    # the same from an article's who-said-what list
    first = expected.index(True)
    wd.js("document.querySelectorAll('article.doc')[arguments[0]].scrollIntoView();", first)
    idx = wd.js("""const d = document.querySelectorAll('article.doc')[arguments[0]];
      const data = JSON.parse(document.getElementById('qawl-data').textContent).attrs[arguments[0]];
      const b = Array.from(d.querySelectorAll('.ename')).find(b => data[+b.dataset.i][0] === arguments[1]);
      b.id = 'pick-me'; return +b.dataset.i;""", first, pick)
    wd.click("#pick-me")
    vis = wd.js(VISIBLE)
    check(vis == expected, f"clicking «{g['n']}» in an article's who-said-what list does the same ({sum(vis)} visible)")
    wd.click("#reset")
    # the kind filter
    for kind_i, kind in enumerate(["direct", "indirect", "mixed", "according_to", "claim"]):
        exp = [any(a["kind"] == kind for a in d["attributions"]) for d in gold]
        wd.js("const s = document.getElementById('kind-filter'); s.value = arguments[0];"
              "s.dispatchEvent(new Event('change'));", str(kind_i))
        vis = wd.js(VISIBLE)
        check(vis == exp, f"kind filter {kind}: {sum(vis)} articles visible, {sum(exp)} expected")
    wd.click("#reset")
    # a pop-up on click
    if n_attr:
        wd.js("window.scrollTo(0, 0); const s = document.querySelector('.text span[data-q]'); s.id = 'hl';"
              "s.scrollIntoView({block: 'center'});")
        wd.click("#hl")
        tip = wd.js("const t = document.getElementById('tip'); return [t.hidden, t.textContent];")
        check(not tip[0] and ("direct" in tip[1] or "according_to" in tip[1] or "claim" in tip[1] or "mixed" in tip[1]
                              or "indirect" in tip[1]) and "القاعدة" in tip[1],
              "clicking a highlight shows its kind, speaker and rule")
        wd.js("document.body.click(); window.scrollTo(0, 0);")
    png = wd.screenshot()
    var = png_variance(png)
    check(var > 100, f"the screenshot is not blank (grey-level variance {var:.0f})")
    if shot_dir:
        os.makedirs(shot_dir, exist_ok=True)
        with open(os.path.join(shot_dir, f"page-{name}.png"), "wb") as out:
            out.write(png)


def main():
    args = sys.argv[1:]
    shot_dir = None
    if "--screenshot-dir" in args:
        i = args.index("--screenshot-dir")
        shot_dir = args[i + 1]
        del args[i:i + 2]
    qawl, outdir, specs = args[0], args[1], args[2:]
    os.makedirs(outdir, exist_ok=True)
    wd = WebDriver()
    try:
        for spec in specs:
            test_page(wd, qawl, outdir, spec, shot_dir)
    finally:
        wd.quit()
    print()
    if failures:
        print(f"browser test: {len(failures)} failed")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("browser test: all checks passed")


if __name__ == "__main__":
    main()
