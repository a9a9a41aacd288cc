"""Where transformers 5 disagrees with a config and its checkpoint, the estimator follows the
config and the checkpoint, and says so (hf.notes, in the estimate's source).

The T5 family (t5, mt5, umt5, longt5): transformers 5 ties lm_head to shared.weight whatever
tie_word_embeddings says, but a config with tie_word_embeddings false (flan-t5, t5-v1_1, mT5,
umT5, LongT5) stores its own lm_head.weight. The fixtures of those cases record it untied
(reference.untied, tools/hf_fixture_lib.untie_as_config); tests/test_hf.py checks every tensor.
"""
import json

import pytest

from estimator import api
from estimator.cli.app import main

from conftest import FIXTURES, hf_expected, hf_summary

NOTE = "note: lm_head.weight is counted as its own tensor, as the config (tie_word_embeddings false) and the checkpoint"
CASES = sorted(path.name for path in (FIXTURES / "hf").iterdir() if (path / "expected.json").exists())


expected = hf_expected
T5_FAMILY = [case for case in CASES if hf_summary(case)["reference"]["model_type"] in ("t5", "mt5", "umt5", "longt5")]
UNTIED = [case for case in CASES if hf_summary(case)["reference"].get("untied")]


def test_flan_t5_base_counts_its_own_lm_head(capsys):
    """247,577,856 as published and as `count` reads google/flan-t5-base's model.safetensors."""
    config = str(FIXTURES / "hf" / "t5-flan-base" / "config.json")
    result = api.estimate(config)
    assert result["params"] == 247_577_856
    assert NOTE in result["source"]
    lm_head = next(t for t in api.shapes(config)["tensors"] if t["name"] == "lm_head.weight")
    assert (lm_head["shape"], lm_head["tied_to"]) == ([32128, 768], None)
    assert main(["estimate", config]) == 0
    out = capsys.readouterr().out
    assert out.startswith("t5-flan-base: 247,577,856 parameters")
    assert NOTE in out.splitlines()[1]  # the source line


def test_the_untied_cases_are_the_t5_family_s_configs_that_say_false():
    assert UNTIED and set(UNTIED) <= set(T5_FAMILY)
    for case in T5_FAMILY:
        config = json.loads((FIXTURES / "hf" / case / "config.json").read_text())
        has_head = any(t["name"] == "lm_head.weight" for t in expected(case)["tensors"])
        assert (case in UNTIED) == (has_head and config.get("tie_word_embeddings") is False), case


@pytest.mark.parametrize("case", T5_FAMILY)
def test_the_note_is_there_exactly_where_transformers_would_tie(case):
    source = api.load(str(FIXTURES / "hf" / case / "config.json")).data["source"]
    assert (NOTE in source) == (case in UNTIED), source


def test_a_note_s_condition_follows_the_head(tmp_path):
    """No lm_head (T5Model): nothing to untie, no note, the same count as transformers'."""
    config = json.loads((FIXTURES / "hf" / "t5-flan-base" / "config.json").read_text())
    config["architectures"] = ["T5Model"]
    (tmp_path / "config.json").write_text(json.dumps(config))
    result = api.estimate(str(tmp_path / "config.json"))
    assert NOTE not in result["source"]
    assert result["params"] == 247_577_856 - 32128 * 768
