"""The embedder: the ONNX exports against the torch reference, their rebuilding, export without a
network, the error for an index built with another embedder, no torch on the question path, and
the question-tuned copy of the model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from briefbot.answering.candidates import PaperView
from briefbot.config import Settings
from briefbot.engine import Briefbot
from briefbot.errors import ModelMismatchError
from briefbot.files import sha256_of
from briefbot.store.embedder import Embedder, model_path
from briefbot.store.onnx_model import exported_model
from briefbot.store.tuning import tuned_model, write_tuning
from tests.conftest import CORPUS, REPO, child_env

MODEL = Settings().model


def passages() -> list[str]:
    """Real paragraphs of the Herefordshire papers, short and long."""
    found = []
    for paper in sorted(CORPUS.glob("*.txt")):
        found += [p for p in paper.read_text(encoding="utf-8").split("\n\n") if len(p.split()) > 4]
    return found[:60] + ["Who is Eleanor Brazil?"]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return Embedder(MODEL, backend="torch").encode(passages())


def test_fp32_export_equals_torch(reference: np.ndarray) -> None:
    vectors = Embedder(MODEL, backend="onnx-fp32").encode(passages())
    assert np.abs(np.linalg.norm(vectors, axis=1) - 1).max() < 1e-5
    assert (vectors * reference).sum(axis=1).min() > 1 - 1e-5


def test_int8_export_stays_close_to_torch(reference: np.ndarray) -> None:
    vectors = Embedder(MODEL, backend="onnx-int8").encode(passages())
    cosines = (vectors * reference).sum(axis=1)
    assert cosines.min() >= 0.98 and cosines.mean() >= 0.99


@pytest.mark.parametrize("backend", ["onnx-int8", "onnx-fp32"])
def test_a_texts_vector_does_not_depend_on_its_batch(backend: str) -> None:
    embedder = Embedder(MODEL, backend=backend, batch_size=4)  # type: ignore[arg-type]
    texts = passages()[:9]
    together = embedder.encode(texts)
    alone = np.vstack([embedder.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert embedder.encode([]).shape == (0, 384)


def test_a_deleted_or_damaged_export_is_rebuilt(tmp_path: Path) -> None:
    home = tmp_path / "models"
    source = model_path(MODEL)
    made = exported_model(source, home, source.name, "onnx-int8")
    good = made.read_bytes()
    made.write_bytes(good[: len(good) // 2])  # a torn write
    assert exported_model(source, home, source.name, "onnx-int8").read_bytes() == good
    made.unlink()
    assert exported_model(source, home, source.name, "onnx-int8").read_bytes() == good
    built = json.loads((made.parent / "built.json").read_text())
    assert built["variant"] == "onnx-int8" and built["source_sha256"]


NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network refused by the test")
socket.socket.connect = refuse
socket.create_connection = refuse
"""


def test_export_needs_no_network(tmp_path: Path) -> None:
    """The export runs in a child whose sockets refuse to connect, and succeeds."""
    (tmp_path / "sitecustomize.py").write_text(NO_NETWORK)
    code = (
        "from pathlib import Path; from briefbot.store.embedder import Embedder; "
        f"e = Embedder({MODEL!r}, backend='onnx-fp32', models_home=Path({str(tmp_path / 'm')!r})); "
        "print(e.encode(['a test']).shape)"
    )
    env = child_env(PYTHONPATH=f"{tmp_path}:{REPO}")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 384)"
    assert (tmp_path / "m" / f"{model_path(MODEL).name}-onnx-fp32" / "model.onnx").is_file()


def test_an_index_opens_only_with_its_embedder(tmp_path: Path, small_corpus: Path) -> None:
    settings = Settings(corpus=small_corpus, index=tmp_path / "index")
    with Briefbot(settings) as built:
        built.refresh()
    other = settings.model_copy(update={"embedder": "onnx-fp32"})
    with Briefbot(other) as engine, pytest.raises(ModelMismatchError) as raised:
        engine.ask("What is the budget for gritting?")
    message = str(raised.value)
    assert "+onnx-int8" in message and "+onnx-fp32" in message
    assert "briefbot refresh --rebuild" in message


HEAVY = ("torch", "transformers", "sentence_transformers")
ASK = """
import sys
from briefbot.cli import main
try:
    corpus, index = sys.argv[1:3]
    main(["ask", "What is the budget for gritting?", "--corpus", corpus, "--index", index])
except SystemExit:
    pass
print("HEAVY:", " ".join(m for m in %r if m in sys.modules))
"""


