"""`estimator count` and `estimator diff` on real files written by the formats' own libraries.

The files under tests/fixtures/files/ come from tools/make_file_fixtures.py (transformers'
save_pretrained, safetensors.torch.save_file, gguf's GGUFWriter); expected.json holds the
true counts from torch. Hostile files are made here, in tmp_path.
"""
import json
import struct

import pytest

from estimator.sources import metadata

from conftest import FIXTURES, run

FILES = FIXTURES / "files"
EXPECTED = json.loads((FILES / "expected.json").read_text())
SPEC = str(FILES / "tiny-llama.yaml")
COUNT_KEYS = ("params", "trainable_params", "non_trainable_params", "buffer_elements",
              "persistent_buffer_elements", "embedding_params", "non_embedding_params")


def count_json(capsys, *paths):
    code, out, err = run(capsys, "count", *paths, "--format", "json")
    assert code == 0 and err == "", err
    return json.loads(out)


# ---------------------------------------------------------------- counts on real files


@pytest.mark.parametrize("name", [n for n in EXPECTED if n != "versions"])
def test_count_is_exact_on_real_files(capsys, name):
    expected = EXPECTED[name]
    result = count_json(capsys, FILES / name)
    for key in COUNT_KEYS:
        assert result[key] == expected[key], key
    assert result["active_params"] == expected["params"]
    assert result["tensors"] == expected["tensors"]
    if "bytes_by_dtype" in expected:
        assert result["bytes_by_dtype"] == expected["bytes_by_dtype"]
        assert result["stored_bytes"] == sum(expected["bytes_by_dtype"].values())


def test_count_has_the_estimate_keys(capsys):
    result = count_json(capsys, FILES / "tiny-llama.safetensors")
    for key in ("name", "params", "trainable_params", "non_trainable_params", "buffer_elements",
                "persistent_buffer_elements", "embedding_params", "non_embedding_params", "active_params",
                "hyperparameters", "modules", "bytes_by_dtype", "dtypes"):
        assert key in result
    modules = {m["path"]: m for m in result["modules"]}
    assert modules["model.layers"]["params"] == EXPECTED["tiny-llama.safetensors"]["params"] - 8192 - 64
    assert modules["model.layers.0"]["depth"] == 3
    assert result["dtypes"] == {"F32": {"tensors": 20, "elements": 131392, "bytes": 525568}}


def test_count_gguf_reports_quantisation_types_and_metadata(capsys):
    result = count_json(capsys, FILES / "tiny-llama.gguf")
    assert result["format"] == f"GGUF v{EXPECTED['tiny-llama.gguf']['version']}"
    assert result["architecture"] == "llama"
    assert result["dtypes"]["Q4_K"] == {"tensors": 1, "elements": 64 * 256, "bytes": 64 * 144}
    assert result["dtypes"]["Q6_K"] == {"tensors": 1, "elements": 64 * 256, "bytes": 64 * 210}
    assert result["hyperparameters"]["block_count"] == 2
    assert result["metadata"]["tokenizer.ggml.tokens"] == "<array of 128 string>"


def test_count_sharded_folder_and_index_agree(capsys):
    folder = count_json(capsys, FILES / "tiny-llama-sharded")
    index = count_json(capsys, FILES / "tiny-llama-sharded" / "model.safetensors.index.json")
    assert folder == index
    assert folder["format"] == f"safetensors, {EXPECTED['tiny-llama-sharded']['shards']} shards"
    assert folder["params"] == folder["metadata"]["total_parameters"]  # what save_pretrained wrote


def test_count_split_gguf_reads_every_split(capsys, tmp_path):
    folder = FILES / "tiny-llama-split-gguf"
    expected = EXPECTED["tiny-llama-split-gguf/tiny-llama-00001-of-00003.gguf"]
    for path in (folder, folder / "tiny-llama-00002-of-00003.gguf"):
        result = count_json(capsys, path)
        assert result["params"] == expected["params"] == EXPECTED["tiny-llama.gguf"]["params"]
        assert result["format"] == "GGUF v3, 3 splits" and result["notes"] == []
        assert result["bytes_by_dtype"] == expected["bytes_by_dtype"]
    code, out, _ = run(capsys, "diff", SPEC, folder)
    assert code == 0, out
    # one split alone: its own tensors, with a note saying so
    alone = tmp_path / "tiny-llama-00002-of-00003.gguf"
    alone.write_bytes((folder / alone.name).read_bytes())
    result = count_json(capsys, alone)
    assert 0 < result["params"] < expected["params"]
    assert result["notes"][0].startswith("split 2 of 3: this file holds only part of the model")


