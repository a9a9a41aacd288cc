"""solve where the count is not a closed formula of the solved name, or most values are
invalid: the answer is the nearest valid value on each side of the target, exactly as a
full estimate counts it, and when there is none the message says why.

The fixtures in tests/fixtures/solve/ are the cases a closed form cannot take: a U-Net whose
up path numbers its blocks with `index`, a decoder whose width must split into 6 heads (and
whose structure depends on that width), and a stack that passes the limit on copies expanded
one by one.
"""
import json

import pytest

from estimator import api

from estimator.engine import sweep
from estimator.cli.app import main
from estimator.core.errors import EstimatorError
from estimator.core.expressions import Undecidable
from estimator.engine.formula import symbolic_model

from conftest import FIXTURES

SOLVE = FIXTURES / "solve"
UNET = str(SOLVE / "unet-index.yaml")
DECODER = str(SOLVE / "decoder-heads6.yaml")
COPIES = str(SOLVE / "copies-limit.yaml")


def params(spec: str, **values) -> int:
    return api.estimate(spec, {name: str(value) for name, value in values.items()})["params"]


def answers(result: dict, name: str) -> list[tuple[int, int]]:
    return [(s[name], s["params"]) for s in result["solutions"]]


def nearest(table: dict, target: int) -> list[tuple[int, int]]:
    """By brute force: the valid values whose counts are nearest the target on each side,
    best first (the count grows with the value in these fixtures)."""
    below = max((v for v in table.items() if v[1] < target), key=lambda v: v[1])
    above = min((v for v in table.items() if v[1] >= target), key=lambda v: v[1])
    return sorted([below, above], key=lambda v: abs(v[1] - target))


@pytest.fixture
def evaluations(monkeypatch):
    """The points each solve evaluates (each a compiled call or a full estimate)."""
    seen: list = []
    evaluate = sweep.PointEvaluator.evaluate

    def counted(self, point):
        seen.append(dict(point))
        return evaluate(self, point)

    monkeypatch.setattr(sweep.PointEvaluator, "evaluate", counted)
    return seen


# ---------------------------------------------------------------- no closed form


@pytest.mark.parametrize("spec, name", [(UNET, "layers_per_block"), (DECODER, "d_dec"), (COPIES, "depth")])
def test_the_fixtures_have_no_closed_form(spec, name):
    with pytest.raises(Undecidable):
        symbolic_model(api.load(spec), [name])


def test_a_unet_solves_for_its_residual_blocks_per_level(evaluations):
    result = api.solve(UNET, {"params": 50_000_000}, "layers_per_block")
    assert answers(result, "layers_per_block") == [(10, 48_380_803), (11, 52_660_547)]
    assert [params(UNET, layers_per_block=n) for n in (10, 11)] == [48_380_803, 52_660_547]
    assert len(evaluations) <= 10  # 1, 2, 4, 8, 16, then a few between 8 and 16


def test_an_exact_target_is_its_own_answer():
    target = params(UNET, layers_per_block=7)
    assert target == 35_541_571
    result = api.solve(UNET, {"params": target}, "layers_per_block", alternatives=2)
    assert result["solutions"][0] == {"layers_per_block": 7, "params": target, "relative_error": 0.0}
    # two on each side: the exact value is the first at or above the target
    assert sorted(s["layers_per_block"] for s in result["solutions"]) == [5, 6, 7, 8]


def test_a_decoder_with_6_heads_solves_its_width_in_multiples_of_64(evaluations):
    # d_dec % dec_heads == 0 holds for one multiple of 64 in three (the multiples of 192)
    result = api.solve(DECODER, {"params": 100_000_000}, "d_dec", multiple_of=64)
    assert answers(result, "d_dec") == [(960, 103_560_128), (768, 70_592_000)]
    assert [params(DECODER, d_dec=d) for d in (960, 768)] == [103_560_128, 70_592_000]
    assert len(evaluations) <= 20


@pytest.mark.parametrize("target, expected", [
    (30_000_000, [(384, 25_889_408), (576, 44_701_760)]),
    (1_000_000_000, [(3264, 1_051_252_928), (3072, 933_350_144)]),
    (6_000_000_000, [(7872, 6_004_286_144), (7680, 5_716_514_048)]),
])
def test_decoder_answers_are_the_nearest_valid_multiples(target, expected):
    assert answers(api.solve(DECODER, {"params": target}, "d_dec", multiple_of=64), "d_dec") == expected


def test_decoder_answers_match_a_brute_force_search():
    rows = api.sweep(DECODER, points=[{"d_dec": 64 * m} for m in range(1, 129)], columns=["params"])
    table = {row["d_dec"]: row["params"] for row in rows if not row["error"]}
    assert sorted(table) == list(range(192, 8193, 192))  # the valid values: multiples of 192, to the bound
    for target in (15_000_000, 123_456_789, 2_000_000_000, 6_299_136_128):
        assert answers(api.solve(DECODER, {"params": target}, "d_dec", multiple_of=64), "d_dec") == nearest(table, target)


