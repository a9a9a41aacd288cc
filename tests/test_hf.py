"""Hugging Face config.json in, transformers' exact count and state dict out.

Each folder in tests/fixtures/hf/ holds a config.json as a user would have it (often only
a few keys: the family's defaults must be filled in) and expected.json, written by the
real transformers classes on PyTorch's meta device (tools/make_hf_fixtures.py).
"""
import functools
import json
import operator

import pytest

from estimator import api
from estimator.cli.app import main
from estimator.sources.hf import supported_families
from estimator.engine import results
from estimator.engine.metrics import Assumptions
from estimator.engine.results import inventory_rows
from estimator.engine.totals import compute_totals

from conftest import FIXTURES, hf_expected, hf_summary

CASES = sorted(path.name for path in (FIXTURES / "hf").iterdir() if (path / "expected.json").exists())


expected = hf_expected  # the whole file; hf_summary: all but the tensor list (for collection)


def config(case: str) -> str:
    return str(FIXTURES / "hf" / case / "config.json")


KV_ONE_TOKEN = Assumptions(kv_dtype="fp32", context=1, encoder_context=1)


class Computed:
    """One case loaded, expanded and estimated once for the several tests that check it (each
    asserts its own property): what api.estimate and api.shapes give, from one expansion
    (assumptions do not change what a spec expands to)."""

    def __init__(self, case: str):
        self.spec = api.load(config(case))
        _, self.inventory, self.hyperparameters = results.build(self.spec)
        self.totals = compute_totals(self.inventory)
        self.estimate = self.estimated(Assumptions())  # api.estimate(spec)
        self.rows = inventory_rows(self.inventory)  # what api.shapes lists: (name, fields) of each tensor

    def estimated(self, assumptions: Assumptions) -> dict:
        return results.estimate_result(self.spec, self.totals, self.hyperparameters, self.inventory, assumptions.check())

    @functools.cached_property
    def shapes(self) -> dict:
        """api.shapes(spec), whole: a dict per tensor, made only for the test that compares it
        with the API's (the others read self.rows)."""
        return {"name": self.spec.name, "tensors": [{"name": name, **fields} for name, fields in self.rows()]}

    @functools.cached_property
    def kv_cache_fp32_one_token(self) -> dict:
        """api.estimate(spec, assumptions=KV_ONE_TOKEN): made when a test reads it (the cases
        with a measured KV cache), not for every case."""
        return self.estimated(KV_ONE_TOKEN)


@functools.lru_cache(maxsize=4)
def computed(case: str) -> Computed:
    """conftest.py runs the tests of one case next to each other, so a few entries suffice, in
    one process and in each pytest-xdist worker."""
    return Computed(case)


def test_one_expansion_gives_what_the_api_gives():
    """computed()'s shortcut against the API's own calls, on a case with ties, buffers and
    cross-attention."""
    case = next(c for c in CASES if c.startswith("t5-") or c.startswith("bart-"))
    got = computed(case)
    assert (got.estimate, got.shapes) == (api.estimate(got.spec), api.shapes(got.spec))
    assert got.kv_cache_fp32_one_token == api.estimate(got.spec, assumptions=KV_ONE_TOKEN)


@pytest.mark.parametrize("case", CASES)
def test_config_equals_transformers(case):
    """Counts, buffers and every state-dict tensor (name, shape, kind, persistence, tie, in
    state-dict order) equal transformers'; the module rows add up to the totals."""
    want = expected(case)
    got = computed(case)
    assert (got.estimate["params"], got.estimate["buffer_elements"], got.estimate["persistent_buffer_elements"]) == (
        want["params"], want["buffer_elements"], want["persistent_buffer_elements"])
    # the fields of api.shapes' rows (got.shapes["tensors"]), without making a dict per tensor
    assert [(name, f["shape"], f["kind"], f["persistent"], f["tied_to"]) for name, f in got.rows()] == list(
        map(operator.itemgetter("name", "shape", "kind", "persistent", "tied_to"), want["tensors"]))
    assert_rows_add_up(got.estimate)


