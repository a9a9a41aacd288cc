#!/usr/bin/env python3
"""Ground truth for the inference transient: the largest single tensor a prefill allocates (dev-only).

For each case (a small causal-LM config of tools/measure_activations.py, random weights, CPU),
dtype fp32 / bf16 (``model.to(dtype)``), ``attn_implementation`` "eager" / "sdpa", batch ``b``
and prompt length ``s``, it runs ONE forward of the causal LM in eval mode under
``torch.no_grad()``: ``model(input_ids, use_cache=True)`` (no attention mask, no labels;
``logits_to_keep`` left at 0, so the logits cover every position, as when a prompt is scored;
``generate()`` would keep only the last position's). A ``TorchDispatchMode`` sees the output
of every aten op and records each storage the op returns that did not exist before the forward:

- weights, buffers and input_ids are not counted (they exist before the forward);
- the KV cache is not counted: the storages the returned ``past_key_values`` hold
  (DynamicLayer concatenates each layer's keys/values into a new tensor);
- every recorded storage is kept alive until the end of the forward, so a freed address
  reused by a later allocation is still seen as new (tiny models: this costs nothing);
- sizes are a storage's full ``nbytes`` (a view is its base's storage: counted once);
  memory a kernel allocates inside itself and frees before returning (workspaces) is not seen.

The fixture records, for each point, the largest such storage (``largest_bytes``; its
``shape``, ``dtype`` and the aten op that made it) and the largest of each dtype. MoE
cases use the default experts implementation (``grouped_mm``) with the router's own routing
(a prefill's buffers in grouped_mm are sized by the b*s*top_k routed pairs, whatever the routing).

    /work/venv-ref/bin/python tools/measure_transients.py          # measure, write fixtures
    /work/venv-ref/bin/python tools/measure_transients.py --dump CASE B S DTYPE ATTN
        # print the 12 largest new storages of one point
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

import torch
import transformers
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure_activations import CASES as ACTIVATION_CASES, DTYPES, NO_DROPOUT_GPT2, NO_DROPOUT_LLAMA  # noqa: E402

# a sliding window shorter than the prompt: eager attention still multiplies every query by
# every key (the window is a mask), so the scores stay [b, heads, s, s]
CASES = {**ACTIVATION_CASES,
         "mistral-window": ("mistral", transformers.MistralConfig, transformers.MistralForCausalLM,
                            dict(vocab_size=80, hidden_size=48, intermediate_size=64, num_hidden_layers=2,
                                 num_attention_heads=6, num_key_value_heads=2, sliding_window=8))}

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "fixtures" / "transients"
VERSIONS = {"torch": torch.__version__, "transformers": transformers.__version__,
            "python": platform.python_version(), "device": "cpu"}
# case -> (batches, lengths): lengths chosen so that each candidate (logits, eager scores,
# the MLP or expert intermediate) is the largest somewhere
GRID = {
    "llama-gqa-a": ((1, 2), (1, 5, 16, 40)),
    "llama-mha-b": ((1, 3), (3, 17, 30)),
    "llama-gqa-wide": ((1, 2), (4, 24, 70)),
    "mistral-window": ((1, 2), (5, 16, 40)),
    "gpt2-a": ((1, 2), (1, 5, 16, 40)),
    "gpt2-wide": ((1,), (4, 40, 70)),
    "mixtral-a": ((1, 2), (1, 5, 16, 40)),
    "mixtral-b": ((1, 3), (3, 17, 30)),
    "qwen3_moe-a": ((1, 2), (1, 5, 16, 40)),
    "qwen3_moe-b": ((1, 3), (3, 17, 30)),
}
ATTNS = ("eager", "sdpa")


def config_kwargs(case: str) -> dict:
    """The case's config, with room for the longest prompt measured (what the fixture records)."""
    family, _, _, kwargs = CASES[case]
    if family == "gpt2":
        return {**NO_DROPOUT_GPT2, **kwargs, "use_cache": True, "n_positions": max(128, kwargs.get("n_positions", 0))}
    return {**NO_DROPOUT_LLAMA, **kwargs, "use_cache": True, "max_position_embeddings": 128}