def test_no_torch_on_the_question_path(tmp_path: Path, small_corpus: Path) -> None:
    """With the ONNX embedder (its export already made), an ask imports no torch at all."""
    index = tmp_path / "index"
    with Briefbot(Settings(corpus=small_corpus, index=index)) as engine:
        engine.refresh()
    done = subprocess.run(
        [sys.executable, "-c", ASK % (HEAVY,), str(small_corpus), str(index)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "£1.2m" in done.stdout
    assert done.stdout.strip().endswith("HEAVY:"), done.stdout[-300:]


def test_the_default_embedder_is_onnx_int8() -> None:
    assert Settings().embedder == "onnx-int8"
    assert Embedder.for_settings(Settings()).name.endswith("+onnx-int8")


def test_sentence_vectors_stored_at_refresh_serve_the_answerer(
    tmp_path: Path, small_corpus: Path
) -> None:
    """A refresh stores every sentence's vector beside its paper; answers read them instead of
    embedding, and are the same as when the index has none (an index built before them)."""
    settings = Settings(corpus=small_corpus, index=tmp_path / "index")
    question = "What is the budget for gritting?"
    with Briefbot(settings) as engine:
        engine.refresh()
        generation = engine.generation()
        paper = next(p for p in map(engine.paper, {x.paper_id for x in engine.passages()}))
        stored = generation.sentence_vectors(paper.id)
        assert stored is not None and len(stored) >= 2
        view = PaperView(paper)
        assert sorted(stored) == [s.start for s in view.sentences]
        for index in range(len(view.sentences)):
            vector = stored[view.sentences[index].start]
            assert float(vector @ engine.encode([view.text(index)])[0]) > 0.9999
        with_stored = engine.ask(question)
        folder = generation.folder
    for stored_file in (folder / "papers").glob("*.sentences.npz"):
        stored_file.unlink()
    with Briefbot(settings) as engine:
        assert engine.generation().sentence_vectors(paper.id) is None
        without = engine.ask(question)
    assert with_stored.answer == without.answer and "£1.2m" in with_stored.answer


def test_a_question_tuning_is_merged_into_a_copy_once(tmp_path: Path) -> None:
    """The tuned copy is the model's weights plus each change (B·A), every other weight as it
    was; it is built once; a tuning fitted on other weights is never applied."""
    from safetensors.numpy import load_file

    base = model_path(MODEL)
    module = "encoder.layer.5.attention.self.query"
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(2, 384)) * 0.1, rng.normal(size=(384, 2)) * 0.1
    tuning = tmp_path / "tuning.npz"
    write_tuning(
        tuning, {"base_sha256": sha256_of(base / "model.safetensors")}, {module: {"a": a, "b": b}}
    )
    folder = tuned_model(base, tuning, tmp_path / "models")
    assert folder is not None and (folder / "tokenizer.json").is_file()
    merged, original = (
        load_file(str(folder / "model.safetensors")),
        load_file(str(base / "model.safetensors")),
    )
    change = b.astype(np.float16).astype(np.float32) @ a.astype(np.float16).astype(np.float32)
    assert np.allclose(merged[f"{module}.weight"], original[f"{module}.weight"] + change, atol=1e-6)
    assert not np.allclose(merged[f"{module}.weight"], original[f"{module}.weight"])
    other = "encoder.layer.4.attention.self.query.weight"
    assert np.array_equal(merged[other], original[other])
    made = (folder / "model.safetensors").stat().st_mtime_ns
    assert tuned_model(base, tuning, tmp_path / "models") == folder
    assert (folder / "model.safetensors").stat().st_mtime_ns == made
    foreign = tmp_path / "foreign.npz"
    write_tuning(foreign, {"base_sha256": "0" * 64}, {module: {"a": a, "b": b}})
    assert tuned_model(base, foreign, tmp_path / "models") is None


def test_questions_are_encoded_by_the_tuned_copy(embedder: Embedder) -> None:
    """With the shipped tuning, a question's vector is the tuned copy's (near, not equal, to the
    model's own); without one, questions are encoded by the model itself."""
    question = "Who seconded the budget motion?"
    own, tuned = embedder.encode([question])[0], embedder.encode_questions([question])[0]
    assert 0.5 < float(own @ tuned) < 0.999
    plain = Embedder(MODEL)
    assert np.allclose(plain.encode_questions([question]), plain.encode([question]))


def test_a_damaged_tuning_costs_the_tuning_not_the_answer(tmp_path: Path) -> None:
    """A tuning file that cannot be read leaves questions to the model itself."""
    damaged = tmp_path / "tuning.npz"
    damaged.write_bytes(b"PK\x03\x04 not a zip")
    model = Embedder(MODEL, models_home=tmp_path / "models", question_tuning=damaged)
    question = "Who seconded the budget motion?"
    assert np.allclose(model.encode_questions([question]), model.encode([question]))