def assert_rows_add_up(result: dict) -> None:
    """torchinfo's habit: the top-level rows sum to the total, and no module's children
    hold more than the module itself."""
    modules = result["modules"]
    assert sum(m["params"] for m in modules if m["depth"] == 1) == result["params"]
    assert sum(m["buffer_elements"] for m in modules if m["depth"] == 1) == result["buffer_elements"]
    by_path = {m["path"]: m for m in modules}
    children: dict = {}
    for module in modules:
        parent = module["path"].rpartition(".")[0]
        if parent in by_path and by_path[parent]["depth"] == module["depth"] - 1:
            children[parent] = children.get(parent, 0) + module["params"]
    assert {p: (s, by_path[p]["params"]) for p, s in children.items() if s > by_path[p]["params"]} == {}


KV_CASES = [case for case in CASES if hf_summary(case).get("kv_cache_elements_per_token") is not None]


@pytest.mark.parametrize("case", KV_CASES)
def test_kv_cache_per_token_equals_transformers_cache(case):
    """The K/V tensors transformers caches after one token (fp32: 4 bytes an element).

    A decoder with cross-attention was given one encoder token too: its figure adds the
    cross-attention K/V per encoder token, as the estimator's does."""
    want = expected(case)["kv_cache_elements_per_token"]
    assert computed(case).kv_cache_fp32_one_token["kv_cache_bytes"] == 4 * want


def kv_held(config_data: dict, tmp_path, context: int) -> int:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config_data))
    return api.estimate(str(path), assumptions=Assumptions(kv_dtype="fp32", context=context))["kv_cache_bytes"] // 4


TINY_DECODER = {"vocab_size": 64, "hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 3,
                "num_attention_heads": 4, "num_key_value_heads": 2}


@pytest.mark.parametrize(
    "config_data, windows",
    [
        # which layers slide, as transformers 5.24's layer_types and caches say (checked with a
        # 10-token CPU forward: a sliding layer keeps window - 1 tokens between steps and attends
        # to window tokens, the figure the estimator holds)
        ({"model_type": "mistral", **TINY_DECODER, "sliding_window": 4}, [4, 4, 4]),
        ({"model_type": "mistral", **TINY_DECODER, "sliding_window": None}, [0, 0, 0]),
        ({"model_type": "mistral", **TINY_DECODER}, [4096, 4096, 4096]),
        ({"model_type": "phi3", **TINY_DECODER, "sliding_window": 4}, [4, 4, 4]),
        ({"model_type": "phi3", **TINY_DECODER}, [0, 0, 0]),
        ({"model_type": "qwen2", **TINY_DECODER, "use_sliding_window": True, "sliding_window": 4,
          "max_window_layers": 1}, [0, 4, 4]),
        ({"model_type": "qwen2", **TINY_DECODER, "use_sliding_window": False, "sliding_window": 4,
          "max_window_layers": 1}, [0, 0, 0]),
        ({"model_type": "qwen2", **TINY_DECODER, "use_sliding_window": True, "sliding_window": None,
          "max_window_layers": 1}, [0, 0, 0]),
        ({"model_type": "qwen3", **TINY_DECODER, "head_dim": 8, "use_sliding_window": True, "sliding_window": 4,
          "max_window_layers": 2}, [0, 0, 4]),
        ({"model_type": "gemma2", **TINY_DECODER, "head_dim": 8, "sliding_window": 4}, [4, 0, 4]),
        ({"model_type": "gemma2", **TINY_DECODER, "head_dim": 8, "sliding_window": None}, [0, 0, 0]),
    ],
)
def test_sliding_window_layers_follow_transformers(tmp_path, config_data, windows):
    per_layer = 2 * 2 * 8  # K and V, 2 kv heads of 8
    context = 10_000
    want = sum(per_layer * (min(context, w) if w else context) for w in windows)
    assert kv_held(config_data, tmp_path, context) == want


