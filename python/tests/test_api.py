"""qawl.Extractor: extract, extract_many, errors, patterns, pickling."""

from __future__ import annotations

import doctest
import json
import pickle
import shutil
import threading
import time
from pathlib import Path

import pytest

import qawl
from conftest import REPO, run_cli

ARTICLE = REPO / "examples" / "raisi-putin-ar.txt"
QUOTE = "وقال الوزير: «نعمل على حل المشكلة قريبا»."


def test_fields_are_the_cli_jsonl_fields(qawl_bin):
    """extract() gives the `attributions` of the CLI's JSONL line, keys and values."""
    p = run_cli(qawl_bin, "extract", "--format", "jsonl", str(ARTICLE))
    assert p.returncode == 0, p.stderr
    [line] = p.stdout.decode().splitlines()
    cli = json.loads(line)["attributions"]
    py = qawl.Extractor().extract(ARTICLE.read_text(encoding="utf-8"))
    assert len(cli) >= 5
    assert py == cli
    assert [list(a) for a in py] == [list(a) for a in cli]  # same keys, same order


def test_explain_matches_cli(qawl_bin):
    p = run_cli(qawl_bin, "extract", "--format", "jsonl", "--explain", str(ARTICLE))
    cli = json.loads(p.stdout.decode())["attributions"]
    py = qawl.Extractor().extract(ARTICLE.read_text(encoding="utf-8"), explain=True)
    assert py == cli
    assert all(a["rule"] and a["patterns"] for a in py)


def test_spans_index_the_python_string(corpus):
    ex = qawl.Extractor()
    seen = 0
    for d in corpus[:100]:
        text = d["text"]
        raw = text.encode("utf-8")
        for a in ex.extract(text):
            for s in (a["speaker"], a["cue"], a["content"]):
                if s is None:
                    continue
                assert text[s["char_start"] : s["char_end"]] == s["text"]
                assert raw[s["start"] : s["end"]].decode("utf-8") == s["text"]
                seen += 1
    assert seen > 300


def test_module_level_extract():
    [a] = qawl.extract(QUOTE)
    assert (a["kind"], a["speaker"]["text"], a["content"]["text"]) == ("direct", "الوزير", "نعمل على حل المشكلة قريبا")


def test_no_attributions():
    ex = qawl.Extractor()
    assert ex.extract("") == []
    assert ex.extract("الطقس جميل اليوم") == []
    assert ex.extract(" \n\t") == []


def test_bytes_are_read_as_the_cli_reads_a_file(tmp_path, qawl_bin):
    ex = qawl.Extractor()
    text = ARTICLE.read_text(encoding="utf-8")
    assert ex.extract(text.encode("utf-8")) == ex.extract(text)
    for name, data in [("bad-utf8.txt", "قال".encode() + b"\xff\xfe abc"), ("nul.txt", b"abc\x00def")]:
        f = tmp_path / name
        f.write_bytes(data)
        p = run_cli(qawl_bin, "extract", "--format", "jsonl", str(f))
        assert p.returncode == 1
        cli_msg = p.stderr.decode().strip()
        assert cli_msg.startswith(f"qawl: {f}: ")
        with pytest.raises(qawl.QawlError) as e:
            ex.extract(data)
        # same reason as the CLI, with "text" where the CLI names the file
        assert str(e.value) == "text: " + cli_msg[len(f"qawl: {f}: ") :]


def test_invalid_inputs_raise_not_crash():
    ex = qawl.Extractor()
    with pytest.raises(TypeError, match="expected str or bytes, got NoneType"):
        ex.extract(None)
    with pytest.raises(TypeError, match="got int"):
        ex.extract(42)
    with pytest.raises(qawl.QawlError, match="invalid UTF-8"):
        ex.extract("قال \ud800 الوزير")
    assert issubclass(qawl.QawlError, ValueError)
    assert issubclass(qawl.PatternError, qawl.QawlError)
    # unbalanced quotation marks, a long line: answers, no hang
    long = ("قال الوزير: «" + "كلام " * 200_000) + "\n" + "«" * 100_000
    t = time.monotonic()
    assert isinstance(ex.extract(long), list)
    assert time.monotonic() - t < 30


def test_extract_many_equals_extract(corpus):
    ex = qawl.Extractor()
    texts = [d["text"] for d in corpus]
    one = [ex.extract(t) for t in texts]
    assert sum(map(len, one)) > 1000
    for threads in (None, 1, 2, 3):
        assert ex.extract_many(texts, threads=threads) == one
    assert ex.extract_many(iter(texts[:10])) == one[:10]  # any iterable
    assert ex.extract_many(t.encode() for t in texts[:10]) == one[:10]
    assert ex.extract_many([]) == []


def test_extract_many_errors_name_the_document():
    ex = qawl.Extractor()
    with pytest.raises(qawl.QawlError, match=r"^texts\[2\]: invalid UTF-8 at byte 1, skipped$"):
        ex.extract_many([QUOTE, QUOTE, b"a\xff"])
    with pytest.raises(TypeError, match=r"texts\[1\]: expected str or bytes"):
        ex.extract_many([QUOTE, None])
    with pytest.raises(ValueError, match="threads: must be at least 1"):
        ex.extract_many([QUOTE], threads=0)


