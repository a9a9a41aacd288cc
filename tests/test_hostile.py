"""Hostile inputs, made by hand as an attacker would (issue 13): every one must give exit
code 2, nothing on stdout and exactly one line on stderr, `Error: ` and the file (or the
option) it is about and what is wrong, within 5 s and without a jump in memory. Beside
them, valid inputs at the same edges must give the exact figure.

Each case runs the CLI in-process. `{tmp}` in an argument or a pattern is the case's
temporary folder; files are written there first. A new category gets a line in CASES.
"""
from __future__ import annotations

import json
import re
import resource
import time
from typing import NamedTuple

import pytest

from estimator.cli.app import main

SECONDS = 5.0  # per case, in-process (no interpreter start-up)
MEGABYTES = 500  # growth of the peak resident memory during one case
SPEC = "hyperparameters: {a: 3, b: 4}\nmodel:\n  - {name: f, type: linear, in_features: a, out_features: b}\n"
LIN = "{tmp}/lin.yaml"  # the spec above: a*b + b parameters
CMD = "^Error: <command line>: "


def linear(in_features: str, out_features: str = "4") -> str:
    return f"model:\n  - {{name: f, type: linear, in_features: {in_features}, out_features: {out_features}}}\n"


def config(**values) -> str:
    return json.dumps(values, indent=2)


def safetensors(header: dict | bytes, data: bytes = b"") -> bytes:
    raw = header if isinstance(header, bytes) else json.dumps(header).encode()
    return len(raw).to_bytes(8, "little") + raw + data


BOMB = "a: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
MANY = "hyperparameters:\n" + "".join(f"  h{i}: 2**10\n" for i in range(40))  # prod of 40 names: 2**400
FORGED = "\\nError: forged"  # a newline then a forged second error, as YAML/JSON escapes it
LONG = "x" * 5000


class Sparse(NamedTuple):
    """A file of ``size`` bytes, almost all of it a hole (no disk used)."""

    size: int


def C(case_id: str, argv: list, match: str, files: dict | None = None, marks=()):
    return pytest.param(argv, match, files or {}, id=case_id, marks=marks)


