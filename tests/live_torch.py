"""The torch.nn models of tests/test_live_objects.py, and what the test reads of them.

A module of its own, imported by that file's `live` fixture only once torch is known to be
installed: collecting the tests (in every pytest-xdist worker) does not import torch, which
takes seconds, and a run without torch skips them.
"""
import torch

nn = torch.nn


# ---------------------------------------------------------------- models built from torch.nn


class Rotary(nn.Module):
    """Rotary frequencies as transformers keeps them: non-persistent buffers."""

    def __init__(self, dim: int):
        super().__init__()
        inv_freq = 1.0 / 10000 ** (torch.arange(0, dim, 2).float() / dim)
        self.register_buffer("inv_freq", inv_freq, persistent=False)
        self.register_buffer("original_inv_freq", inv_freq.clone(), persistent=False)


class TinyLM(nn.Module):
    """A small transformer language model: tied head, a frozen first layer, learned and
    rotary positions, a persistent `position_ids` buffer and non-persistent rotary ones."""

    def __init__(self, vocab=50, d=16, heads=2, layers=3, context=8):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, d)
        self.position_embeddings = nn.Embedding(context, d)
        self.register_buffer("position_ids", torch.arange(context).unsqueeze(0))
        self.rotary = Rotary(d // heads)
        layer = nn.TransformerEncoderLayer(d, heads, 4 * d, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        self.lm_head.weight = self.embed_tokens.weight
        self.encoder.layers[0].requires_grad_(False)


class TinyCNN(nn.Sequential):
    """Convolutions with BatchNorm (persistent running statistics), the stem frozen."""

    def __init__(self):
        super().__init__(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 16, 3, groups=2, bias=False),
                         nn.BatchNorm2d(16), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))
        self[0].requires_grad_(False)


class RMSLlama(nn.Module):
    """tests/fixtures/files/tiny-llama.yaml written in torch.nn, with transformers' names."""

    class Attention(nn.Module):
        def __init__(self, d, heads, kv_heads):
            super().__init__()
            head = d // heads
            self.q_proj = nn.Linear(d, d, bias=False)
            self.k_proj = nn.Linear(d, kv_heads * head, bias=False)
            self.v_proj = nn.Linear(d, kv_heads * head, bias=False)
            self.o_proj = nn.Linear(d, d, bias=False)

    class MLP(nn.Module):
        def __init__(self, d, inner):
            super().__init__()
            self.gate_proj = nn.Linear(d, inner, bias=False)
            self.up_proj = nn.Linear(d, inner, bias=False)
            self.down_proj = nn.Linear(inner, d, bias=False)

    class Layer(nn.Module):
        def __init__(self, d, inner, heads, kv_heads):
            super().__init__()
            self.self_attn = RMSLlama.Attention(d, heads, kv_heads)
            self.mlp = RMSLlama.MLP(d, inner)
            self.input_layernorm = nn.RMSNorm(d, elementwise_affine=True)
            self.post_attention_layernorm = nn.RMSNorm(d)

    def __init__(self, vocab=128, d=64, inner=256, layers=2, heads=4, kv_heads=2):
        super().__init__()
        self.model = nn.Module()
        self.model.embed_tokens = nn.Embedding(vocab, d)
        self.model.layers = nn.ModuleList(RMSLlama.Layer(d, inner, heads, kv_heads) for _ in range(layers))
        self.model.norm = nn.RMSNorm(d)
        self.model.rotary_emb = Rotary(d // heads)
        self.lm_head = nn.Linear(d, vocab, bias=False)
        self.lm_head.weight = self.model.embed_tokens.weight


MODELS = {"tiny-lm": TinyLM, "tiny-cnn": TinyCNN, "rms-llama": RMSLlama}


def torch_counts(module) -> dict:
    """The module's own sums: `parameters()` and `buffers()` list each tensor once."""
    stored = module.state_dict().keys()
    return {
        "params": sum(p.numel() for p in module.parameters()),
        "trainable_params": sum(p.numel() for p in module.parameters() if p.requires_grad),
        "non_trainable_params": sum(p.numel() for p in module.parameters() if not p.requires_grad),
        "buffer_elements": sum(b.numel() for b in module.buffers()),
        "persistent_buffer_elements": sum(b.numel() for name, b in module.named_buffers() if name in stored),
    }


def module_dump(model) -> dict:
    """What tests/test_api.py counts without torch: the lists and the mapping a user builds."""
    non_persistent = {name for name, _ in model.named_buffers()} - set(model.state_dict())
    tensors = []
    first: dict = {}
    for name, p in model.named_parameters(remove_duplicate=False):
        tied = first.setdefault(id(p), name)
        tensors.append({"name": name, "shape": list(p.shape), "trainable": p.requires_grad, "kind": "parameter",
                        **({"tied_to": tied} if tied != name else {})})
    tensors += [{"name": name, "shape": list(b.shape), "kind": "buffer", "persistent": name not in non_persistent}
                for name, b in model.named_buffers()]
    tied_names = {t["name"] for t in tensors if "tied_to" in t}
    return {
        "source": f"tests/test_live_objects.py {type(model).__name__}(), torch {torch.__version__.split('+')[0]}",
        "named_parameters": [{"name": n, "shape": list(p.shape), "trainable": p.requires_grad}
                             for n, p in model.named_parameters()],
        "tensors": tensors,
        # the names a checkpoint holds (safetensors' save_model): a tied tensor once
        "state_dict": {name: list(value.shape) for name, value in model.state_dict().items() if name not in tied_names},
        "counts": torch_counts(model),
    }