def test_extract_many_releases_the_gil(corpus):
    """Another Python thread keeps running while extract_many works: the
    longest pause it sees is a fraction of the call."""
    ex = qawl.Extractor()
    texts = [d["text"] for d in corpus] * 15
    stamps: list[float] = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    while not stamps:
        time.sleep(0.001)
    t0 = time.perf_counter()
    ex.extract_many(texts, threads=1)
    t1 = time.perf_counter()
    stop.set()
    t.join()
    inside = [s for s in stamps if t0 <= s <= t1]
    gaps = [b - a for a, b in zip(inside, inside[1:])]
    assert t1 - t0 > 0.2, "workload too small to tell"
    assert len(inside) > 10
    assert max(gaps) < 0.5 * (t1 - t0)


def _write_patterns(dst: Path) -> Path:
    shutil.copytree(REPO / "patterns" / "ar", dst)
    return dst


def test_pattern_folder(tmp_path, corpus):
    d = _write_patterns(tmp_path / "ar")
    ex = qawl.Extractor(d)
    assert ex.patterns == str(d)
    assert ex.extract_many([x["text"] for x in corpus[:50]]) == qawl.Extractor().extract_many(
        [x["text"] for x in corpus[:50]]
    )
    # the folder holding ar/ works too, as with --patterns
    assert qawl.Extractor(tmp_path).extract(QUOTE) == ex.extract(QUOTE)


def test_broken_pattern_folder_raises_the_cli_lines(tmp_path, qawl_bin):
    d = _write_patterns(tmp_path / "ar")
    with open(d / "verbs.txt", "a", encoding="utf-8") as f:
        f.write("قال = قال | colour\n")
        f.write("زعم = | an\n")
    (d / "quotes.txt").write_bytes(b"\xff\xfe\n")
    p = run_cli(qawl_bin, "extract", "--patterns", str(d), "-", stdin=b"")
    assert p.returncode == 2
    cli_lines = p.stderr.decode().strip().splitlines()
    assert len(cli_lines) >= 3
    with pytest.raises(qawl.PatternError) as e:
        qawl.Extractor(d)
    assert str(e.value).splitlines() == cli_lines
    assert all(":" in line for line in cli_lines)
    files = {Path(f).name for f, _, _ in e.value.errors}
    assert files == {"verbs.txt", "quotes.txt"}
    assert all(isinstance(line, int) and reason for _, line, reason in e.value.errors)


def test_missing_pattern_folder_raises_the_cli_lines(tmp_path, qawl_bin):
    d = tmp_path / "nowhere"
    p = run_cli(qawl_bin, "extract", "--patterns", str(d), "-", stdin=b"")
    assert p.returncode == 2
    with pytest.raises(qawl.PatternError) as e:
        qawl.Extractor(d)
    assert str(e.value).splitlines() == p.stderr.decode().strip().splitlines()


def test_pickle_round_trip(tmp_path):
    for ex in (qawl.Extractor(), qawl.Extractor(_write_patterns(tmp_path / "ar"))):
        back = pickle.loads(pickle.dumps(ex))
        assert isinstance(back, qawl.Extractor)
        assert back.patterns == ex.patterns
        assert back.extract(QUOTE) == ex.extract(QUOTE)
    assert repr(qawl.Extractor()) == "Extractor()"


@pytest.mark.parametrize("module", ["qawl", "qawl.table", "qawl.spark"])
def test_docstring_examples(module):
    import importlib

    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    if module == "qawl.spark":
        pytest.importorskip("pyspark")
    m = importlib.import_module(module)
    res = doctest.testmod(m, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0
    if module != "qawl.table":
        assert res.attempted > 3


def test_escaped_characters_round_trip(qawl_bin):
    """Quotes, backslashes, control characters and non-BMP characters in
    spans (escaped in the JSON line) reach Python unchanged."""
    text = 'قال الوزير: «نص فيه "علامات" و\\ شرطة و\tجدولة و\x01 و😀 هنا».\r\nوأضاف أن «الأمر \u2028 محسوم».'
    p = run_cli(qawl_bin, "extract", "--format", "jsonl", "-", stdin=text.encode("utf-8"))
    assert p.returncode == 0, p.stderr
    cli = json.loads(p.stdout.decode())["attributions"]
    ex = qawl.Extractor()
    got = ex.extract(text)
    assert got == cli
    contents = [a["content"]["text"] for a in got]
    assert any('"علامات"' in c and "\\" in c and "\t" in c and "\x01" in c and "😀" in c for c in contents)
    for a in got:
        s = a["content"]
        assert text[s["char_start"] : s["char_end"]] == s["text"]
    pytest.importorskip("pyarrow")
    rows = ex.extract_arrow([text]).to_pylist()
    assert [r["content_text"] for r in rows] == contents


def test_readme_python_examples(monkeypatch):
    """The `>>>` examples of the README's Python section give the output shown."""
    pytest.importorskip("pandas")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in readme.split("```python")[1:]]
    examples = "\n".join(b for b in blocks if ">>>" in b)
    assert examples.count(">>>") >= 10
    monkeypatch.chdir(REPO)
    test = doctest.DocTestParser().get_doctest(examples, {}, "README.md", str(REPO / "README.md"), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.tries >= 10 and runner.failures == 0