def test_null_means_what_transformers_makes_of_it(tmp_path):
    # MistralConfig: num_key_value_heads None -> num_attention_heads (a missing key is 8);
    # transformers 5.24's strict field type rejects the null before __post_init__ reads it
    # (4.x accepted it), so this has no transformers fixture.
    base = {"model_type": "mistral", "vocab_size": 64, "hidden_size": 256, "intermediate_size": 48,
            "num_hidden_layers": 1, "num_attention_heads": 16, "sliding_window": None}
    assert kv_held({**base, "num_key_value_heads": None}, tmp_path, 1) == 2 * 16 * 16
    assert kv_held(base, tmp_path, 1) == 2 * 8 * 16


def test_every_family_has_cases():
    covered = {hf_summary(case)["reference"]["model_type"] for case in CASES}
    assert sorted(set(supported_families()) - covered) == []


@pytest.mark.parametrize("family", sorted(supported_families()))
def test_family_template_is_valid_and_documented(family):
    spec = api.load(str(supported_families()[family]))
    hf = spec.data["hf"]
    assert hf["model_type"] == family
    assert spec.data.get("source")
    # every head's switches are hyperparameters of the template, and its default head is one of them
    unknown = {head: sorted(set(switches) - set(spec.hyperparameters))
               for head, switches in hf["architectures"].items() if set(switches) - set(spec.hyperparameters)}
    assert unknown == {}
    assert hf.get("default_architecture", next(iter(hf["architectures"]))) in hf["architectures"]


