"""Shared fixtures: the repository's CLI binary, the corpus sample, a local
Spark session. Nothing here reads outside the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPUS = HERE / "data" / "corpus-300.jsonl"


@pytest.fixture(scope="session")
def qawl_bin() -> Path:
    """The release CLI built from this repository (built here if missing;
    QAWL_BIN overrides)."""
    if os.environ.get("QAWL_BIN"):
        return Path(os.environ["QAWL_BIN"])
    exe = REPO / "target" / "release" / "qawl"
    if not exe.exists():
        subprocess.run(["cargo", "build", "--release", "--bin", "qawl"], cwd=REPO, check=True)
    return exe


@pytest.fixture(scope="session")
def corpus() -> list[dict]:
    """The 300 corpus articles (id, source, text), in file order."""
    with open(CORPUS, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def run_cli(qawl_bin: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(qawl_bin), *args], input=stdin, capture_output=True)


@pytest.fixture(scope="session")
def cli_jsonl(qawl_bin) -> dict[str, list[dict]]:
    """`qawl extract --input jsonl --format jsonl` over the corpus: id -> attributions."""
    p = run_cli(qawl_bin, "extract", "--input", "jsonl", "--format", "jsonl", str(CORPUS))
    assert p.returncode == 0, p.stderr.decode()
    out = {}
    for line in p.stdout.decode("utf-8").splitlines():
        d = json.loads(line)
        out[d["id"]] = d["attributions"]
    return out


@pytest.fixture(scope="session")
def spark():
    """A local Spark session on two cores, its Python workers on this interpreter."""
    pyspark = pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("qawl-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    assert pyspark.__version__
    yield session
    session.stop()


def flatten(doc_id, attributions: list[dict]) -> list[dict]:
    """CLI/Python attributions as table rows, written independently of
    qawl.table so the columnar paths are checked against the JSON ones."""
    rows = []
    for n, a in enumerate(attributions, 1):
        sp = a["speaker"] or {}
        ent = sp.get("entity")
        if isinstance(ent, dict):
            ent = ent.get("text")
        row = {
            "id": doc_id,
            "n": n,
            "kind": a["kind"],
            "act": a.get("act"),
            "speaker_text": sp.get("text"),
            "speaker_resolved": sp.get("resolved"),
            "speaker_entity": ent,
        }
        for k in ("start", "end", "char_start", "char_end"):
            row[f"speaker_{k}"] = sp.get(k)
        row["cue_text"] = a["cue"]["text"]
        row["cue_lemma"] = a["cue"]["lemma"]
        for k in ("start", "end", "char_start", "char_end"):
            row[f"cue_{k}"] = a["cue"][k]
        row["content_text"] = a["content"]["text"]
        for k in ("start", "end", "char_start", "char_end"):
            row[f"content_{k}"] = a["content"][k]
        row["error"] = None
        rows.append(row)
    return rows