def test_a_count_past_the_copies_limit_still_solves_below_it(evaluations):
    result = api.solve(COPIES, {"params": 3_000_000}, "depth")
    assert answers(result, "depth") == [(127, 2_999_434), (128, 3_065_226)]
    assert [params(COPIES, depth=d) for d in (127, 128)] == [2_999_434, 3_065_226]
    assert max(point["depth"] for point in evaluations) == 128  # nothing near the limit was built


def test_a_target_next_to_the_copies_limit():
    result = api.solve(COPIES, {"params": 11_500_000_000}, "depth")
    assert answers(result, "depth") == [(2047, 11_499_507_594), (2048, 11_516_288_906)]
    assert params(COPIES, depth=2047) == 11_499_507_594


# ---------------------------------------------------------------- no answer: why


def test_past_the_copies_limit_the_message_names_the_limit(capsys):
    assert main(["solve", COPIES, "--target", "params=1e11", "--for", "depth"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "Error: <command line>: no valid value of depth (a multiple of 1) gives params near 100,000,000,000: the"
        " largest is 11,516,288,906 at depth = 2,048, the last valid value; at depth = 2,049: more than 2,048 copies"
        " expanded one by one, the limit per model (for `index`, a computed name or `inline`): `repeat` is 2049 here,"
        f" which brings them to 2,049 (used at {COPIES}:16:5: $.model[1])\n")


def test_past_a_sanity_bound_the_message_names_the_constraint():
    with pytest.raises(EstimatorError, match=(
            r"no valid value of d_dec \(a multiple of 64\) gives params near 1,000,000,000,000: the largest is"
            r" 6,299,136,128 at d_dec = 8,064, the last valid value; at d_dec = 8,256: constraint `d_dec <= 8192`"
            r" does not hold \(d_dec=8256\)")):
        api.solve(DECODER, {"params": 10**12}, "d_dec", multiple_of=64)


def test_below_the_smallest_valid_value_the_message_says_where_it_starts(tmp_path):
    spec = tmp_path / "bounded.yaml"
    spec.write_text("name: bounded\nhyperparameters: {d: 512, n: 4}\nconstraints: [d % 8 == 0, d >= 300]\n"
                    "model:\n  - {name: l, type: linear, repeat: n, in_features: d, out_features: d}\n")
    assert answers(api.solve(str(spec), {"params": 370_880}, "d"), "d") == [(304, 370_880)]  # d = 304: exact
    assert answers(api.solve(str(spec), {"params": 400_000}, "d"), "d") == [(312, 390_624), (320, 410_880)]
    with pytest.raises(EstimatorError, match=r"no valid value of d \(a multiple of 1\) gives params near 1,000: the"
                       r" smallest is 370,880 at d = 304, the first valid value; at d = 296: constraint `d >= 300`"
                       r" does not hold \(d=296\)$"):
        api.solve(str(spec), {"params": 1000}, "d")


def test_no_valid_value_at_all_says_which_rules_failed(tmp_path):
    # the structure depends on n (a node only when n > 1): each value is estimated in full
    spec = tmp_path / "never.yaml"
    spec.write_text("name: never\nhyperparameters: {d: 512, n: 2}\nconstraints: ['n > 2 ** 41']\n"
                    "model:\n  - {name: l, type: linear, repeat: n, in_features: d, out_features: d}\n"
                    "  - {name: extra, if: n > 1, type: linear, in_features: d, out_features: d}\n")
    with pytest.raises(EstimatorError, match=r"^<command line>: no valid value of n \(a multiple of 1\) from 1 to"
                       r" 1,099,511,627,776: at n = 1: constraint `n > 2 \*\* 41` does not hold \(n=1\)"):
        api.solve(str(spec), {"params": 10**6}, "n")
    # decided for every n at once: the spec's own error, naming the constraint
    spec.write_text(spec.read_text().replace("n > 2 ** 41", "d > 2 ** 50 * n").replace("  - {name: extra", "#"))
    with pytest.raises(EstimatorError, match=r"never\.yaml:3:15: \$\.constraints\[0\]: constraint `d > 2 \*\* 50 \* n`"
                       r" does not hold"):
        api.solve(str(spec), {"params": 10**6}, "n")


def test_the_work_is_bounded(tmp_path, monkeypatch):
    # no multiple is ever valid, and the rule looks like a divisibility rule: every multiple
    # is tried, up to the bound on evaluations
    spec = tmp_path / "odd-even.yaml"
    spec.write_text("name: odd-even\nhyperparameters: {d: 512}\nconstraints: [d % 2 == 0 and d % 2 == 1]\n"
                    "model:\n  - {name: l, type: linear, in_features: d, out_features: d}\n")
    monkeypatch.setattr(sweep, "MAX_SOLVE_COMPILED", 500)
    with pytest.raises(EstimatorError, match=r"solve d: no answer within 500 evaluations; no valid value met \(at d = 1:"
                       r" constraint `d % 2 == 0 and d % 2 == 1` does not hold \(d=1\)\)"):
        api.solve(str(spec), {"params": 10**6}, "d")


def test_a_count_that_does_not_change(tmp_path):
    spec = tmp_path / "flat.yaml"
    spec.write_text("name: flat\nhyperparameters: {d: 8, unused: 3}\n"
                    "model:\n  - {name: l, type: linear, in_features: d, out_features: d}\n")
    assert answers(api.solve(str(spec), {"params": 72}, "unused"), "unused") == [(1, 72)]
    with pytest.raises(EstimatorError, match=r"params is 72 for every valid unused tried \(from 1 to 1,099,511,627,776\):"
                       r" no value of unused gives 100"):
        api.solve(str(spec), {"params": 100}, "unused")


# ---------------------------------------------------------------- shapes of counts


def test_a_falling_count(tmp_path):
    # the positional table shrinks as the patch grows; only divisors of 3600 are valid
    spec = tmp_path / "patches.yaml"
    spec.write_text("name: patches\nhyperparameters: {p: 4, image: 3600, d: 64}\nconstraints: [image % p == 0]\n"
                    "model:\n  - {name: pos, type: embedding, num_embeddings: image // p, embedding_dim: d}\n")
    table = {p: 3600 // p * 64 for p in range(1, 3601) if 3600 % p == 0}
    for target in (100_000, 7_000, 3_000, 64 * 3600 - 1):
        below = max((v for v in table.items() if v[1] < target), key=lambda v: v[1])
        above = min((v for v in table.items() if v[1] >= target), key=lambda v: v[1])
        expected = sorted([below, above], key=lambda v: abs(v[1] - target))
        assert answers(api.solve(str(spec), {"params": target}, "p"), "p") == expected


def test_valid_values_further_apart_than_the_window(tmp_path):
    spec = tmp_path / "sparse.yaml"
    spec.write_text("name: sparse\nhyperparameters: {d: 1000}\nconstraints: [d % 1000 == 0]\n"
                    "model:\n  - {name: l, type: linear, in_features: d, out_features: d}\n")
    result = api.solve(str(spec), {"params": 19_535_914}, "d")
    assert answers(result, "d") == [(4000, 16_004_000), (5000, 25_005_000)]


# ---------------------------------------------------------------- targets through the API


@pytest.mark.parametrize("value", [7e9, "7e9", "7B", 7_000_000_000])
def test_api_targets_are_exact(value):
    result = api.solve("llama-2-7b", {"params": value}, "hidden_size", multiple_of=128)
    assert result["target"] == {"params": 7_000_000_000}
    assert answers(result, "hidden_size") == [(4224, 7_018_197_120), (4096, 6_738_415_616)]


@pytest.mark.parametrize("target, message", [
    ({"params": 1.5}, r"--target params must be a positive integer, got 1\.5"),  # never rounded to 1
    ({"params": float("nan")}, r"--target params must be a positive integer, got nan"),
    ({"params": True}, r"--target params must be a positive integer, got True"),
    ({"params": "1.5"}, r"--target params: the target must be a positive whole number, got '1\.5'"),
    ({"params": 1e300}, r"--target params is too large \(more than 256 bits\)"),
    ({"params": 1, "active_params": 2}, r"target: one count and its value"),
])
def test_api_targets_that_are_not_whole_numbers(target, message):
    with pytest.raises(EstimatorError, match=message):
        api.solve("gpt2", target, "num_layers")


def test_solve_for_the_context_that_fits(capsys):
    """Issue 16: the longest context whose bf16 weights and KV cache fit in 80 GiB."""
    assert main(["solve", "llama-3-8b", "--target", "memory=80GiB", "--for", "context", "--side", "below",
                 "--format", "json"]) == 0
    solution = json.loads(capsys.readouterr().out)["solutions"][0]
    assert solution["context"] == 532_827
    assert solution["memory_bytes"] <= 80 * 2**30 < solution["memory_bytes"] + 131_072  # one more token would not fit


def test_sweep_over_an_assumption(capsys):
    assert main(["sweep", "llama-3-8b", "--grid", "context=1024,8192", "--columns", "context,kv_cache_bytes",
                 "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["context"], r["kv_cache_bytes"]) for r in rows] == [(1024, 1024 * 131_072), (8192, 8192 * 131_072)]
