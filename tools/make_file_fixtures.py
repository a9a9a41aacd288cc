#!/usr/bin/env python3
"""Write the small real model files that tests/test_checkpoint.py counts and diffs.

Dev-only, never in CI. Each file is written by its format's own library, so the tests
read what users have, not what we think the format is:

- ``tiny-llama.safetensors``: a tiny ``LlamaForCausalLM`` (tied embeddings, GQA) through
  ``save_pretrained`` (float32, one file);
- ``tiny-llama-sharded/``: the same model in bfloat16, ``save_pretrained`` with a small
  ``max_shard_size`` (``model.safetensors.index.json`` + shards);
- ``tiny-llama.gguf``: the same weights through ``gguf.GGUFWriter`` with llama.cpp's
  tensor names, quantised: Q8_0, Q4_0 and Q5_0 (``gguf.quants.quantize``), Q4_K and Q6_K
  (raw blocks of the right size where gguf-py has no quantiser), F16 and F32;
- ``tiny-llama-split-gguf/``: the same GGUF in three splits (``split_max_tensors``, as
  llama.cpp's gguf-split names them: ``tiny-llama-00001-of-00003.gguf``, ...);
- ``tiny-cnn.safetensors``: a BatchNorm CNN's ``state_dict`` via
  ``safetensors.torch.save_file`` (running stats and ``num_batches_tracked`` included);
- ``tiny-cnn-frozen.json``: the same CNN with a frozen stem as a name/shape list
  (``named_parameters()`` with ``trainable``, then ``named_buffers()``);
- ``tiny-gpt2.yaml``: a tiny ``GPT2LMHeadModel`` as a mapping name -> shape dumped from
  ``named_parameters()`` (which lists the tied head once);
- ``tiny-mixtral/``: a tiny ``MixtralForCausalLM`` through ``save_pretrained`` (bfloat16,
  ``config.json`` kept): transformers 5 fuses the experts in memory but writes them listed
  (``block_sparse_moe.experts.N.w1/w2/w3``), as hub checkpoints hold them.

``expected.json`` records the true counts from torch for each file, for the tests to
compare with ``==``. ``tiny-llama.yaml`` (the spec of the tiny Llama) is written by hand.

Setup (once, outside the repo) and run from the repository root:

    /work/venv-ref/bin/pip install safetensors gguf
    /work/venv-ref/bin/python tools/make_file_fixtures.py
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import gguf
import numpy as np
import safetensors
import safetensors.torch
import torch
import transformers
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "files"
MAX_TOTAL_BYTES = 2 * 1024 * 1024

# The tiny Llama: ffn 256 so that ffn_down's rows (256) hold whole 256-element K-quant blocks.
LLAMA = dict(vocab_size=128, hidden_size=64, intermediate_size=256, num_hidden_layers=2,
             num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=True,
             max_position_embeddings=256)

# llama.cpp's names for the tensors of LlamaForCausalLM, and the type each is stored as.
GGUF_NAMES = {
    "model.embed_tokens.weight": ("token_embd.weight", "Q8_0"),
    "model.norm.weight": ("output_norm.weight", "F32"),
}
GGUF_LAYER = {
    "self_attn.q_proj.weight": ("attn_q.weight", "Q8_0"),
    "self_attn.k_proj.weight": ("attn_k.weight", "Q4_0"),
    "self_attn.v_proj.weight": ("attn_v.weight", "F16"),
    "self_attn.o_proj.weight": ("attn_output.weight", "Q8_0"),
    "mlp.gate_proj.weight": ("ffn_gate.weight", "Q4_0"),
    "mlp.up_proj.weight": ("ffn_up.weight", "Q5_0"),
    "mlp.down_proj.weight": ("ffn_down.weight", "Q4_K"),  # Q6_K in the second layer
    "input_layernorm.weight": ("attn_norm.weight", "F32"),
    "post_attention_layernorm.weight": ("ffn_norm.weight", "F32"),
}


class TinyCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU())
        self.block = nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, groups=2), nn.BatchNorm2d(16), nn.ReLU(),
                                   nn.Conv2d(16, 16, 1), nn.BatchNorm2d(16))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.pool(self.block(self.stem(x))).flatten(1))


def counts(module: nn.Module, embedding_modules=(nn.Embedding,)) -> dict:
    """The true counts, from torch: unique parameters, buffers in the state dict."""
    params = list(module.parameters())  # unique: a tied Parameter once
    buffers = dict(module.named_buffers())
    state = module.state_dict()
    persistent = sum(b.numel() for n, b in buffers.items() if n in state)
    embedding = sum(m.weight.numel() for m in module.modules() if isinstance(m, embedding_modules))
    total = sum(p.numel() for p in params)
    return {
        "params": total,
        "trainable_params": sum(p.numel() for p in params if p.requires_grad),
        "non_trainable_params": sum(p.numel() for p in params if not p.requires_grad),
        "buffer_elements": persistent,  # a file holds the stored buffers only
        "persistent_buffer_elements": persistent,
        "embedding_params": embedding,
        "non_embedding_params": total - embedding,
    }


def stored_bytes(path: Path) -> dict:
    """Bytes per dtype as safetensors itself reports them (from its own reader)."""
    result: dict = {}
    with safetensors.safe_open(str(path), "pt") as f:
        for name in f.keys():
            tensor = f.get_tensor(name)
            dtype = {torch.float32: "F32", torch.bfloat16: "BF16", torch.float16: "F16",
                     torch.int64: "I64"}[tensor.dtype]
            result[dtype] = result.get(dtype, 0) + tensor.numel() * tensor.element_size()
    return result


def safetensors_names(paths) -> int:
    names = set()
    for path in paths:
        with safetensors.safe_open(str(path), "pt") as f:
            names.update(f.keys())
    return len(names)


def tiny_llama() -> nn.Module:
    torch.manual_seed(0)
    config = transformers.LlamaConfig(**LLAMA)
    model = transformers.LlamaForCausalLM(config)
    model.eval()
    return model


def write_llama(expected: dict) -> None:
    model = tiny_llama()
    truth = counts(model)
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        shutil.copy(Path(tmp) / "model.safetensors", OUT / "tiny-llama.safetensors")
    single = OUT / "tiny-llama.safetensors"
    expected["tiny-llama.safetensors"] = {**truth, "tensors": safetensors_names([single]),
                                          "bytes_by_dtype": stored_bytes(single)}

    sharded = OUT / "tiny-llama-sharded"
    shutil.rmtree(sharded, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        model.to(torch.bfloat16).save_pretrained(tmp, max_shard_size="100KB")
        sharded.mkdir()
        for path in Path(tmp).iterdir():
            if path.name.endswith((".safetensors", ".safetensors.index.json")):
                shutil.copy(path, sharded / path.name)
    shards = sorted(sharded.glob("*.safetensors"))
    assert len(shards) > 1, "max_shard_size too large: only one shard"
    by_dtype: dict = {}
    for shard in shards:
        for dtype, size in stored_bytes(shard).items():
            by_dtype[dtype] = by_dtype.get(dtype, 0) + size
    expected["tiny-llama-sharded"] = {**truth, "tensors": safetensors_names(shards), "shards": len(shards),
                                      "bytes_by_dtype": by_dtype}
    model.to(torch.float32)
    write_gguf(model, truth, expected)
    write_gguf(model, truth, expected, split_max_tensors=8)


def quantised(array: np.ndarray, qtype_name: str) -> tuple[np.ndarray, gguf.GGMLQuantizationType]:
    qtype = gguf.GGMLQuantizationType[qtype_name]
    if qtype_name == "F32":
        return array.astype(np.float32), qtype
    if qtype_name == "F16":
        return array.astype(np.float16), qtype
    try:
        return gguf.quants.quantize(array, qtype), qtype
    except (NotImplementedError, gguf.quants.QuantError):
        # no quantiser in gguf-py for this type: blocks of the right size (the data is never read)
        block, type_size = gguf.GGML_QUANT_SIZES[qtype]
        rows, cols = array.shape
        raw = np.random.default_rng(0).integers(0, 256, (rows, cols // block * type_size), dtype=np.uint8)
        return raw, qtype


def write_gguf(model: nn.Module, truth: dict, expected: dict, split_max_tensors: int = 0) -> None:
    if split_max_tensors:
        folder = OUT / "tiny-llama-split-gguf"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        path = folder / "tiny-llama.gguf"  # the writer names the splits tiny-llama-0000N-of-0000M.gguf
    else:
        path = OUT / "tiny-llama.gguf"
    writer = gguf.GGUFWriter(str(path), "llama", split_max_tensors=split_max_tensors)
    writer.add_name("tiny-llama")
    writer.add_block_count(LLAMA["num_hidden_layers"])
    writer.add_context_length(LLAMA["max_position_embeddings"])
    writer.add_embedding_length(LLAMA["hidden_size"])
    writer.add_feed_forward_length(LLAMA["intermediate_size"])
    writer.add_head_count(LLAMA["num_attention_heads"])
    writer.add_head_count_kv(LLAMA["num_key_value_heads"])
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)
    # a small vocabulary, as llama.cpp writes it: arrays of strings, floats and ints in the metadata
    writer.add_tokenizer_model("llama")
    writer.add_token_list([f"<t{i}>" for i in range(LLAMA["vocab_size"])])
    writer.add_token_scores([0.0] * LLAMA["vocab_size"])
    writer.add_token_types([1] * LLAMA["vocab_size"])
    by_dtype: dict = {}
    elements = 0
    for name, tensor in model.state_dict().items():
        if name == "lm_head.weight":
            continue  # tied: llama.cpp stores no `output.weight` then
        if name.startswith("model.layers."):
            index, rest = name[len("model.layers."):].split(".", 1)
            gguf_name, qtype_name = GGUF_LAYER[rest]
            if rest == "mlp.down_proj.weight" and index == "1":
                qtype_name = "Q6_K"
            gguf_name = f"blk.{index}.{gguf_name}"
        else:
            gguf_name, qtype_name = GGUF_NAMES[name]
        data, qtype = quantised(tensor.detach().numpy(), qtype_name)
        if qtype_name in ("F32", "F16"):
            writer.add_tensor(gguf_name, data)
        else:
            writer.add_tensor(gguf_name, data, raw_dtype=qtype)
        by_dtype[qtype_name] = by_dtype.get(qtype_name, 0) + data.nbytes
        elements += tensor.numel()
    writer.write_header_to_file(path)
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    assert elements == truth["params"]
    # read it back with gguf's own reader: the figures the tests expect
    paths = sorted(path.parent.glob("tiny-llama-*-of-*.gguf")) if split_max_tensors else [path]
    readers = [gguf.GGUFReader(str(p)) for p in paths]
    tensors = [t for reader in readers for t in reader.tensors]
    assert sum(int(t.n_elements) for t in tensors) == truth["params"]
    assert sum(int(t.n_bytes) for t in tensors) == sum(by_dtype.values())
    key = f"{path.parent.name}/{paths[0].name}" if split_max_tensors else path.name
    expected[key] = {**truth, "tensors": len(tensors), "bytes_by_dtype": by_dtype,
                     "version": int(readers[0].fields["GGUF.version"].parts[-1][0])}
    if split_max_tensors:
        expected[key]["splits"] = len(paths)


def write_cnn(expected: dict) -> None:
    torch.manual_seed(0)
    model = TinyCNN()
    model.train()
    for _ in range(3):  # a few forward passes: real running statistics, num_batches_tracked = 3
        model(torch.randn(2, 3, 8, 8))
    path = OUT / "tiny-cnn.safetensors"
    safetensors.torch.save_file(model.state_dict(), str(path), metadata={"format": "pt"})
    truth = counts(model)
    truth["buffer_elements"] = sum(b.numel() for b in model.buffers())
    truth["persistent_buffer_elements"] = truth["buffer_elements"]
    expected["tiny-cnn.safetensors"] = {**truth, "tensors": len(model.state_dict()), "bytes_by_dtype": stored_bytes(path)}

    for parameter in model.stem.parameters():
        parameter.requires_grad_(False)
    listing = [{"name": n, "shape": list(p.shape), "trainable": p.requires_grad} for n, p in model.named_parameters()]
    listing += [{"name": n, "shape": list(b.shape)} for n, b in model.named_buffers()]
    (OUT / "tiny-cnn-frozen.json").write_text(json.dumps(listing, indent=1) + "\n")
    truth = counts(model)
    truth["buffer_elements"] = truth["persistent_buffer_elements"] = sum(b.numel() for b in model.buffers())
    expected["tiny-cnn-frozen.json"] = {**truth, "tensors": len(listing)}


def write_gpt2(expected: dict) -> None:
    config = transformers.GPT2Config(vocab_size=96, n_positions=32, n_embd=32, n_layer=2, n_head=4,
                                    bos_token_id=0, eos_token_id=0)
    model = transformers.GPT2LMHeadModel(config)
    shapes = {n: list(p.shape) for n, p in model.named_parameters()}
    lines = ["# tiny GPT2LMHeadModel: {name: list(p.shape) for name, p in model.named_parameters()}"]
    lines += [f"{name}: {shape}" for name, shape in shapes.items()]
    (OUT / "tiny-gpt2.yaml").write_text("\n".join(lines) + "\n")
    truth = counts(model)
    truth["buffer_elements"] = truth["persistent_buffer_elements"] = 0  # named_parameters() lists no buffers
    expected["tiny-gpt2.yaml"] = {**truth, "tensors": len(shapes)}


def write_mixtral(expected: dict) -> None:
    torch.manual_seed(0)
    config = transformers.MixtralConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                        num_attention_heads=4, num_key_value_heads=2, num_local_experts=4,
                                        num_experts_per_tok=2, max_position_embeddings=64)
    model = transformers.MixtralForCausalLM(config).to(torch.bfloat16)
    folder = OUT / "tiny-mixtral"
    shutil.rmtree(folder, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        folder.mkdir()
        for name in ("config.json", "model.safetensors"):
            shutil.copy(Path(tmp) / name, folder / name)
    path = folder / "model.safetensors"
    expected["tiny-mixtral"] = {**counts(model), "tensors": safetensors_names([path]),
                                "bytes_by_dtype": stored_bytes(path)}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    expected: dict = {}
    write_llama(expected)
    write_cnn(expected)
    write_gpt2(expected)
    write_mixtral(expected)
    expected["versions"] = {"torch": torch.__version__, "transformers": transformers.__version__,
                            "safetensors": safetensors.__version__, "gguf": _version("gguf")}
    (OUT / "expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT.relative_to(ROOT)}: {total:,} bytes")
    if total > MAX_TOTAL_BYTES:
        print(f"too large: over {MAX_TOTAL_BYTES:,} bytes", file=sys.stderr)
        return 1
    return 0


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    sys.exit(main())