CASES = [
    # ---- --set values (issue 13 item 1) and names (item 4): reported at `--set NAME`
    C("set-double-minus", ["estimate", LIN, "--set", "a=--1"], CMD + r"--set a: .*'--1' is not an integer"),
    C("set-superscript-two", ["estimate", LIN, "--set", "a=²"], CMD + r"--set a: .*invalid character '²'"),
    C("set-arabic-digit", ["estimate", LIN, "--set", "a=٣"], CMD + r"--set a: .*invalid character '٣'"),
    C("set-fullwidth-digit", ["estimate", LIN, "--set", "a=１２"], CMD + r"--set a: .*invalid character"),
    C("set-300-digits", ["estimate", LIN, "--set", "a=" + "7" * 300], CMD + r"--set a: .*too large \(more than 256 bits\)"),
    C("set-negative", ["estimate", LIN, "--set", "a=-5"], CMD + r"--set a: dimension is -5; it must not be negative"),
    C("set-fraction", ["estimate", LIN, "--set", "a=7/2"], CMD + r"--set a: a = 7/2 is 7/2, not an integer"),
    C("set-division-by-zero", ["estimate", LIN, "--set", "a=1/(b-4)"], CMD + r"--set a: division by zero"),
    C("set-power-of-fraction", ["estimate", LIN, "--set", "a=((3/2)**256)**256"],
      CMD + r"--set a: 3/2 \*\* 256 is too large \(more than 256 bits\)"),
    C("set-tower-of-fraction-powers", ["estimate", LIN, "--set", "a=((((3/2)**256)**256)**256)**256"],
      CMD + r"--set a: 3/2 \*\* 256 is too large"),
    C("set-power-of-fraction-in-steps", ["estimate", LIN, "--set", "a=(((3/2)**100)**2)**2"],
      CMD + r"--set a: .*too large \(more than 256 bits\)"),
    C("set-exponent-tower", ["estimate", LIN, "--set", "a=10**10**10"],
      CMD + r"--set a: exponent must be an integer from 0 to 256, got 10000000000"),
    C("set-product-too-large", ["estimate", LIN, "--set", "a=prod([2**200, 2**200])"],
      CMD + r"--set a: .*too large \(more than 256 bits\)"),
    C("set-5000-character-value", ["estimate", LIN, "--set", "a=" + "1+" * 2500 + "1"],
      CMD + r"--set a: expression is longer than 2000 characters"),
    C("set-value-with-newline", ["estimate", LIN, "--set", "a=3\nError: forged"],
      CMD + r"--set a: cannot parse expression '3\\nError: forged'"),
    C("set-self-reference", ["estimate", LIN, "--set", "a=a+1"], CMD + r"--set a: `a` depends on itself"),
    C("set-name-with-newline", ["estimate", LIN, "--set", "a\nError: forged=3"],
      CMD + r"--set 'a\\nError: forged': a hyperparameter name is a plain identifier$"),
    C("set-name-5000-characters", ["estimate", LIN, "--set", LONG + "=3"],
      CMD + r"--set x+\.\.\. \([\d,]+ characters\): the spec has no hyperparameter `x+\.\.\. \(5,000 characters\)`$"),
    C("set-name-escape-sequence", ["estimate", LIN, "--set", "a\x1b[2J=3"], CMD + r"--set 'a\\x1b\[2J': .*plain identifier"),
    C("set-empty-value", ["estimate", LIN, "--set", "a="], CMD + r"--set expects NAME=VALUE, got 'a='"),
    C("set-unknown-on-config", ["estimate", "{tmp}/c/config.json", "--set", "num_layer=2"],
      CMD + r"--set num_layer: .*no hyperparameter `num_layer`; did you mean `n_layer`\?",
      {"c/config.json": config(model_type="gpt2", n_layer=2, n_embd=64, n_head=4)}),
    C("set-negative-layers-on-config", ["estimate", "{tmp}/c/config.json", "--set", "n_layer=-1"],
      CMD + r"--set n_layer: `repeat` is -1; it must be from 0",
      {"c/config.json": config(model_type="gpt2", n_layer=2, n_embd=64, n_head=4)}),
    C("set-huge-width-on-spec", ["estimate", LIN, "--set", "a=2**255"], CMD + r"--set a: .*too large \(more than 256 bits\)"),
    # ---- options: zero, negative, huge, non-ASCII digits (item 1); argparse names the option
    C("context-zero", ["estimate", LIN, "--context", "0"], CMD + r"argument --context: must be positive, got 0"),
    C("context-negative", ["estimate", LIN, "--context=-4096"], CMD + r"argument --context: must be positive, got -4096"),
    C("context-300-digits", ["estimate", LIN, "--context", "9" * 300], CMD + r"argument --context: .*too large"),
    C("context-arabic-digits", ["estimate", LIN, "--context", "٢٠٤٨"], CMD + r"argument --context: .*'٢٠٤٨' is not an integer"),
    C("context-float", ["estimate", LIN, "--context", "1e5000"], CMD + r"argument --context: .*'1e5000' is not an integer"),
    C("batch-zero", ["estimate", LIN, "--batch", "0"], CMD + r"argument --batch: must be positive, got 0"),
    C("batch-negative", ["estimate", LIN, "--batch=-1"], CMD + r"argument --batch: must be positive, got -1"),
    C("batch-superscript", ["estimate", LIN, "--batch", "²"], CMD + r"argument --batch: .*'²' is not an integer"),
    C("devices-zero", ["estimate", LIN, "--devices", "0"], CMD + r"argument --devices: must be positive, got 0"),
    C("devices-huge", ["estimate", LIN, "--devices", "1" + "0" * 100], CMD + r"argument --devices: .*too large"),
    C("zero-negative", ["estimate", LIN, "--zero=-1"], CMD + r"argument --zero: must be at least 0, got -1"),
    C("zero-stage-7", ["estimate", LIN, "--zero", "7"], CMD + r"--zero 7: a ZeRO stage is 0, 1, 2 or 3"),
    C("zero-devanagari-digit", ["estimate", LIN, "--zero", "३"], CMD + r"argument --zero: .*is not an integer"),
    C("depth-negative", ["estimate", LIN, "--depth=-2"], CMD + r"argument --depth: must be at least 0, got -2"),
    C("depth-huge", ["estimate", LIN, "--depth", "9" * 100], CMD + r"argument --depth: .*too large"),
    C("count-depth-negative", ["count", "{tmp}/l.json", "--depth=-1"], CMD + r"argument --depth: must be at least 0",
      {"l.json": '{"a": [3]}'}),
    C("multiple-of-zero", ["solve", LIN, "--target", "params=1000", "--for", "a", "--multiple-of", "0"],
      CMD + r"argument --multiple-of: must be positive, got 0"),
    C("multiple-of-negative", ["solve", LIN, "--target", "params=1000", "--for", "a", "--multiple-of=-128"],
      CMD + r"argument --multiple-of: must be positive, got -128"),
    C("multiple-of-huge", ["solve", LIN, "--target", "params=1000", "--for", "a", "--multiple-of", "9" * 90],
      CMD + r"argument --multiple-of: .*too large"),
    C("alternatives-zero", ["solve", LIN, "--target", "params=1000", "--for", "a", "--alternatives", "0"],
      CMD + r"argument --alternatives: must be positive, got 0"),
    # ---- solve targets (item 1)
    C("target-inf", ["solve", LIN, "--target", "params=inf", "--for", "a"], CMD + r"--target params: 'inf' is not a number"),
    C("target-nan", ["solve", LIN, "--target", "params=nan", "--for", "a"], CMD + r"--target params: 'nan' is not a number"),
    C("target-1e5000", ["solve", LIN, "--target", "params=1e5000", "--for", "a"],
      CMD + r"--target params: '1e5000' is too large \(more than 256 bits\)"),
    C("target-1e999999999", ["solve", LIN, "--target", "params=1e999999999", "--for", "a"],
      CMD + r"--target params: '1e999999999' is too large"),
    C("target-negative", ["solve", LIN, "--target", "params=-7e9", "--for", "a"],
      CMD + r"--target params: the target must be a positive whole number"),
    C("target-superscript", ["solve", LIN, "--target", "params=7²", "--for", "a"], CMD + r"--target params: '7²' is not a number"),
    C("target-unknown-column", ["solve", LIN, "--target", "parms=7e9", "--for", "a"], CMD + r"--target parms: no such column"),
    C("solve-for-newline", ["solve", LIN, "--target", "params=1000", "--for", "a\nError: forged"],
      CMD + r"--for a\\nError: forged: the spec has no hyperparameter"),
    # ---- a spec's `type:` and names (item 4): one line, long values cut with their length
    C("type-with-newline", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:2:21: \$\.model\[0\]\.type: unknown layer type `linear\\nError: forged`$",
      {"t.yaml": linear("3").replace("type: linear", f'type: "linear{FORGED}"')}),
    C("type-5000-characters", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:2:21: \$\.model\[0\]\.type: unknown layer type `x+\.\.\. \(5,000 characters\)`$",
      {"t.yaml": linear("3").replace("type: linear", f"type: {LONG}")}),
    C("type-line-separator", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:2:21: .*unknown layer type `x\\u2028y`",
      {"t.yaml": linear("3").replace("type: linear", 'type: "x\\u2028y"')}),
    C("module-name-with-newline-twice", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:2:12: \$\.model\[0\]\.name: the module name 'f\\nError: forged' holds a control character$",
      {"t.yaml": "model:\n" + 2 * f'  - {{name: "f{FORGED}", type: linear, in_features: 3, out_features: 4}}\n'}),
    C("module-name-5000-characters-twice", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:3:5: \$\.model\[1\]: duplicate module name `x+\.\.\. \(5,000 characters\)` in this list$",
      {"t.yaml": "model:\n" + 2 * f"  - {{name: {LONG}, type: linear, in_features: 3, out_features: 4}}\n"}),
    C("tensor-name-with-newline", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:3:\d+: \$\.model\[0\]\.tensors\['w\\nError: forged'\]: the tensor name 'w\\nError: forged' holds a control character$",
      {"t.yaml": f'model:\n  - name: m\n    tensors: {{"w{FORGED}": [-3]}}\n'}),
    C("hyperparameter-name-with-newline", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:1:\d+: \$\.hyperparameters: \"a\\nError: forged\" is not a valid name",
      {"t.yaml": f'hyperparameters: {{"a{FORGED}": 3}}\n' + linear("3")}),
    # ---- config.json (items 4, 5, 7): reported at the config's line and key, never the template
    C("config-model-type-with-newline", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:2:3: \$\.model_type: model_type `gpt2\\nError: forged` is not supported",
      {"c/config.json": config(model_type="gpt2\nError: forged")}),
    C("config-model-type-5000-characters", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:2:3: \$\.model_type: model_type `g+\.\.\. \(5,000 characters\)` is not supported",
      {"c/config.json": config(model_type="g" * 5000)}),
    C("config-num-hidden-layers-negative", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:3:3: \$\.num_hidden_layers: `repeat` is -1; it must be from 0",
      {"c/config.json": config(model_type="llama", num_hidden_layers=-1)}),
    C("config-num-attention-heads-zero", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:3:3: \$\.num_attention_heads: division by zero",
      {"c/config.json": config(model_type="llama", num_attention_heads=0)}),
    C("config-n-layer-negative-shapes", ["shapes", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:3:3: \$\.n_layer: `repeat` is -1",
      {"c/config.json": config(model_type="gpt2", n_layer=-1)}),
    C("config-n-layer-negative-count", ["count", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:3:3: \$\.n_layer: `repeat` is -1",
      {"c/config.json": config(model_type="gpt2", n_layer=-1)}),
    C("config-shapes-of-2-400-000-tensors", ["shapes", "{tmp}/c/config.json", "--format", "json"],
      r"^Error: {tmp}/c/config\.json: the model has more than 2,000,000 tensors to list",
      {"c/config.json": config(model_type="gpt2", n_layer=200_000, n_embd=8, n_head=2)}),
    C("config-width-2-to-the-200", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:3:3: \$\.n_embd: .*too large \(more than 256 bits\)",
      {"c/config.json": config(model_type="gpt2", n_embd=2**200, n_head=1)}),
    C("config-5000-digit-integer-estimate", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json: invalid JSON: an integer of 5,000 digits is too large$",
      {"c/config.json": '{"model_type": "gpt2", "n_layer": ' + "9" * 5000 + "}"}),
    C("config-5000-digit-integer-count", ["count", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json: invalid JSON: an integer of 5,000 digits is too large$",
      {"c/config.json": '{"model_type": "gpt2", "n_layer": ' + "9" * 5000 + "}"}),
    C("config-1e999", ["estimate", "{tmp}/c/config.json"], r"^Error: {tmp}/c/config\.json: invalid JSON: '1e999' is too large",
      {"c/config.json": '{"model_type": "gpt2", "layer_norm_epsilon": 1e999}'}),
    # NaN and Infinity are read (transformers writes them: time_step_limit [0.0, Infinity]), and
    # refused where a count needs an integer
    C("config-nan", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:1:24: \$\.n_layer: `n_layer` must be an integer, got nan$",
      {"c/config.json": '{"model_type": "gpt2", "n_layer": NaN}'}),
    C("config-duplicate-key", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:3:1: \$\.n_layer: invalid JSON: duplicate key `n_layer`$",
      {"c/config.json": '{"model_type": "gpt2",\n"n_layer": 2,\n"n_layer": 3}'}),
    C("config-string-integer", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:1:\d+: \$\.n_layer: `n_layer` must be an integer, got \"12\"",
      {"c/config.json": '{"model_type": "gpt2", "n_layer": "12"}'}),
    C("config-head-with-newline", ["estimate", "{tmp}/c/config.json"],
      r"^Error: {tmp}/c/config\.json:\d+:\d+: \$\.architectures: head `X\\nError: y.*` is not supported",
      {"c/config.json": config(model_type="gpt2", architectures=["X\nError: y" * 100])}),
    C("config-nested-100000", ["estimate", "{tmp}/c/config.json"], r"^Error: {tmp}/c/config\.json:1:\d+: \$: invalid JSON: nested deeper",
      {"c/config.json": "[" * 100000 + "]" * 100000}),
    # ---- YAML dates and other surprises of YAML 1.1 (item 6)
    C("yaml-date-dimension", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:2:\d+: \$\.model\[0\]\.in_features: `2001-12-14` is a date in YAML 1\.1",
      {"t.yaml": linear("2001-12-14")}),
    C("yaml-date-hyperparameter", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:1:\d+: \$\.hyperparameters\.a: `2001-12-14` is a date",
      {"t.yaml": "hyperparameters: {a: 2001-12-14}\n" + linear("a")}),
    C("yaml-timestamp", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:2:\d+: .*`2001-12-14t21:59:43\.10-05:00` is a date",
      {"t.yaml": linear("2001-12-14t21:59:43.10-05:00")}),
    C("yaml-octal", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:2:\d+: .*`012` is octal in YAML 1\.1",
      {"t.yaml": linear("012")}),
    C("yaml-base-60", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:2:\d+: .*`1:30` is a base-60 number",
      {"t.yaml": linear("1:30")}),
    # ---- two tensors with one state-dict name (item 6)
    C("dotted-name-beside-child", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:\d+:\d+: \$\.model\[1\].*: two tensors are both named `a\.b\.weight`: another comes from"
      r" {tmp}/t\.yaml:2:5: \$\.model\[0\]",
      {"t.yaml": "model:\n  - {name: a.b, type: linear, in_features: 3, out_features: 4}\n"
                 "  - name: a\n    children:\n      - {name: b, type: linear, in_features: 3, out_features: 4}\n"}),
    C("dotted-name-beside-child-validate", ["validate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:.*two tensors are both named",
      {"t.yaml": "model:\n  - {name: a.b, type: linear, in_features: 3, out_features: 4}\n"
                 "  - name: a\n    children:\n      - {name: b, type: linear, in_features: 3, out_features: 4}\n"}),
    C("dotted-number-beside-repeat", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:3:5: .*both named `a\.\*\.weight`",
      {"t.yaml": "model:\n  - {name: 'a.0', type: linear, in_features: 3, out_features: 4}\n"
                 "  - {name: a, repeat: 3, type: linear, in_features: 3, out_features: 4}\n"}),
    C("inline-siblings-both-numbered-from-0", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:9:9: \$\.model\[1\]\.children\[0\]: "
      r"(two tensors are both named `0\.weight`|duplicate module name `0`)",
      {"t.yaml": "model:\n" + "".join(f"  - name: {n}\n    inline: true\n    children:\n"
                                      "      - {name: '0', type: linear, in_features: 3, out_features: 4}\n"
                                      for n in "xy")}),
    # ---- expressions in a spec (item 1)
    C("spec-prod-of-many-names", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:\d+:\d+: .*too large \(more than 256 bits\)",
      {"t.yaml": MANY + linear(f"'prod([{', '.join(f'h{i}' for i in range(40))}])'")}),
    C("spec-chained-cdiv", ["formula", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:3:\d+: \$\.hyperparameters\.h1: .*too large \(more than 256 bits\)",
      {"t.yaml": "hyperparameters:\n  h0: 2**255\n" + "".join(f"  h{i}: cdiv(h{i - 1}, 1/2**255)\n" for i in range(1, 61))
                 + linear("3")}),
    C("set-cdiv-by-a-tiny-fraction", ["estimate", LIN, "--set", "a=cdiv(2**255, 1/2**255) - cdiv(2**255, 1/2**255) + 3"],
      CMD + r"--set a: .*too large \(more than 256 bits\)"),
    C("spec-power-of-fraction", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:1:\d+: \$\.hyperparameters\.a: 3/2 \*\* 256 is too large",
      {"t.yaml": "hyperparameters: {a: '((3/2)**256)**256'}\n" + linear("a")}),
    C("spec-expression-400-parts", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:\d+:\d+: .*more than 400 parts",
      {"t.yaml": "hyperparameters: {a: 3}\n" + linear("'" + "+".join(["a"] * 300) + "'")}),
    C("spec-repeat-10-to-the-12", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:2:\d+: \$\.model\[0\]\.repeat: `repeat` is 1000000000000; it must be from 0",
      {"t.yaml": "model:\n  - {name: f, repeat: 10**12, type: linear, in_features: 1, out_features: 1}\n"}),
    C("shapes-of-a-billion-tensors", ["shapes", "{tmp}/t.yaml", "--format", "json"],
      r"^Error: {tmp}/t\.yaml: the model has more than [\d,]+ tensors to list",
      {"t.yaml": "model:\n  - {name: f, repeat: 999999999, type: linear, in_features: 1, out_features: 1}\n"}),
    # ---- name/shape lists and safetensors headers (item 1)
    C("list-dimension-2-to-the-300", ["count", "{tmp}/l.json"],
      r"^Error: {tmp}/l\.json: invalid JSON: integer is too large \(more than 256 bits\)$", {"l.json": json.dumps({"a": [2**300]})}),
    C("list-elements-2-to-the-400", ["count", "{tmp}/l.json"],
      r"^Error: {tmp}/l\.json: \$\.a: the element count of 'a' is too large \(more than 256 bits\)$",
      {"l.json": json.dumps({"a": [2**200, 2**200]})}),
    C("list-negative-dimension", ["count", "{tmp}/l.json"], r"^Error: {tmp}/l\.json: \$\.a: .*negative dimension -1",
      {"l.json": json.dumps({"a": [-1, 3]})}),
    C("list-100000-dimensions", ["count", "{tmp}/l.json"], r"^Error: {tmp}/l\.json: \$\.a: .*100000 dimensions",
      {"l.json": json.dumps({"a": [2] * 100000})}),
    C("list-5000-digit-integer", ["count", "{tmp}/l.json"], r"^Error: {tmp}/l\.json: invalid JSON: an integer of 5,000 digits",
      {"l.json": '{"a": [' + "9" * 5000 + "]}"}),
    C("list-1e999", ["count", "{tmp}/l.json"], r"^Error: {tmp}/l\.json: invalid JSON: '1e999' is too large",
      {"l.json": '{"a": [1e999]}'}),
    C("list-huge-in-diff", ["diff", "gpt2", "{tmp}/l.json"], r"^Error: {tmp}/l\.json: invalid JSON: integer is too large",
      {"l.json": json.dumps({"a": [2**300]})}),
    C("safetensors-dimension-2-to-the-300", ["count", "{tmp}/m.safetensors"],
      r"^Error: {tmp}/m\.safetensors: invalid safetensors header: integer is too large",
      {"m.safetensors": safetensors({"a": {"dtype": "F32", "shape": [2**300], "data_offsets": [0, 4]}})}),
    C("safetensors-elements-2-to-the-400", ["count", "{tmp}/m.safetensors"],
      r"^Error: {tmp}/m\.safetensors: \$\.a\.shape: the element count of 'a' is too large",
      {"m.safetensors": safetensors({"a": {"dtype": "F32", "shape": [2**200, 2**200], "data_offsets": [0, 0]}})}),
    C("safetensors-5000-digit-integer", ["count", "{tmp}/m.safetensors"],
      r"^Error: {tmp}/m\.safetensors: invalid safetensors header: an integer of 5,000 digits",
      {"m.safetensors": safetensors(b'{"a": {"dtype": "F32", "shape": [' + b"9" * 5000 + b'], "data_offsets": [0, 0]}}')}),
    C("safetensors-dtype-5000-characters", ["count", "{tmp}/m.safetensors"],
      r"^Error: {tmp}/m\.safetensors: \$\.a\.dtype: .*unknown dtype 'F+\.\.\. \(5,000 characters\)",
      {"m.safetensors": safetensors({"a": {"dtype": "F" * 5000, "shape": [3], "data_offsets": [0, 12]}}, bytes(12))}),
    C("safetensors-header-length-2-to-the-63", ["count", "{tmp}/m.safetensors"],
      r"^Error: {tmp}/m\.safetensors: .*header length 9,223,372,036,854,775,808",
      {"m.safetensors": (2**63).to_bytes(8, "little") + b"{}"}),
    # ---- paths (item 4)
    C("path-5000-characters", ["estimate", "/tmp/" + "a" * 5000 + ".yaml"],
      r"^Error: /tmp/a+\.\.\. \(5,010 characters\): no such file$"),
    C("path-too-long-for-count", ["count", "/tmp/" + "a" * 5000 + ".safetensors"], r"^Error: /tmp/a+\.\.\. \(5,017 characters\): no such"),
    C("path-many-long-components", ["estimate", "/tmp/" + "/".join(["b" * 250] * 30) + ".yaml"], r"^Error: /tmp/b+.*: no such file$"),
    C("path-with-newline", ["estimate", "{tmp}/a\nError: forged.yaml"], r"^Error: {tmp}/a\\nError: forged\.yaml: no such file$"),
    C("path-with-nul", ["estimate", "{tmp}/a\x00b.yaml"], r"^Error: {tmp}/a\\x00b\.yaml: no such file$"),
    C("points-path-too-long", ["sweep", LIN, "--points", "/tmp/" + "p" * 5000 + ".csv"], r"^Error: /tmp/p+.*: no such points file$"),
    # ---- the first round: aliases, nesting, sizes, code
    C("alias-bomb", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:\d+:\d+: .*more than 200000 nodes", {"t.yaml": BOMB}),
    C("flow-nesting-1000000", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:1:\d+: \$: document is nested deeper than 64",
      {"t.yaml": lambda: "a: " + "[" * 10**6 + "]" * 10**6}),
    C("flow-list-of-5-million-items", ["estimate", "{tmp}/t.yaml"],
      r"^Error: {tmp}/t\.yaml:1:\d+: \$: document has more than 200000 nodes",
      {"t.yaml": lambda: "a: [" + "1," * (5 * 2**20 - 10) + "1]\n"}),
    C("points-yaml-of-a-million-keys", ["sweep", LIN, "--points", "{tmp}/p.yaml"],
      r"^Error: {tmp}/p\.yaml:1:\d+: \$: document has more than 200000 nodes",
      {"p.yaml": lambda: "{" + ",".join(f"k{i}" for i in range(10**6)) + "}\n"}),
    C("block-nesting-2000", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:\d+:1: \$: line is indented",
      {"t.yaml": "".join(" " * i + f"k{i}:\n" for i in range(2000))}),
    C("file-of-10-MiB-and-1-byte", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml: file is larger than 10485760 bytes$",
      {"t.yaml": lambda: "#" * (10 * 2**20 + 1)}),
    C("python-tag", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:1:1: \$: unsupported YAML tag .*python/object/apply",
      {"t.yaml": "!!python/object/apply:os.system ['true']\n"}),
    C("python-name-tag", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml:1:\d+: \$\.model: unsupported YAML tag",
      {"t.yaml": "model: !!python/name:os.system\n"}),
    C("pickle-bin", ["count", "{tmp}/model.bin"], r"^Error: {tmp}/model\.bin: pickle files are never loaded",
      {"model.bin": b"\x80\x04\x95" + bytes(100)}),
    C("pickle-zip-pt", ["count", "{tmp}/model.pt"], r"^Error: {tmp}/model\.pt: pickle files are never loaded",
      {"model.pt": b"PK\x03\x04" + bytes(100)}),
    C("gguf-garbage", ["count", "{tmp}/m.gguf"], r"^Error: {tmp}/m\.gguf: unsupported GGUF version", {"m.gguf": b"GGUF" + b"\xff" * 400}),
    C("nul-bytes-in-spec", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml: file contains a NUL byte",
      {"t.yaml": b"\x00\x01model"}),
    C("latin-1-spec", ["estimate", "{tmp}/t.yaml"], r"^Error: {tmp}/t\.yaml: file is not valid UTF-8", {"t.yaml": b"name: caf\xe9\n"}),
    # ---- grids and points files (items 1, 2, 3; sweep.py)
    C("grid-double-minus", ["sweep", LIN, "--grid", "a=1,--1"], CMD + r"--grid a: '--1' is not an integer"),
    C("grid-superscript", ["sweep", LIN, "--grid", "a=²"], CMD + r"--grid a: '²' is not an integer"),
    C("grid-300-digits", ["sweep", LIN, "--grid", "a=" + "9" * 300], CMD + r"--grid a.*too large \(more than 256 bits\)"),
    C("grid-range-to-300-digits", ["sweep", LIN, "--grid", "a=1:" + "9" * 300], CMD + r"--grid a.*too large"),
    C("grid-step-zero", ["sweep", LIN, "--grid", "a=1:10:0"], CMD + r"--grid a: the step must be a positive integer"),
    C("grid-10-to-the-12-points", ["sweep", LIN, "--grid", "a=1:1000000", "--grid", "b=1:1000000"],
      CMD + r"the grid has 1,000,000,000,000 points; at most"),
    C("grid-name-with-newline", ["sweep", LIN, "--grid", "a\nError: x=1"], CMD + r"--grid a\\nError: x: the spec has no hyperparameter"),
    C("grid-inf", ["sweep", LIN, "--grid", "a=inf"], CMD + r"--grid a: 'inf' is not an integer"),
    C("points-latin-1", ["sweep", LIN, "--points", "{tmp}/p.csv"], r"^Error: {tmp}/p\.csv:2:1: \$: byte 0xe9 is not UTF-8",
      {"p.csv": b"a,b\n\xe9,2\n"}),
    C("points-nul", ["sweep", LIN, "--points", "{tmp}/p.csv"], r"^Error: {tmp}/p\.csv:2:2: \$: a NUL byte",
      {"p.csv": b"a,b\n1\x00,2\n"}),
    C("points-cell-over-csv-limit", ["sweep", LIN, "--points", "{tmp}/p.csv"], r"^Error: {tmp}/p\.csv:2:1: \$: invalid CSV: a cell is longer",
      {"p.csv": b"a,b\n" + b"1" * 200000 + b",2\n"}),
    C("points-duplicate-column", ["sweep", LIN, "--points", "{tmp}/p.csv"],
      r"^Error: {tmp}/p\.csv:1:1: \$\.a: duplicate column `a` \(columns 1 and 3\)", {"p.csv": b"a,b,a\n1,2,3\n"}),
    C("points-300-digits", ["sweep", LIN, "--points", "{tmp}/p.csv"], r"^Error: {tmp}/p\.csv:2:1: \$\.a: .*too large",
      {"p.csv": b"a,b\n" + b"9" * 300 + b",2\n"}),
    C("points-superscript", ["sweep", LIN, "--points", "{tmp}/p.csv"], r"^Error: {tmp}/p\.csv:2:1: \$\.a: '²' is not an integer",
      {"p.csv": "a,b\n²,2\n".encode()}),
    C("points-column-with-newline", ["sweep", LIN, "--points", "{tmp}/p.csv"],
      r"^Error: {tmp}/p\.csv:1:1: .*column `a\\nError: x` is not a hyperparameter", {"p.csv": b'"a\nError: x",b\n1,2\n'}),
    C("points-utf-16", ["sweep", LIN, "--points", "{tmp}/p.csv"], r"^Error: {tmp}/p\.csv:1:1: \$: the file is UTF-16",
      {"p.csv": "a,b\n1,2\n".encode("utf-16")}),
    C("points-yaml-date", ["sweep", LIN, "--points", "{tmp}/p.yaml"], r"^Error: {tmp}/p\.yaml:1:\d+: \$\[0\]\.a: `2001-12-14` is a date",
      {"p.yaml": b"- {a: 2001-12-14, b: 2}\n"}),
    C("points-yaml-alias-bomb", ["sweep", LIN, "--points", "{tmp}/p.yaml"], r"^Error: {tmp}/p\.yaml:\d+:\d+: .*more than 200000 nodes",
      {"p.yaml": BOMB}),
    C("points-file-of-4-GiB", ["sweep", LIN, "--points", "{tmp}/p.csv"],
      r"^Error: {tmp}/p\.csv: the points file has 4,294,967,296 bytes; at most", {"p.csv": Sparse(4 * 2**30)}),
    C("points-yaml-float", ["sweep", LIN, "--points", "{tmp}/p.yaml"], r"^Error: {tmp}/p\.yaml:1:\d+: \$\[0\]\.a: 1\.5 is not an integer",
      {"p.yaml": b"- {a: 1.5}\n"}),
]


def _write_files(tmp_path, files: dict) -> None:
    for name, content in {"lin.yaml": SPEC, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Sparse):
            with open(path, "wb") as handle:
                handle.write(b"a,b\n")
                handle.truncate(content.size)  # a hole: no disk used
            continue
        content = content() if callable(content) else content
        path.write_bytes(content if isinstance(content, bytes) else content.encode())


def _run(capsys, argv: list) -> tuple[int, str, str, float, float]:
    """Exit code, stdout, stderr, seconds, and the growth of peak memory in MB."""
    capsys.readouterr()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()  # CPU time: the bound holds on a loaded machine and beside other pytest-xdist workers
    code = main(argv)
    seconds = time.process_time() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024  # ru_maxrss is in KiB on Linux
    out, err = capsys.readouterr()
    return code, out, err, seconds, grown


@pytest.mark.parametrize("argv, match, files", CASES)
def test_hostile_input_gets_one_line_and_exit_2(capsys, tmp_path, argv, match, files):
    _write_files(tmp_path, files)
    tmp = str(tmp_path)
    argv = [a.replace("{tmp}", tmp) for a in argv]
    code, out, err, seconds, grown = _run(capsys, argv)
    lines = err.splitlines()
    assert (code, out, len(lines)) == (2, "", 1), err[:2000]
    assert lines[0].startswith("Error: ") and "Traceback" not in err
    pattern = match.replace("{tmp}", re.escape(tmp))
    assert re.search(pattern, lines[0]), f"{lines[0][:2000]!r} does not match {pattern!r}"
    assert seconds < SECONDS, f"{seconds:.1f} s"
    assert grown < MEGABYTES, f"peak memory grew by {grown:.0f} MB"


def test_the_corpus_covers_every_category():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 60
    for prefix in ("set-", "context-", "batch-", "devices-", "zero-", "depth-", "multiple-of-", "target-", "type-",
                   "module-name-", "config-", "yaml-date", "dotted-", "inline-", "spec-prod", "list-", "safetensors-",
                   "path-", "alias-", "flow-nesting", "file-of", "python-", "pickle-", "grid-", "points-"):
        assert any(i.startswith(prefix) for i in ids), prefix


# ---------------------------------------------------------------- valid inputs at the same edges: exact figures


def _json(capsys, argv: list) -> dict:
    code, out, err, seconds, _ = _run(capsys, argv)
    assert (code, err) == (0, ""), err
    assert seconds < SECONDS
    return json.loads(out)


def _spec(tmp_path, text: str, name: str = "t.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


GPT2 = 124_439_808


@pytest.mark.parametrize("value", ["+12", "12", " 12 ", "1_2", "0b1100", "24 // 2", "(3/2)**2 * 16 / 3", "1.2e1"])
def test_set_values_at_the_edge_give_the_exact_count(capsys, value):
    assert _json(capsys, ["estimate", "gpt2", "--set", f"num_layers={value}", "--format", "json"])["params"] == GPT2


@pytest.mark.parametrize("dimension, value", [
    ("'((3/2)**4)*16'", 81),
    ("'(3/2)**4 * 2**4'", 81),
    ("'2**255'", 2**255),
    ("'prod([2**127, 2**128])'", 2**255),
    ("2001 - 12 - 14", 1975),  # arithmetic with spaces, not a date
    ("'2001-12-14'", 1975),  # quoted: an expression
    ("'1e3'", 1000),
    ("'27.89 * 100'", 2789),
])
def test_dimensions_at_the_edge_are_exact(capsys, tmp_path, dimension, value):
    spec = _spec(tmp_path, linear(dimension, "1").replace("out_features: 1", "out_features: 1, bias: false"))
    assert _json(capsys, ["estimate", spec, "--format", "json"])["params"] == value


def test_options_at_the_edge(capsys, tmp_path):
    spec = _spec(tmp_path, SPEC)
    result = _json(capsys, ["estimate", spec, "--context", " 1_000 ", "--batch", "+3", "--zero", "3", "--devices",
                            "2" + "0" * 70, "--depth", "0", "--format", "json"])
    assert result["params"] == 16
    assert "context 1000 x batch 3" in " ".join(result["assumptions"])


def test_largest_listed_tensor_is_exact(capsys, tmp_path):
    path = tmp_path / "l.json"
    path.write_text(json.dumps({"a.weight": [2**128, 2**127], "b.weight": [3, 4]}))
    result = _json(capsys, ["count", str(path), "--format", "json"])
    assert result["params"] == 2**255 + 12


def test_safetensors_header_at_the_edge_is_exact(capsys, tmp_path):
    header = {"__metadata__": {"format": "pt"}, "a.weight": {"dtype": "F32", "shape": [3, 4], "data_offsets": [0, 48]},
              "a.bias": {"dtype": "BF16", "shape": [4], "data_offsets": [48, 56]},
              "e.weight": {"dtype": "F32", "shape": [0, 7], "data_offsets": [56, 56]}}
    path = tmp_path / "m.safetensors"
    path.write_bytes(safetensors(header, bytes(56)))
    assert _json(capsys, ["count", str(path), "--format", "json"])["params"] == 16


def test_config_at_the_edge_is_exact(capsys, tmp_path):
    # GPT2LMHeadModel: V*d + P*d + L*(12*d**2 + 13*d) + 2*d (the head is tied)
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "config.json").write_text(config(model_type="gpt2", n_layer=0, n_embd=64, n_head=64, vocab_size=1,
                                               n_positions=1))
    assert _json(capsys, ["estimate", str(folder), "--format", "json"])["params"] == 64 + 64 + 2 * 64
    assert _json(capsys, ["estimate", str(folder), "--set", "n_layer=+3", "--format", "json"])["params"] == (
        64 + 64 + 3 * (12 * 64**2 + 13 * 64) + 2 * 64)


def test_points_as_spreadsheets_save_them_are_exact(capsys, tmp_path):
    spec = _spec(tmp_path, SPEC)
    path = tmp_path / "p.csv"
    path.write_bytes(b"\xef\xbb\xbfname,a,b\r\nx,5,\r\n\r\ny,7,2\r\n")
    rows = _json(capsys, ["sweep", spec, "--points", str(path), "--format", "json"])["rows"]
    assert [(r["name"], r["params"], r["error"]) for r in rows] == [("x", 5 * 4 + 4, ""), ("y", 7 * 2 + 2, "")]


def test_inline_siblings_are_never_listed_twice(capsys, tmp_path):
    """Two inlined lists of unnamed children: either numbered on (0, 1) or refused;
    never both `0.weight`, counted twice."""
    spec = _spec(tmp_path, "model:\n" + "".join(
        f"  - name: {n}\n    inline: true\n    children:\n      - {{type: linear, in_features: 3, out_features: 4}}\n"
        for n in "xy"))
    code, out, err, _, _ = _run(capsys, ["shapes", spec, "--format", "json"])
    if code == 2:
        assert len(err.splitlines()) == 1 and "both named" in err
        return
    names = [t["name"] for t in json.loads(out)["tensors"]]
    assert code == 0 and len(names) == len(set(names)) == 4
    assert _json(capsys, ["estimate", spec, "--format", "json"])["params"] == 2 * (3 * 4 + 4)
