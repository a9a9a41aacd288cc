"""The accelerator catalogue and `--device` / `--device-memory`: figures with sources, fits
and headroom as exact integers."""
import json

import pytest

from estimator import api
from estimator.cli.app import main
from estimator.core.errors import EstimatorError
from estimator.engine.devices import catalogue, device, FIGURES, load_catalogue, MEMORY_UNITS
from estimator.engine.metrics import Assumptions

REQUIRED = ["h100-sxm", "h100-pcie", "h200", "b200", "gb200", "a100-40gb", "a100-80gb", "l40s", "l4", "mi300x",
            "mi325x", "rtx-4090", "rtx-5090", "tpu-v5e", "tpu-v5p", "tpu-trillium", "m2-ultra", "m3-max", "m4-max"]


def test_catalogue_holds_the_devices_of_the_issue():
    assert set(REQUIRED) <= set(catalogue())


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_figure_has_a_source(key):
    entry = catalogue()[key]
    assert entry.sources["memory"].strip()
    for figure in FIGURES:
        assert entry.sources[figure].strip(), figure
        if entry.figures[figure] is None:
            assert entry.reasons[figure].strip(), figure
        else:
            assert isinstance(entry.figures[figure], int) and entry.figures[figure] > 0
    assert entry.memory_bytes % MEMORY_UNITS[entry.memory_unit] == 0 or entry.memory_unit == "GB"


def test_exact_figures():
    assert device("h100").memory_bytes == 80_000_000_000
    assert device("h100-sxm").figures == {"bf16_flops": 989_500_000_000_000, "fp8_flops": 1_979_000_000_000_000,
                                          "bandwidth": 3_350_000_000_000}
    assert device("tpu-v5p").memory_bytes == 95_000_000_000
    assert device("tpu-trillium").figures["bandwidth"] == 1_638_000_000_000
    assert device("a100-40gb").figures["fp8_flops"] is None
    assert "fp8" in device("a100-40gb").reasons["fp8_flops"]
    assert device("Trillium").key == "tpu-trillium"


def test_unknown_device_did_you_mean():
    with pytest.raises(EstimatorError, match=r"--device h100-sxn: unknown device; did you mean `h100-sxm`\?"):
        device("h100-sxn")


def test_bad_catalogue_names_the_place(tmp_path):
    path = tmp_path / "acc.yaml"
    path.write_text("x:\n  name: X\n  memory: {bytes: 1, vendor: '1GB', unit: GB, source: s}\n"
                    "  bf16_flops: {value: 5}\n  fp8_flops: {value: null, reason: r, source: s}\n"
                    "  bandwidth: {value: 1, source: s}\n")
    with pytest.raises(EstimatorError, match=r"bf16_flops.source must be non-empty text") as info:
        load_catalogue(path)
    assert info.value.location.line == 4
    path.write_text("x:\n  name: X\n  memory: {bytes: 1, vendor: '1GB', unit: gb, source: s}\n"
                    "  bf16_flops: {value: 5, source: s}\n  fp8_flops: {value: null, reason: r, source: s}\n"
                    "  bandwidth: {value: 1, source: s}\n")
    with pytest.raises(EstimatorError, match=r"unit must be GB \(10\^9 bytes\) or GiB"):
        load_catalogue(path)


def test_fits_and_headroom_exact():
    result = api.estimate("llama-2-7b", None, Assumptions(device_memory=80 * 10**9, device="h100-sxm"))
    # inference: bf16 weights 13,476,831,232 + KV cache 2048 x 524,288 + the largest prefill tensor,
    # the bf16 logits 2048 x 32,000 x 2 (the default hf-sdpa attention makes no score matrix)
    assert result["inference_bytes_per_device"] == 13_476_831_232 + 1_073_741_824 + 131_072_000
    assert result["fits"]["device"] == "h100-sxm"
    assert result["fits"]["inference"] == {"bytes": 14_681_645_056, "device_memory": 80_000_000_000,
                                           "headroom": 65_318_354_944, "fits": True}
    assert result["fits"]["training"] == {"bytes": 107_814_649_856, "device_memory": 80_000_000_000,
                                          "headroom": -27_814_649_856, "fits": False, "activations_included": False}
    assert any("activations not included" in line for line in result["assumptions"])


def test_fits_with_zero3_over_8_devices():
    result = api.estimate("llama-2-7b", None, Assumptions(zero=3, devices=8, device_memory=80 * 2**30))
    assert result["training_bytes_per_device"] == result["training_bytes"] == 13_476_831_232
    assert result["fits"]["training"]["headroom"] == 85_899_345_920 - 13_476_831_232


def test_cli_device_memory_and_device(capsys):
    assert main(["estimate", "llama-2-7b", "--device-memory", "80GiB", "--format", "json"]) == 0
    fits = json.loads(capsys.readouterr().out)["fits"]
    assert fits["inference"]["device_memory"] == 85_899_345_920
    assert fits["inference"]["headroom"] == 85_899_345_920 - 14_681_645_056
    assert main(["estimate", "llama-2-7b", "--device", "l4"]) == 0
    out = capsys.readouterr().out
    assert "device memory (l4)" in out and "training does NOT fit" in out and "inference fits" in out
    assert main(["estimate", "llama-2-7b", "--device", "h100-sxn"]) == 2
    assert "did you mean `h100-sxm`" in capsys.readouterr().err
    assert main(["devices", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {entry["device"] for entry in listed} == set(catalogue())