def test_count_batchnorm_buffers_stay_out_of_params(capsys):
    result = count_json(capsys, FILES / "tiny-cnn.safetensors")
    assert result["buffer_elements"] == 2 * (8 + 16 + 16) + 3  # running_mean/var, num_batches_tracked
    stem = next(m for m in result["modules"] if m["path"] == "stem.1")
    assert (stem["params"], stem["buffer_elements"]) == (16, 17)


def test_count_shapes_json_of_a_spec_equals_its_estimate(capsys, tmp_path):
    code, out, _ = run(capsys, "shapes", SPEC, "--format", "json")
    assert code == 0
    path = tmp_path / "shapes.json"
    path.write_text(out)
    result = count_json(capsys, path)
    code, out, _ = run(capsys, "estimate", SPEC, "--format", "json")
    estimate = json.loads(out)
    for key in COUNT_KEYS + ("active_params",):
        assert result[key] == estimate[key], key


def test_count_several_files_side_by_side(capsys):
    paths = [FILES / "tiny-llama.gguf", FILES / "tiny-cnn.safetensors"]
    results = count_json(capsys, *paths)
    assert [r["params"] for r in results] == [EXPECTED["tiny-llama.gguf"]["params"], 1330]
    code, out, err = run(capsys, "count", *paths)
    assert code == 0
    header = out.splitlines()[0].split()
    assert header == ["count", "tiny-llama.gguf", "tiny-cnn.safetensors", "total"]
    params_line = out.splitlines()[1]
    assert f"{EXPECTED['tiny-llama.gguf']['params'] + 1330:,}" in params_line
    code, out, _ = run(capsys, "count", *paths, "--format", "csv")
    assert out.splitlines()[1] == f"params,{EXPECTED['tiny-llama.gguf']['params']},1330,{EXPECTED['tiny-llama.gguf']['params'] + 1330}"


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_count_formats(capsys, fmt):
    code, out, err = run(capsys, "count", FILES / "tiny-llama.gguf", "--format", fmt, "--depth", "1")
    assert code == 0 and err == ""
    assert "131,392" in out or "131392" in out
    if fmt != "csv":
        assert "Q4_K" in out
        assert "blk.0" not in out  # --depth 1


def test_count_config_json_goes_through_the_spec_path(capsys, tmp_path):
    config = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 128, "hidden_size": 64,
              "intermediate_size": 256, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
              "tie_word_embeddings": True}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config))
    result = count_json(capsys, path)  # the same count as the spec and the files
    assert result["params"] == EXPECTED["tiny-llama.safetensors"]["params"]
    assert result["format"] == "config.json"
    results = count_json(capsys, path, FILES / "tiny-llama.gguf")
    assert results[0]["params"] == results[1]["params"]
    code, out, _ = run(capsys, "count", path, FILES / "tiny-llama.gguf")
    assert code == 0 and "config.json" in out.splitlines()[0]
    code, out, _ = run(capsys, "diff", SPEC, path)  # a config.json as FILE: its tensors, as the spec path gives them
    assert code == 0, out


def test_quantised_safetensors_are_noted(capsys, tmp_path):
    path = tmp_path / "fp8.json"
    path.write_text(json.dumps([{"name": "mlp.down_proj.weight", "shape": [256, 256]},
                                {"name": "mlp.down_proj.weight_scale_inv", "shape": [2, 2]}]))
    result = count_json(capsys, path)
    assert result["params"] == 256 * 256 + 4
    assert result["notes"] and "weight_scale_inv" in result["notes"][0]
    assert count_json(capsys, FILES / "tiny-llama.safetensors")["notes"] == []