def test_folder_and_set_with_config_keys(capsys):
    case = next(c for c in CASES if hf_summary(c)["reference"]["model_type"] == "llama")
    folder = str(FIXTURES / "hf" / case)
    assert main(["estimate", folder, "--format", "json"]) == 0
    base = json.loads(capsys.readouterr().out)["params"]
    assert base == expected(case)["params"]
    assert main(["estimate", folder, "--set", "num_hidden_layers=1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["params"] < base


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"model_type": "llama_x"}', r"model_type `llama_x` is not supported; did you mean `llama`\?"),
        # a key read through hf.sources is blamed where it is written
        ('{"model_type": "nemotron_h", "hybrid_override_pattern": "M*X"}',
         r"config.json:1:30: \$.hybrid_override_pattern: `layers_block_type` holds 'X'; this family knows "),
        ('{"hidden_size": 8}', r"no `model_type` string; supported families: "),
        ('{"model_type": "llama", "hidden_size": "big"}', r'config.json:1:25: \$.hidden_size: `hidden_size` must be an integer, got "big"'),
        ('{"model_type": "llama", "hidden_size": 10.5}', r"`hidden_size` must be an integer, got 10.5"),
        ('{"model_type": "llama", "hidden_size": NaN}', r"config.json:1:25: \$.hidden_size: `hidden_size` must be an integer, got nan"),
        ('{"model_type": "llama", "hidden_size": Infinity}', r"config.json:1:25: \$.hidden_size: `hidden_size` must be an integer, got inf"),
        ('{"model_type": "llama", "model_type": "llama"}', r"duplicate key `model_type`"),
        ('{"model_type": "llama", "architectures": ["LlamaForNothing"]}', r"head `LlamaForNothing` is not supported"),
        ('{"model_type": "llama", "num_key_value_heads": 5}',
         r"config.json:1:25: \$.num_key_value_heads: constraint `num_attention_heads % num_key_value_heads == 0` does not hold"),
        ('{"model_type": "llama", "num_hidden_layers": -1}',
         r"config.json:1:25: \$.num_hidden_layers: `repeat` is -1; it must be from 0 to 1000000000 \(used at .*llama.yaml"),
        ('{"model_type": "llama", "num_attention_heads": 0}',
         r"config.json:1:25: \$.num_attention_heads: division by zero"),
        ('[1, 2]', r"a config.json must hold a JSON object"),
        ('{"model_type": "gemma2", "num_hidden_layers": 4000}',
         r"config.json:1:26: \$.num_hidden_layers: more than 2,048 copies expanded one by one, the limit per model .*`repeat` is 4000 here"),
        ('{"model_type": "llama", "num_hidden_layers": 10000000000}', r"`repeat` is 10000000000; it must be from 0 to"),
        ('{"model_type": ', r"invalid JSON"),
        ("[" * 100 + "]" * 100, r"nested deeper than 32 levels"),
    ],
)
def test_bad_configs(tmp_path, capsys, content, message):
    path = tmp_path / "config.json"
    path.write_text(content)
    assert main(["estimate", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert __import__("re").search(message, err), err


def one_case_per_family_and_head() -> list:
    """convert is slow and works the same for every case of one template and head: by
    default one case each; all cases run under `pytest -m exhaustive`."""
    chosen: dict = {}
    for case in CASES:
        reference = hf_summary(case)["reference"]
        chosen.setdefault((reference["model_type"], reference.get("class") or reference.get("architecture")), case)
    return sorted(chosen.values())


_CONVERT_BY_DEFAULT = set(one_case_per_family_and_head())
CONVERT_CASES = [case if case in _CONVERT_BY_DEFAULT else pytest.param(case, marks=pytest.mark.exhaustive)
                 for case in CASES]


@pytest.mark.parametrize("case", CONVERT_CASES)
def test_convert_writes_a_spec_with_the_same_totals(case, tmp_path, capsys):
    output = tmp_path / "model.yaml"
    assert main(["convert", config(case), "-o", str(output)]) == 0
    text = output.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# config.json" in text or json.loads(open(config(case)).read()).keys() <= {"model_type", "architectures"}
    converted = api.load(str(output))
    _, inventory, _ = results.build(converted)  # one expansion for both checks, as computed() does
    assert compute_totals(inventory)["params"] == hf_summary(case)["params"]
    got = [(name, fields["shape"]) for name, fields in inventory_rows(inventory)()]
    assert got == list(map(operator.itemgetter("name", "shape"), expected(case)["tensors"]))


def test_readme_lists_every_family():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    listed = readme.split("Supported `model_type`s:", 1)[1].split(".", 1)[0]
    assert sorted(name.strip(" `\n") for name in listed.split(",")) == sorted(supported_families())


def test_string_lists_become_per_layer_values():
    from estimator.sources.hf import bind_config
    from estimator.spec.loader import load_yaml_text
    from estimator.spec.model import load_spec_document

    template = load_spec_document(load_yaml_text(
        "hf: {model_type: toy, architectures: {ToyModel: {}},\n"
        "     strings: {layer_types: {sliding_attention: {sliding: 1}, full_attention: {sliding: 0}}}}\n"
        "hyperparameters: {n: 3, sliding: [0, 0, 0]}\n"
        "model:\n  - {name: layers, repeat: n, index: i, if: 'sliding[i] == 1', type: linear,"
        " in_features: 2, out_features: 2}\n", "toy.yaml"))
    config = {"model_type": "toy", "layer_types": ["sliding_attention", "full_attention", "sliding_attention"]}
    spec = bind_config(template, config, json.dumps(config), "config.json")
    assert spec.hyperparameters["sliding"] == [1, 0, 1]
    assert [t["name"] for t in api.shapes(spec)["tensors"]] == [
        "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"]


def test_a_config_saved_with_infinity_is_read(tmp_path, capsys):
    """transformers' save_pretrained writes float('inf') as Infinity (Bamba, Falcon-H1, Mamba-2:
    time_step_limit [0.0, Infinity]); a value no count reads is read, not refused."""
    case = FIXTURES / "hf" / "falcon_h1-defaults"
    config = json.loads((case / "config.json").read_text())
    config["time_step_limit"] = [0.0, float("inf")]
    (tmp_path / "config.json").write_text(json.dumps(config))
    assert "Infinity" in (tmp_path / "config.json").read_text()
    assert main(["estimate", str(tmp_path / "config.json"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["params"] == expected(case.name)["params"]