def build(case: str, dtype: str, attn: str):
    _, config_cls, model_cls, _ = CASES[case]
    config = config_cls(**config_kwargs(case))
    config._attn_implementation = attn
    torch.manual_seed(0)
    model = model_cls(config).to(DTYPES[dtype]).eval()
    assert model.config._attn_implementation == attn
    return model


class _Recorder(TorchDispatchMode):
    def __init__(self, known: set[int]):
        super().__init__()
        self.known = known
        self.seen: dict[int, tuple] = {}
        self.alive: list = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        for t in tree_leaves(out):
            if isinstance(t, torch.Tensor) and t.device.type == "cpu":
                storage = t.untyped_storage()
                ptr = storage.data_ptr()
                if ptr in self.known or ptr in self.seen or storage.nbytes() == 0:
                    continue
                self.seen[ptr] = (storage.nbytes(), list(t.shape), str(t.dtype).replace("torch.", ""),
                                  str(func.overloadpacket.__name__))
                self.alive.append(storage)
        return out


def measure(case: str, b: int, s: int, dtype: str, attn: str) -> dict:
    model = build(case, dtype, attn)
    vocab = model.config.vocab_size
    input_ids = (torch.arange(b * s).reshape(b, s) * 7 + 3) % vocab
    known = {p.untyped_storage().data_ptr() for p in model.parameters()}
    known |= {x.untyped_storage().data_ptr() for x in model.buffers()}
    known.add(input_ids.untyped_storage().data_ptr())
    recorder = _Recorder(known)
    with torch.no_grad(), recorder:
        out = model(input_ids, use_cache=True)
    cache = set()
    for layer in out.past_key_values.layers:
        for t in (layer.keys, layer.values):
            cache.add(t.untyped_storage().data_ptr())
    assert cache <= set(recorder.seen), "the KV cache should be made during the forward"
    rows = sorted((v for k, v in recorder.seen.items() if k not in cache), key=lambda r: -r[0])
    largest = rows[0]
    by_dtype: dict[str, int] = {}
    for nbytes, _, dt, _ in rows:
        by_dtype[dt] = max(by_dtype.get(dt, 0), nbytes)
    return {"b": b, "s": s, "dtype": dtype, "attn_implementation": attn, "largest_bytes": largest[0],
            "shape": largest[1], "tensor_dtype": largest[2], "op": largest[3], "largest_by_dtype": by_dtype,
            "_rows": rows}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", nargs=5, metavar=("CASE", "B", "S", "DTYPE", "ATTN"))
    parser.add_argument("--case", action="append", help="measure only this case (repeatable)")
    args = parser.parse_args(argv)
    if args.dump:
        case, b, s, dtype, attn = args.dump
        point = measure(case, int(b), int(s), dtype, attn)
        for row in point["_rows"][:12]:
            print(*row)
        return 0
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    only = set(args.case or GRID)
    for case, (batches, lengths) in GRID.items():
        if case not in only:
            continue
        family = CASES[case][0]
        points = []
        for dtype in DTYPES:
            for attn in ATTNS:
                for b in batches:
                    for s in lengths:
                        point = measure(case, b, s, dtype, attn)
                        del point["_rows"]
                        points.append(point)
        model = build(case, "float32", "sdpa")
        data = {"case": case, "family": family, "model_type": model.config.model_type,
                "architecture": type(model).__name__,
                "config": config_kwargs(case),
                "method": "one no-grad eval forward model(input_ids, use_cache=True) on the CPU, model.to(dtype),"
                          " every logit position; the largest storage an aten op returns that did not exist before"
                          " (weights, buffers, input_ids) and is not the returned KV cache (TorchDispatchMode)."
                          " See tools/measure_transients.py and docs/activations.md section 11.",
                "versions": VERSIONS, "points": points}
        path = OUT_DIR / f"{case}.json"
        path.write_text(json.dumps(data, indent=1) + "\n")
        print(path, len(points), "points")
    return 0


if __name__ == "__main__":
    sys.exit(main())