def test_keras_style_listing(capsys, tmp_path):
    """Keras 3 `model.variables`: short names repeated, BatchNorm statistics as non-trainable weights."""
    listing = [{"name": "kernel", "shape": [3, 3, 3, 8], "trainable": True},
               {"name": "gamma", "shape": [8], "trainable": True}, {"name": "beta", "shape": [8], "trainable": True},
               {"name": "moving_mean", "shape": [8], "trainable": False},
               {"name": "moving_variance", "shape": [8], "trainable": False},
               {"name": "kernel", "shape": [8, 10], "requires_grad": True}, {"name": "bias", "shape": [10]}]
    path = tmp_path / "keras.json"
    path.write_text(json.dumps(listing))
    result = count_json(capsys, path)
    assert (result["params"], result["trainable_params"], result["non_trainable_params"]) == (338, 322, 16)
    assert "listed more than once (kernel)" in result["notes"][0]


def test_set_is_refused_for_model_files(capsys):
    code, _, err = run(capsys, "count", FILES / "tiny-cnn.safetensors", "--set", "hidden=3")
    assert code == 2 and "--set" in err


# ---------------------------------------------------------------- diff


@pytest.mark.parametrize("name", ["tiny-llama.safetensors", "tiny-llama-sharded", "tiny-llama.gguf"])
def test_diff_matches_the_spec(capsys, name):
    code, out, err = run(capsys, "diff", SPEC, FILES / name, "--format", "json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["match"] is True
    assert (result["missing"], result["unexpected"], result["mismatched"]) == ([], [], [])
    assert result["tied_stored_once"] == ["lm_head.weight"]
    assert result["matched"] == 20
    code, out, _ = run(capsys, "diff", SPEC, FILES / name)
    assert code == 0 and out.splitlines()[-1].startswith("match: tiny-llama and")


@pytest.mark.parametrize("name", ["tiny-llama.safetensors", "tiny-llama.gguf"])
def test_diff_finds_a_size_change(capsys, name):
    code, out, err = run(capsys, "diff", SPEC, FILES / name, "--set", "intermediate_size=512", "--format", "json")
    assert code == 1 and err == ""
    result = json.loads(out)
    assert result["match"] is False
    mismatched = {t["name"]: (t["spec_shape"], t["file_shape"]) for t in result["mismatched"]}
    assert len(mismatched) == 6
    assert mismatched["model.layers.1.mlp.down_proj.weight"] == ([64, 512], [64, 256])


def test_diff_finds_missing_and_unexpected(capsys):
    code, out, _ = run(capsys, "diff", SPEC, FILES / "tiny-llama.gguf", "--set", "num_layers=3")
    assert code == 1
    assert "missing from the file (9):" in out
    assert "model.layers.2.mlp.up_proj.weight" in out
    assert out.splitlines()[-1].startswith("mismatch: 9 missing, 0 unexpected, 0 with another shape")
    code, out, _ = run(capsys, "diff", SPEC, FILES / "tiny-llama.gguf", "--set", "num_layers=1", "--format", "json")
    result = json.loads(out)
    assert code == 1 and len(result["unexpected"]) == 9 and result["missing"] == []
    assert {"name": "model.layers.1.self_attn.k_proj.weight", "shape": [32, 64]} in result["unexpected"]


def test_diff_untied_spec_needs_the_head(capsys, tmp_path):
    spec = tmp_path / "untied.yaml"
    spec.write_text((FILES / "tiny-llama.yaml").read_text().replace(
        ",\n     tied_to: {weight: model.embed_tokens.weight}}", "}"))
    code, out, _ = run(capsys, "diff", spec, FILES / "tiny-llama.safetensors", "--format", "json")
    assert code == 1
    assert json.loads(out)["missing"] == [{"name": "lm_head.weight", "shape": [128, 64]}]


def test_diff_base_model_checkpoint_and_recomputed_buffers(capsys, tmp_path):
    """A checkpoint saved from the base model (no `model.` prefix), with old rotary buffers."""
    code, out, _ = run(capsys, "shapes", SPEC, "--format", "json")
    tensors = [t for t in json.loads(out)["tensors"] if t["name"].startswith("model.") and t["persistent"]]
    listing = [{"name": t["name"][len("model."):], "shape": t["shape"]} for t in tensors]
    listing.append({"name": "layers.0.self_attn.rotary_emb.inv_freq", "shape": [8]})
    path = tmp_path / "base.json"
    path.write_text(json.dumps(listing))
    code, out, _ = run(capsys, "diff", SPEC, path, "--format", "json")
    result = json.loads(out)
    assert code == 0, result
    assert result["ignored"] == ["model.layers.0.self_attn.rotary_emb.inv_freq"]
    assert any("prefix `model.`" in note for note in result["notes"])


def test_diff_moe_checkpoint_with_listed_experts(capsys):
    """save_pretrained writes Mixtral's experts listed (block_sparse_moe.experts.N.w1); the model fuses them."""
    folder = FILES / "tiny-mixtral"
    code, out, err = run(capsys, "diff", folder, folder, "--format", "json")  # the spec from its config.json
    result = json.loads(out)
    assert code == 0, result
    assert any("as transformers loads them" in note for note in result["notes"])
    code, out, _ = run(capsys, "diff", folder, folder, "--set", "intermediate_size=128", "--format", "json")
    mismatched = {t["name"]: (t["spec_shape"], t["file_shape"]) for t in json.loads(out)["mismatched"]}
    assert code == 1
    assert mismatched["model.layers.0.mlp.experts.gate_up_proj"] == ([4, 256, 32], [4, 128, 32])


def test_listed_experts_fuse_as_transformers_loads_them():
    from estimator.sources.checkpoint import as_loaded

    stored = {"model.embed_tokens.weight": [10, 8], "model.layers.0.mlp.gate.weight": [3, 8]}
    for n in range(3):
        stored.update({f"model.layers.0.mlp.experts.{n}.gate_proj.weight": [5, 8],
                       f"model.layers.0.mlp.experts.{n}.up_proj.weight": [5, 8],
                       f"model.layers.0.mlp.experts.{n}.down_proj.weight": [8, 5]})
    assert as_loaded(stored) == {"model.embed_tokens.weight": [10, 8], "model.layers.0.mlp.gate.weight": [3, 8],
                                 "model.layers.0.mlp.experts.gate_up_proj": [3, 10, 8],
                                 "model.layers.0.mlp.experts.down_proj": [3, 8, 5]}
    del stored["model.layers.0.mlp.experts.1.up_proj.weight"]  # an incomplete expert: left as it is
    assert as_loaded(stored) == stored


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_diff_formats(capsys, fmt):
    code, out, err = run(capsys, "diff", SPEC, FILES / "tiny-llama.gguf", "--set", "num_kv_heads=4", "--format", fmt)
    assert code == 1 and err == ""
    assert "model.layers.0.self_attn.k_proj.weight" in out
    assert "[64, 64]" in out or "[64, 64]" in out.replace('"', "")


def test_gguf_names_map_to_transformers_names():
    assert metadata.hf_name("token_embd.weight") == "model.embed_tokens.weight"
    assert metadata.hf_name("blk.12.attn_output.weight") == "model.layers.12.self_attn.o_proj.weight"
    assert metadata.hf_name("blk.0.attn_q.bias") == "model.layers.0.self_attn.q_proj.bias"
    assert metadata.hf_name("blk.3.ffn_norm.weight") == "model.layers.3.post_attention_layernorm.weight"
    assert metadata.hf_name("output.weight") == "lm_head.weight"
    assert metadata.hf_name("rope_freqs.weight") is None


@pytest.mark.parametrize("name, shape, buffer, embedding", [
    ("bn.running_mean", (8,), True, False),
    ("layer1.0.bn1.num_batches_tracked", (), True, False),
    ("h.0.attn.bias", (1, 1, 1024, 1024), True, False),
    ("h.0.attn.c_attn.bias", (2304,), False, False),
    ("model.embed_tokens.weight", (32000, 4096), False, True),
    ("bert.embeddings.LayerNorm.weight", (768,), False, False),
    ("bert.embeddings.word_embeddings.weight", (30522, 768), False, True),
    ("transformer.wpe.weight", (1024, 768), False, True),
    ("token_embd.weight", (32000, 4096), False, True),
    ("gpt_neox.embed_out.weight", (50432, 6144), False, False),
    ("embedding/embeddings:0", (1000, 64), False, True),
])
def test_naming_rules(name, shape, buffer, embedding):
    assert metadata.is_buffer(name, shape) is buffer
    assert metadata.is_embedding(name, shape) is embedding


# ---------------------------------------------------------------- hostile files


def safetensors_bytes(header, length=None, data=b""):
    raw = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack("<Q", len(raw) if length is None else length) + raw + data


GOOD_ENTRY = {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}


def gguf_string(text, endian="<"):
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack(endian + "Q", len(raw)) + raw


def gguf_bytes(version=3, kv=(), tensors=(("w", [32, 2], 8, 0),), n_tensors=None, n_kv=None, data=True, endian="<"):
    """A GGUF file: key/values (key, type, packed value) and tensor infos (name, dims, type, offset)."""
    out = b"GGUF" + struct.pack(endian + "I", version)
    out += struct.pack(endian + "QQ", len(tensors) if n_tensors is None else n_tensors,
                       len(kv) if n_kv is None else n_kv)
    for key, value_type, value in kv:
        out += gguf_string(key, endian) + struct.pack(endian + "I", value_type) + value
    for name, dims, ggml_type, offset in tensors:
        out += gguf_string(name, endian) + struct.pack(endian + "I", len(dims))
        out += b"".join(struct.pack(endian + "Q", d) for d in dims) + struct.pack(endian + "IQ", ggml_type, offset)
    if data:
        out += b"\0" * (-len(out) % 32) + b"\0" * 256
    return out


def test_gguf_builder_makes_readable_files(capsys, tmp_path):
    """The hostile GGUF cases below differ from these valid files in one field each."""
    for version in (2, 3):
        path = tmp_path / f"v{version}.gguf"
        path.write_bytes(gguf_bytes(version, kv=[("general.architecture", 8, gguf_string("llama"))]))
        result = count_json(capsys, path)
        assert (result["params"], result["bytes_by_dtype"]) == (64, {"Q8_0": 68})
    path = tmp_path / "big-endian.gguf"
    tokens = struct.pack(">IQ", 8, 3) + b"".join(gguf_string(t, ">") for t in ("a", "bb", "c" * 2_000_000))
    path.write_bytes(gguf_bytes(endian=">", kv=[("tokenizer.ggml.tokens", 9, tokens)]))
    result = count_json(capsys, path)
    assert result["params"] == 64 and result["metadata"]["tokenizer.ggml.tokens"] == "<array of 3 string>"


BIG = 2**62
HOSTILE = {
    # safetensors
    "header-beyond-file.safetensors": safetensors_bytes({"w": GOOD_ENTRY}, length=10_000),
    "huge-header-length.safetensors": safetensors_bytes(b"{}", length=2**63),
    "short.safetensors": b"\x05\x00",
    "empty.safetensors": b"",
    "truncated-json.safetensors": safetensors_bytes(b'{"w": {"dtype": "F32", "sha'),
    "garbage.safetensors": bytes(range(256)) * 4,
    "nan.safetensors": safetensors_bytes(b'{"w": {"dtype": "F32", "shape": [NaN], "data_offsets": [0, 4]}}', data=b"\0" * 4),
    "infinity.safetensors": safetensors_bytes(b'{"__metadata__": {"x": Infinity}}'),
    "duplicate.safetensors": safetensors_bytes(
        b'{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, '
        b'"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}', data=b"\0" * 4),
    "negative-dim.safetensors": safetensors_bytes({"w": {**GOOD_ENTRY, "shape": [-2, -8]}}, data=b"\0" * 16),
    "float-dim.safetensors": safetensors_bytes({"w": {**GOOD_ENTRY, "shape": [2.0, 2]}}, data=b"\0" * 16),
    "string-dim.safetensors": safetensors_bytes({"w": {**GOOD_ENTRY, "shape": ["2", 2]}}, data=b"\0" * 16),
    "bool-dim.safetensors": safetensors_bytes({"w": {**GOOD_ENTRY, "shape": [True, 4]}}, data=b"\0" * 16),
    "deep-nesting.safetensors": safetensors_bytes(b'{"__metadata__": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    "nesting-100.safetensors": safetensors_bytes(b'{"__metadata__": ' + b"[" * 100 + b"]" * 100 + b"}"),
    "offsets-outside.safetensors": safetensors_bytes({"w": {**GOOD_ENTRY, "data_offsets": [0, 10**12]}}, data=b"\0" * 16),
    "offsets-wrong-size.safetensors": safetensors_bytes({"w": {**GOOD_ENTRY, "shape": [1000, 1000]}}, data=b"\0" * 16),
    "overlap.safetensors": safetensors_bytes({"a": GOOD_ENTRY, "b": {**GOOD_ENTRY, "data_offsets": [8, 24]}},
                                             data=b"\0" * 24),
    "unknown-dtype.safetensors": safetensors_bytes({"w": {**GOOD_ENTRY, "dtype": "F128"}}, data=b"\0" * 16),
    "huge-int.safetensors": safetensors_bytes(b'{"w": {"dtype": "F32", "shape": [' + b"9" * 5000 + b'], '
                                              b'"data_offsets": [0, 4]}}', data=b"\0" * 4),
    "not-utf8.safetensors": safetensors_bytes(b'{"\xff\xfe": 1}'),
    "header-is-a-list.safetensors": safetensors_bytes(b"[1, 2]"),
    "entry-not-a-mapping.safetensors": safetensors_bytes({"w": [1, 2]}),
    # GGUF
    "truncated.gguf": gguf_bytes()[:40],
    "magic-only.gguf": b"GGUF",
    "not-gguf.gguf": b"GGML" + b"\0" * 60,
    "version-1.gguf": gguf_bytes(version=1),
    "version-99.gguf": gguf_bytes(version=99),
    "too-many-tensors.gguf": gguf_bytes(n_tensors=BIG),
    "too-many-kv.gguf": gguf_bytes(n_kv=BIG),
    "huge-string.gguf": gguf_bytes(kv=[("general.name", 8, struct.pack("<Q", BIG))]),
    "huge-array.gguf": gguf_bytes(kv=[("tokens", 9, struct.pack("<IQ", 8, BIG))]),
    "string-beyond-file.gguf": gguf_bytes(kv=[("tokens", 9, struct.pack("<IQ", 8, 3) + gguf_string("a")
                                               + gguf_string("bb") + struct.pack("<Q", 1000))], data=False),
    "huge-int-array.gguf": gguf_bytes(kv=[("scores", 9, struct.pack("<IQ", 6, BIG))]),
    "deep-array.gguf": gguf_bytes(kv=[("deep", 9, struct.pack("<IQ", 9, 1) * 10_000)]),
    "unknown-value-type.gguf": gguf_bytes(kv=[("x", 77, b"\0" * 8)]),
    "duplicate-key.gguf": gguf_bytes(kv=[("a", 4, b"\1\0\0\0"), ("a", 4, b"\1\0\0\0")]),
    "bad-alignment.gguf": gguf_bytes(kv=[("general.alignment", 4, struct.pack("<I", 3))]),
    "negative-dim.gguf": gguf_bytes(tensors=[("w", [32, 2**64 - 2], 8, 0)]),
    "many-dims.gguf": gguf_bytes(tensors=[("w", [32] + [1] * 100, 8, 0)]),
    "unknown-ggml-type.gguf": gguf_bytes(tensors=[("w", [32, 2], 99, 0)]),
    "partial-block.gguf": gguf_bytes(tensors=[("w", [33, 2], 8, 0)]),
    "data-beyond-file.gguf": gguf_bytes(tensors=[("w", [32, 2], 8, 10**9)]),
    "duplicate-tensor.gguf": gguf_bytes(tensors=[("w", [32, 2], 8, 0), ("w", [32, 2], 8, 0)]),
    "bad-utf8-name.gguf": gguf_bytes(tensors=[(b"\xff\xfe", [32, 2], 8, 0)]),
    # name/shape lists
    "nan.json": b'[{"name": "w", "shape": [NaN]}]',
    "duplicate.json": b'{"w": [1], "w": [2]}',
    "negative.json": b'[{"name": "w", "shape": [3, -1]}]',
    "float.json": b'{"w": [1.5]}',
    "truncated.json": b'[{"name": "w", "shape": [3,',
    "unknown-key.json": b'[{"name": "w", "shap": [3]}]',
    "bad-trainable.json": b'[{"name": "w", "shape": [3], "trainable": "yes"}]',
    "scalar.json": b"42",
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
    "negative.yaml": b"w: [3, -1]\n",
    "deep.yaml": b"w: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "binary.yaml": b"\0\1\2\3",
    # refused or unknown
    "pytorch_model.bin": b"PK\x03\x04" + b"\0" * 60,
    "model.pt": b"\x80\x02}q\x00.",
    "weights.ckpt": b"\x80\x04\x95",
    "unknown-pickle": b"\x80\x04\x95\x00\x00",
    "garbage": b"\x13\x37" * 100,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_exit_2_naming_the_file(capsys, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    for argv in (["count", path], ["diff", SPEC, path]):
        code, out, err = run(capsys, *argv)
        assert code == 2, (name, out, err)
        assert out == ""
        assert len(err.splitlines()) == 1 and err.startswith(f"Error: {path}"), err
        assert "Traceback" not in err


def test_header_length_over_the_bound(capsys, tmp_path):
    path = tmp_path / "sparse.safetensors"
    with path.open("wb") as f:  # a sparse file: the length fits in the file but is over 100 MB
        f.write(struct.pack("<Q", metadata.MAX_SAFETENSORS_HEADER + 1) + b"{")
        f.truncate(metadata.MAX_SAFETENSORS_HEADER + 64)
    code, _, err = run(capsys, "count", path)
    assert code == 2 and "bound" in err and str(path) in err


def hostile_index(tmp_path, weight_map, shards=()):
    folder = tmp_path / "ckpt"
    folder.mkdir()
    for shard in shards:
        (folder / shard).write_bytes(safetensors_bytes({"a": GOOD_ENTRY}, data=b"\0" * 16))
    (folder / "model.safetensors.index.json").write_text(json.dumps({"weight_map": weight_map}))
    return folder


@pytest.mark.parametrize("weight_map, shards, message", [
    ({"a": "model-1.safetensors"}, (), "missing"),
    ({"a": "../outside.safetensors"}, (), "next to the index"),
    ({"a": "/etc/passwd"}, (), "next to the index"),
    ({"a": "s.safetensors", "b": "s.safetensors"}, ("s.safetensors",), "does not hold it"),
    ({"a": "s1.safetensors"}, ("s1.safetensors", "s2.safetensors"), None),
    ({"a": 3}, (), "file name"),
])
def test_hostile_sharded_index(capsys, tmp_path, weight_map, shards, message):
    folder = hostile_index(tmp_path, weight_map, shards)
    code, out, err = run(capsys, "count", folder, "--format", "json")
    if message is None:  # a shard the index does not mention is not read
        assert code == 0 and json.loads(out)["params"] == 4
        return
    assert code == 2 and message in err and str(folder) in err and len(err.splitlines()) == 1


def test_two_shards_holding_one_tensor(capsys, tmp_path):
    folder = hostile_index(tmp_path, {"a": "s1.safetensors", "b": "s2.safetensors"})
    (folder / "s1.safetensors").write_bytes(safetensors_bytes(
        {"a": GOOD_ENTRY, "b": {**GOOD_ENTRY, "data_offsets": [16, 32]}}, data=b"\0" * 32))
    (folder / "s2.safetensors").write_bytes(safetensors_bytes({"b": GOOD_ENTRY}, data=b"\0" * 16))
    code, _, err = run(capsys, "count", folder)
    assert code == 2 and "both" in err


@pytest.mark.parametrize("setup, message", [
    (lambda d: None, "holds no model.safetensors"),
    (lambda d: (d / "pytorch_model.bin").write_bytes(b"PK"), "pickle"),
    (lambda d: [(d / n).write_bytes(safetensors_bytes({})) for n in ("a.safetensors", "b.safetensors")], "several"),
])
def test_folders(capsys, tmp_path, setup, message):
    setup(tmp_path)
    code, _, err = run(capsys, "count", tmp_path)
    assert code == 2 and message in err and str(tmp_path) in err


def test_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "count", tmp_path / "nope.safetensors")
    assert code == 2 and "no such file" in err
