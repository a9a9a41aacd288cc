"""The review page: one self-contained HTML file whose counts follow the controls, exactly.

``estimator report SPEC -o review.html`` expands the spec once with every positive integer
hyperparameter free (as ``formula`` does; one that decides the model's structure keeps its
value) and prints every count, every module subtotal, every value that must be an integer
and every constraint as JavaScript over BigInt rationals (:mod:`estimator.engine.jsprint`).
The page opens from disk with no network: no script, style, font or image is fetched, and a
Content-Security-Policy forbids it. The query (``review.html?hidden_size=1024``) sets the
starting values and follows the controls, so a link shares a design point. A point that
makes a dimension fractional or breaks a constraint shows the message ``sweep`` gives.
"""
from __future__ import annotations

import functools
import html
import importlib
import json
from typing import Any, TYPE_CHECKING


from estimator.core.errors import COMMAND_LINE, EstimatorError, Location, MAX_INTEGER_BITS
from estimator.core.expressions import describe, symbol
from estimator.core.symbolic import sympy
from estimator.engine.formula import default_free, structural_free, symbolic_model
from estimator.engine.jsprint import js_function, RUNTIME
from estimator.engine.expand import hyperparameter_scope
from estimator.engine.metrics import (all_values, Assumptions, CONTEXT_NAMES, ENCODER_CONTEXT_NAMES, METRIC_KEYS,
                                      weights_bytes, weights_label)
from estimator.engine.results import build
from estimator.engine.results import estimate as estimate_result
from estimator.engine.sweep import _essential_checks, _expr  # the checks a sweep applies, as it applies them
from estimator.engine.totals import compute_totals, COUNT_KEYS
from estimator.sources.resolve import load_spec
from estimator.spec.model import Spec

CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
# the headline figures; each is also in the table of every count under its full key
CARDS = (("params", "params", "Parameters"), ("active_params", "active_params", "Active per token"),
         ("non_embedding_params", "non_embedding_params", "Non-embedding"), ("memory", "memory_bytes", "Memory (bytes)"))
LABELS = {
    "params": "parameters (unique tensors)", "trainable_params": "trainable", "non_trainable_params": "frozen",
    "buffer_elements": "buffer elements", "persistent_buffer_elements": "persistent buffer elements",
    "embedding_params": "embedding parameters", "non_embedding_params": "non-embedding parameters (Kaplan's N)",
    "active_params": "active parameters per token", "weights_bytes": "weights (bytes)",
    "training_bytes": "training state (bytes)", "kv_cache_bytes_per_token": "KV cache per token (bytes)",
    "kv_cache_bytes_per_encoder_token": "KV cache per encoder token (bytes)", "kv_cache_bytes": "KV cache (bytes)",
    "recurrent_state_bytes_per_sequence": "recurrent state per sequence (bytes)",
    "recurrent_state_bytes": "recurrent state (bytes)",
    "memory_bytes": "inference memory: weights + KV cache + recurrent state (bytes)",
    "flops_per_token": "forward FLOPs per token",
    "training_flops_per_token": "training FLOPs per token", "activation_bytes": "activations (bytes)",
    "inference_bytes_per_device": "inference per device (bytes)", "training_bytes_per_device": "training per device (bytes)",
    "inference_transient_bytes": "prefill transient (bytes)",
}
SWEEP_PREFERENCE = ("hidden_size", "hidden", "d_model", "n_embd", "width", "dim", "embed_dim", "num_layers",
                    "num_hidden_layers", "n_layer", "layers", "depth")
MAX_MODULE_DEPTH = 2  # the breakdown's rows, as `estimate` shows them by default


def output_keys(assumptions: Assumptions) -> list[str]:
    """The counts a page computes: every count and metric `sweep` can show (activations only
    under a profile, as `estimate` reports them)."""
    return [key for key in COUNT_KEYS + METRIC_KEYS if key != "activation_bytes" or assumptions.activations]


class Review:
    """Everything the page shows, as plain data, and the JavaScript that recomputes it."""

    def __init__(self, spec: Spec, overrides: dict | None = None, assumptions: Assumptions | None = None,
                 sweep: str | None = None):
        self.spec = spec
        self.overrides = dict(overrides or {})
        self.assumptions = (assumptions or Assumptions()).check()
        self.result = estimate_result(spec, self.overrides, self.assumptions)  # the spec's point; errors as `estimate`
        self.notes: list[str] = []
        try:
            self.model, self.structural = structural_free(spec, default_free(spec), self.overrides, self.assumptions)
        except EstimatorError as exc:  # `formula` would fail too: a page at the spec's values, without controls
            self.model, self.structural = symbolic_model(spec, [], self.overrides, self.assumptions), default_free(spec)
            self.notes.append(f"No control: the counts cannot be written as formulas of the hyperparameters"
                              f" ({exc.message})")
        # a free name without an integer value at the spec's point (a ratio) cannot be a control
        self.free = [name for name in self.model.free if isinstance(self.model.point.get(symbol(name)), int)]
        self.values = self._symbolic_values()
        # the chosen weights format stays under weights_bytes (what sweep calls it) and is shown once
        self.keys = output_keys(self.assumptions) + [k for k in self.values if k not in output_keys(self.assumptions)
                                                     and k != f"weights_bytes.{self.weights_label()}"]
        self.script, self.layout = self._compile()
        if sweep is not None and sweep not in self.free:
            raise EstimatorError(f"--sweep {sweep}: not a hyperparameter the page can vary"
                                 f" (one of: {', '.join(self.free) or 'none'})", Location(COMMAND_LINE))
        self._data: dict | None = None
        self.sweep = sweep or next((n for n in SWEEP_PREFERENCE if n in self.free), self.free[0] if self.free else None)

    # ------------------------------------------------------------ compiling

    def _compile(self) -> tuple[str, dict]:
        """The JavaScript computing every output, then every module's params, then every
        check; and what the page needs to read its result."""
        model = self.model
        symbols = [symbol(name) for name in self.free]
        outputs = [{"key": self._count_key(key), "name": key, "label": _label(key),
                    "start": str(self._start_value(key))} for key in self.keys]
        output_exprs = [_expr(self.values[key], model) for key in self.keys]
        # every formula must give `estimate`'s figure at the spec's own point, or it is left out
        point = {symbol(name): sympy.Integer(v) for name, v in ((str(s), v) for s, v in model.point.items())
                 if name in self.free}
        kept = [i for i, expr in enumerate(output_exprs) if _value_at(expr, point) == self._start_value(self.keys[i])]
        for i in range(len(self.keys)):
            if i not in kept:
                self.notes.append(f"{self.keys[i]} is not on this page: its formula does not give the estimate at"
                                  " the spec's values")
        outputs = [outputs[i] for i in kept]
        output_exprs = [output_exprs[i] for i in kept]
        # the breakdown at the spec's point, row by row beside the symbolic one (a repeat's
        # range such as `layer1.{1..blocks1 - 1}` is named by its values there)
        _, inventory, _ = build(self.spec, self.overrides)
        concrete = list(compute_totals(inventory).modules.values())
        symbolic = list(model.totals.modules.values())
        modules, module_exprs = [], []
        same = len(concrete) == len(symbolic)
        for index, entry in enumerate(symbolic):
            if entry.depth <= MAX_MODULE_DEPTH and entry.params != 0:
                start = concrete[index].params if same else None
                expr = _expr(entry.params, model)
                same = same and _value_at(expr, point) == start
                modules.append({"path": entry.path, "depth": entry.depth, "type": entry.type or "", "start": str(start)})
                module_exprs.append(expr)
        if not same:  # the rows cannot be matched with the estimate's: shown as `estimate` gives them
            modules = [{"path": m["path"], "depth": m["depth"], "type": m["type"] or "", "start": str(m["params"])}
                       for m in self.result["modules"] if m["depth"] <= MAX_MODULE_DEPTH and m["params"] != 0]
            module_exprs = []
        checks, check_exprs = [], []
        for kind, expr, label, _ in _essential_checks(model.checks):
            expr = _expr(expr, model)
            text = f"{label} = {expr}" if kind == "integer" else f"constraint `{label}` does not hold"
            names = {str(s) for s in getattr(expr, "free_symbols", ())}
            checks.append({"kind": kind, "text": text, "names": [n for n in self.free if n in names]})
            check_exprs.append(expr)

        def named(parts: list) -> Any:
            labels = [f"`{o['name']}`" for o in outputs] + [f"the module `{m['path']}`" for m in parts] \
                + [f"the check `{c['text']}`" for c in checks]
            return lambda index: labels[index]

        layout = {"outputs": outputs, "modules": modules, "checks": checks, "modules_follow": bool(module_exprs),
                  "modules_note": "" if module_exprs or not modules else
                  "The rows are at the spec's values and do not follow the controls (their formulas could not be"
                  " matched with the estimate's rows)."}
        try:
            script = js_function(output_exprs + module_exprs + check_exprs, symbols, named(modules if module_exprs else []))
        except EstimatorError as exc:
            if not module_exprs:
                raise
            # a module's subtotal the page cannot compute: the rows stay at the spec's values
            script = js_function(output_exprs + check_exprs, symbols, named([]))
            layout["modules_follow"] = False
            layout["modules_note"] = f"The rows are at the spec's values and do not follow the controls ({exc.message})."
        return script, layout

    def _symbolic_values(self) -> dict:
        """Every count and metric as a formula of the free hyperparameters. The metrics take
        the context from the hyperparameters when it is a number or a free symbol; one
        derived from free ones (a ViT's ``context: num_patches + 1``) would give way to the
        default of 2048, so it goes in as a stand-in symbol replaced by its formula after."""
        model = self.model
        scope = hyperparameter_scope(self.spec, self.overrides, set(model.free))
        known: dict = {**model.values, **{name: symbol(name) for name in model.free}}
        stand_ins = {}
        for name in CONTEXT_NAMES + ENCODER_CONTEXT_NAMES:
            if name in self.spec.hyperparameters and name not in known:
                value = scope.lookup(name, scope.where_of(name))
                if isinstance(value, sympy.Expr) and not value.is_number:
                    stand_in = sympy.Symbol(f"{name}__formula", integer=True, positive=True)
                    stand_ins[stand_in] = _expr(value, model)
                    known[name] = stand_in
        # the model's metrics first: their checks are the ones a sweep of these outputs applies (_compile);
        # without a stand-in they are the page's values too
        model.all_values.metrics()
        values = all_values(model.inventory, model.totals.counts, self.assumptions, known) if stand_ins \
            else model.all_values
        flat = {key: values[key] for key in output_keys(self.assumptions)}
        # the estimate's other figures: its per-format weights, components and the prefill transient
        metrics = values.metrics()
        flat["inference_transient_bytes"] = metrics["inference_transient_bytes"]
        for group in ("training_bytes_by_component", "training_bytes_per_device_by_component"):
            for part, value in metrics[group].items():
                flat[f"{group}.{part}"] = value
        for fmt in self.result["weights_bytes"]:
            flat[f"weights_bytes.{fmt}"] = weights_bytes(model.inventory, fmt, self.assumptions.keep)
        return {key: value.xreplace(stand_ins) if isinstance(value, sympy.Basic) else value
                for key, value in flat.items()}

    def _count_key(self, key: str) -> str:
        # `estimate --format json` gives weights_bytes per format; the page computes the chosen one
        return f"weights_bytes.{self.weights_label()}" if key == "weights_bytes" else key

    def _start_value(self, key: str) -> Any:
        if key == "weights_bytes":
            return self.result["weights_bytes"][self.weights_label()]
        group, _, part = key.partition(".")
        return self.result[group][part] if part else self.result[key]

    def weights_label(self) -> str:
        return weights_label(self.assumptions, self.model.inventory)

    # ------------------------------------------------------------ data for the page

    def data(self) -> dict:
        if self._data is None:
            self._data = self._make_data()
        return self._data

    def _make_data(self) -> dict:
        model = self.model
        point = {str(s): v for s, v in model.point.items()}
        fixed = []
        for name in self.spec.hyperparameters:
            if name in self.free:
                continue
            value = self.result["hyperparameters"].get(name)
            if name in self.structural:
                why = "the model's structure depends on it"
            elif isinstance(value, bool):
                why = "true or false"
            elif isinstance(value, list):
                why = "a list"
            elif isinstance(self.spec.hyperparameters[name], str):
                why = f"derived: {self.spec.hyperparameters[name]} (shown at the spec's values)"
            else:
                why = "not a positive integer"
            fixed.append({"name": name, "value": _shown(value), "why": why})
        return {
            "name": self.spec.name,
            "free": [{"name": name, "value": str(point[name])} for name in self.free],
            "fixed": fixed,
            "sweep": self.sweep,
            "bits": MAX_INTEGER_BITS,
            **self.layout,
        }

    def formula_mathml(self) -> str:
        formula = self.model.formula("params")
        # a visible product sign: names of several letters side by side would read as one
        body = _mathml_printer()().doprint(formula.readable()).replace("<mo>&InvisibleTimes;</mo>", "<mo>&#183;</mo>")
        return f'<math display="block"><mrow><mi>params</mi><mo>=</mo>{body}</mrow></math>'

    def formula_text(self) -> str:
        return self.model.formula("params").text()

    # ------------------------------------------------------------ the page

    def html(self) -> str:
        data = json.dumps(self.data(), separators=(",", ":")).replace("<", "\\u003c")
        esc = html.escape
        result = self.result
        cards = "".join(
            f'<div class="card"><div class="label">{esc(label)}</div>'
            f'<div class="value" data-count="{key}">{_grouped(result[source])}</div>'
            f'<div class="approx" data-approx="{key}">{_approx(result[source], key == "memory")}</div></div>'
            for key, source, label in CARDS)
        rows = "".join(
            f'<tr><th scope="row">{esc(o["label"])}<code>{esc(o["key"])}</code></th>'
            f'<td class="num" data-count="{esc(o["key"])}">{_grouped(int(o["start"]))}</td></tr>'
            for o in self.layout["outputs"])
        module_rows = "".join(
            f'<tr data-module="{esc(m["path"])}" class="depth{m["depth"]}"><th scope="row">{esc(m["path"])}</th>'
            f'<td>{esc(m["type"])}</td><td class="num" data-module-params="{esc(m["path"])}">{_grouped(int(m["start"]))}</td>'
            f'<td class="num share"></td></tr>'
            for m in self.layout["modules"])
        controls = "".join(
            f'<div class="control"><label for="hp-{esc(f["name"])}">{esc(f["name"])}</label>'
            f'<input id="hp-{esc(f["name"])}" data-hp="{esc(f["name"])}" type="text" inputmode="numeric" '
            f'autocomplete="off" spellcheck="false" value="{esc(f["value"])}">'
            f'<input type="range" data-slider="{esc(f["name"])}" aria-label="{esc(f["name"])} slider"></div>'
            for f in self.data()["free"])
        fixed = self.data()["fixed"]
        fixed_html = ("<p class=\"muted\">Not set on this page (make another with <code>--set NAME=VALUE</code>):</p><ul class=\"fixed\">"
                      + "".join(f'<li><code>{esc(f["name"])} = {esc(f["value"])}</code> <span class="muted">'
                                f'{esc(f["why"])}</span></li>' for f in fixed) + "</ul>") if fixed else ""
        assumptions = "".join(f"<li>{esc(line)}</li>" for line in result.get("assumptions", []))
        source = f'<p class="source">{esc(str(self.spec.data["source"]))}</p>' if "source" in self.spec.data else ""
        notes = ('<ul class="notes">' + "".join(f"<li>{esc(n)}</li>" for n in self.notes) + "</ul>") if self.notes else ""
        sweep_options = "".join(f'<option value="{esc(n)}"{" selected" if n == self.sweep else ""}>{esc(n)}</option>'
                                for n in self.free)
        metric_options = "".join(f'<option value="{esc(o["key"])}">{esc(o["key"])}</option>'
                                 for o in self.layout["outputs"])
        return PAGE.format(
            csp=CSP, title=esc(f"{self.spec.name}: design review"), name=esc(self.spec.name), source=source,
            cards=cards, notes=notes, rows=rows, module_rows=module_rows, controls=controls or '<p class="muted">No free numeric hyperparameter.</p>',
            fixed=fixed_html, assumptions=assumptions, mathml=self.formula_mathml(), formula_text=esc(self.formula_text()),
            sweep_options=sweep_options, metric_options=metric_options, data=data, runtime=RUNTIME,
            compute=self.script, app=APP, style=STYLE,
        )


@functools.cache
def _mathml_printer() -> Any:
    """The printer class, made when the page is written (sympy is imported then)."""
    return type("_MathML", (_KeepNames, importlib.import_module("sympy.printing.mathml").MathMLPresentationPrinter), {})


if TYPE_CHECKING:
    from sympy.printing.mathml import MathMLPresentationPrinter as _MathMLBase
else:
    _MathMLBase = object  # the real base is added by _mathml_printer, once sympy is imported


class _KeepNames(_MathMLBase):
    """sympy's presentation MathML, with a hyperparameter's name kept whole (sympy would read
    ``hidden_size`` as hidden subscript size)."""

    def _print_Symbol(self, sym, style="plain"):
        element = self.dom.createElement("mi")
        element.appendChild(self.dom.createTextNode(sym.name))
        return element


def _label(key: str) -> str:
    group, _, part = key.partition(".")
    if group == "weights_bytes" and part:
        return f"weights in {part} (bytes)"
    return f"{LABELS.get(group, group)}: {part}" if part else LABELS.get(key, key)


def _value_at(expr: Any, point: dict) -> Any:
    """An output's exact value at a point (None if it is not an integer there)."""
    if isinstance(expr, bool) or not isinstance(expr, (int, sympy.Basic)):
        return None
    value = sympy.Integer(expr) if isinstance(expr, int) else expr.xreplace(point)
    return int(value) if isinstance(value, sympy.Integer) else None


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return describe(value) if value is not None else "-"


def _grouped(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else html.escape(str(value))


def _approx(value: Any, binary: bool) -> str:
    """A short reading of a count (3 significant figures), computed with integers only;
    the exact figure is the one above it."""
    if not isinstance(value, int) or value < 1000:
        return ""
    units = (("KiB", 2**10), ("MiB", 2**20), ("GiB", 2**30), ("TiB", 2**40)) if binary else \
        (("thousand", 10**3), ("million", 10**6), ("billion", 10**9), ("trillion", 10**12))
    name, size = units[0]
    for name, size in reversed(units):
        if value >= size:
            break
    hundredths = (value * 100 + size // 2) // size
    return f"≈ {hundredths // 100}.{hundredths % 100:02d} {name}"


def review_page(spec: str | Spec, overrides: dict | None = None, assumptions: Assumptions | None = None,
                sweep: str | None = None) -> str:
    """The review page of a spec (a path, config.json, bundled name or a loaded Spec) as HTML text."""
    loaded = spec if isinstance(spec, Spec) else load_spec(spec)
    return Review(loaded, overrides, assumptions, sweep).html()


class ReviewPage:
    """The page for a notebook: shown inline (an iframe whose document is the page), or saved."""

    def __init__(self, text: str, name: str):
        self.html = text
        self.name = name

    def _repr_html_(self) -> str:
        return (f'<iframe title="{html.escape(self.name)} review" style="width:100%;height:900px;border:0" '
                f'sandbox="allow-scripts" srcdoc="{html.escape(self.html, quote=True)}"></iframe>')

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(self.html)

    def __str__(self) -> str:
        return self.html


def report(spec: str | Spec, overrides: dict | None = None, assumptions: Assumptions | None = None,
           sweep: str | None = None) -> ReviewPage:
    """The review page of ``spec`` for a notebook (``_repr_html_``) or a file (``.save(path)``)."""
    loaded = spec if isinstance(spec, Spec) else load_spec(spec)
    return ReviewPage(Review(loaded, overrides, assumptions, sweep).html(), loaded.name)


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="estimator report">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{name}</h1>
{source}
<p class="muted">Every figure is exact. Change a value: every count is recomputed in this page from the
closed-form formulas (integers and exact fractions), and the address keeps the values, so a link shares this design point.</p>
</header>
<div id="error" role="alert" hidden></div>
<main>
<section class="panel controls">
<h2>Hyperparameters</h2>
{controls}
<div class="buttons"><button type="button" id="reset">Reset to the spec's values</button>
<button type="button" id="copy">Copy link</button></div>
{fixed}
</section>
<section class="results">
<div class="cards">{cards}</div>
{notes}
<h2>Breakdown by module</h2>
<p class="muted" id="modules-note">Parameters of each module (a repeated block counts all its copies).</p>
<div id="breakdown-chart" class="chart"></div>
<table class="modules"><thead><tr><th>module</th><th>type</th><th class="num">params</th><th class="num">share</th></tr></thead>
<tbody>{module_rows}</tbody></table>
<h2>Sweep</h2>
<div class="sweep-controls">
<label>vary <select id="sweep-name">{sweep_options}</select></label>
<label>from <input id="sweep-from" type="text" inputmode="numeric" size="8"></label>
<label>to <input id="sweep-to" type="text" inputmode="numeric" size="8"></label>
<label>step <input id="sweep-step" type="text" inputmode="numeric" size="6"></label>
<label>show <select id="sweep-metric">{metric_options}</select></label>
</div>
<div id="sweep-chart" class="chart"></div>
<p class="muted" id="sweep-note"></p>
<h2>Formula</h2>
<div class="formula">{mathml}</div>
<details><summary>as text</summary><pre class="formula-text">{formula_text}</pre></details>
<h2>Every count</h2>
<table class="counts"><tbody>{rows}</tbody></table>
<h2>Assumptions</h2>
<ul class="assumptions">{assumptions}</ul>
</section>
</main>
<footer class="muted">Made by <code>estimator report</code>. Nothing is fetched: the page is complete in itself.</footer>
<script type="application/json" id="review-data">{data}</script>
<script>
"use strict";
{runtime}
const COMPUTE = {compute};
{app}
</script>
</body>
</html>
"""

STYLE = """
:root { --fg: #1d2430; --muted: #5d6778; --line: #e2e6ee; --accent: #2f6fdd; --bad: #b42318; --bg: #f7f8fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       background: var(--bg); }
header, main, footer, #error { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { font-size: 17px; margin: 22px 0 8px; }
.source { margin: 0 0 6px; color: var(--muted); }
.muted { color: var(--muted); font-size: 13px; }
main { display: grid; grid-template-columns: 290px minmax(0, 1fr); gap: 22px; align-items: start; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 4px 16px 14px;
         position: sticky; top: 12px; }
.control { margin: 10px 0; }
.control label { display: block; font: 600 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
.control input[type=text] { width: 100%; padding: 5px 8px; font: 14px ui-monospace, Menlo, monospace;
                            border: 1px solid #c9d0dc; border-radius: 6px; }
.control input[type=text].invalid { border-color: var(--bad); background: #fff4f2; }
.control input[type=range] { width: 100%; margin: 4px 0 0; }
.buttons { display: flex; gap: 8px; margin: 12px 0; }
button { font: inherit; font-size: 13px; padding: 5px 10px; border: 1px solid #c9d0dc; border-radius: 6px;
         background: #fff; cursor: pointer; }
ul.fixed { padding-left: 18px; margin: 4px 0; font-size: 13px; }
#error { margin-top: 10px; }
#error > div { background: #fff4f2; border: 1px solid #f4c7c0; color: var(--bad); border-radius: 8px;
               padding: 10px 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; margin-top: 14px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font: 600 19px ui-monospace, Menlo, monospace; margin: 2px 0; word-break: break-all; }
.card .approx { color: var(--muted); font-size: 12px; min-height: 1em; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); border-radius: 10px; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); font-size: 13.5px; }
thead th { color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; font-family: ui-monospace, Menlo, monospace; white-space: nowrap; }
tr.depth2 th { padding-left: 26px; font-weight: 400; }
table.counts th { font-weight: 400; }
table.counts code { color: var(--muted); margin-left: 8px; font-size: 12px; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 8px; margin-bottom: 10px; }
.chart svg { display: block; width: 100%; height: auto; }
.chart text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.sweep-controls { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 8px; font-size: 13px; }
.sweep-controls input, .sweep-controls select { font: 13px ui-monospace, Menlo, monospace; padding: 2px 4px; }
.formula { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 10px 14px; overflow-x: auto; }
.formula math { font-size: 17px; }
pre.formula-text { white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid var(--line);
                   border-radius: 8px; padding: 8px 12px; }
footer { margin: 30px auto 20px; }
ul.notes { color: var(--muted); font-size: 13px; }
.stale td.num { color: #a0a7b4; }
@media (max-width: 820px) { main { grid-template-columns: 1fr; } .panel { position: static; } }
"""

APP = r"""
const D = JSON.parse(document.getElementById("review-data").textContent);
const NONE = "\u2014";  // where a count has no value (an invalid point)
const BOUND = 1n << BigInt(D.bits);
const byId = (id) => document.getElementById(id);
const group = (x) => (x < 0n ? "-" : "") + (x < 0n ? -x : x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const describe = (q) => q === null ? "undefined" : q.d === 1n ? q.n.toString() : `${q.n}/${q.d}`;
const isBytes = (key) => key.includes("bytes") || key === "memory";
const UNITS = {
  long: [["thousand", 10n ** 3n], ["million", 10n ** 6n], ["billion", 10n ** 9n], ["trillion", 10n ** 12n]],
  bytes: [["KiB", 1n << 10n], ["MiB", 1n << 20n], ["GiB", 1n << 30n], ["TiB", 1n << 40n]],
  short: [["K", 10n ** 3n], ["M", 10n ** 6n], ["B", 10n ** 9n], ["T", 10n ** 12n]],
};
// three significant figures, in integers (as the page's first figures were printed)
function approx(v, units) {
  if (v < 1000n) return null;
  let [name, size] = units[0];
  for (const u of units) if (v >= u[1]) [name, size] = u;
  const h = (v * 100n + size / 2n) / size;
  return `${h / 100n}.${(h % 100n).toString().padStart(2, "0")} ${name}`;
}
const short = (v, key) => approx(v, isBytes(key) ? UNITS.bytes : UNITS.short) ?? v.toString();

const inputs = {}, sliders = {}, starts = {};
for (const f of D.free) {
  inputs[f.name] = document.querySelector(`[data-hp="${f.name}"]`);
  sliders[f.name] = document.querySelector(`[data-slider="${f.name}"]`);
  starts[f.name] = BigInt(f.value);
}
const fixedByName = Object.fromEntries(D.fixed.map((f) => [f.name, f]));

function granularity(start) {  // a step that keeps a width's divisibility, with a few dozen steps to 4x
  let g = 1n;
  while (start % (g * 2n) === 0n && g * 2n * 16n <= start) g *= 2n;
  return g;
}
for (const f of D.free) {
  const s = starts[f.name], slider = sliders[f.name];
  if (s > 1n << 40n) { slider.hidden = true; continue; }
  const g = granularity(s);
  slider.min = g.toString(); slider.step = g.toString();
  slider.max = (s * 4n > 8n ? s * 4n : 8n).toString();
}

function parseValue(name, text) {
  const t = text.trim();
  if (!/^[0-9]+$/.test(t)) return {error: `${name}: expected a positive whole number, got '${t}'`};
  const x = BigInt(t);
  if (x < 1n) return {error: `${name}: this page takes positive values (got ${t}); \`estimator estimate --set ${name}=${t}\` computes it`};
  if (x >= BOUND) return {error: `${name}: ${t} is too large (more than ${D.bits} bits)`};
  return {value: x};
}

function readPoint() {
  const point = {};
  let error = null;
  for (const f of D.free) {
    const parsed = parseValue(f.name, inputs[f.name].value);
    inputs[f.name].classList.toggle("invalid", !!parsed.error);
    if (parsed.error) error = error ?? parsed.error; else point[f.name] = parsed.value;
  }
  return {point, error};
}

// The counts of one point, checked as `estimator sweep` checks a point (the same messages).
function evaluate(point) {
  const v = {};
  for (const [k, x] of Object.entries(point)) v[k] = Q.I(x);
  let r;
  try { r = COMPUTE(v); } catch (e) { return {error: `cannot compute this point: ${e.message}`}; }
  const no = D.outputs.length, nm = D.modules_follow ? D.modules.length : 0;  // checks come after both
  const at = (c) => c.names.length ? c.names.map((n) => `${n}=${point[n]}`).join(", ") : "at this point";
  for (const pass of ["integer", "constraint"]) {
    for (let i = 0; i < D.checks.length; i++) {
      const c = D.checks[i], x = r[no + nm + i];
      if (c.kind !== pass) continue;
      if (pass === "constraint") { if (x !== true) return {error: `${c.text} (${at(c)})`}; continue; }
      if (x === null || x.d !== 1n) return {error: `${c.text} is ${describe(x)}, not an integer (${at(c)})`};
      if (x.n < 0n) return {error: `${c.text} is ${x.n}, negative (${at(c)})`};
    }
  }
  const values = {};
  for (let i = 0; i < no; i++) {
    const o = D.outputs[i], x = r[i];
    if (x === null || x.d !== 1n) return {error: `${o.name} is ${describe(x)}, not an integer`};
    if (x.n >= BOUND || x.n <= -BOUND) return {error: `${o.name} is too large (more than ${D.bits} bits)`};
    values[o.key] = x.n;
  }
  values.memory = values.memory_bytes;
  const modules = D.modules.map((m, i) => {
    const x = D.modules_follow ? r[no + i] : null;
    return x !== null && x.d === 1n ? x.n : null;
  });
  return {values, modules};
}

let queryError = null;
function readQuery() {
  const errors = [];
  for (const [k, val] of new URLSearchParams(location.search)) {
    if (k in inputs) inputs[k].value = val;
    else if (k in fixedByName) {
      const f = fixedByName[k];
      if (val.trim() !== f.value)
        errors.push(`${k} is fixed at ${f.value} on this page (${f.why}); make a page with \`estimator report SPEC --set ${k}=${val}\``);
    } else errors.push(`the spec has no hyperparameter \`${k}\``);
  }
  queryError = errors.length ? errors.join("; ") : null;
}

function writeQuery() {
  const q = new URLSearchParams();
  for (const f of D.free) {
    const t = inputs[f.name].value.trim();
    if (t !== f.value) q.set(f.name, t);
  }
  const search = q.toString();
  try { history.replaceState(null, "", search ? `?${search}` : location.pathname); } catch (e) { /* a sandboxed frame */ }
}

function showError(message) {
  const box = byId("error");
  box.hidden = !message;
  box.replaceChildren();
  if (!message) return;
  const inner = document.createElement("div");
  const strong = document.createElement("strong");
  strong.textContent = "Not a valid design point: ";
  const text = document.createElement("span");
  text.id = "error-message";
  text.textContent = message;
  inner.append(strong, text);
  box.append(inner);
}

let last = null;
function render(result) {
  last = result;
  showError(result.error);
  for (const el of document.querySelectorAll("[data-count]")) {
    const v = result.values ? result.values[el.dataset.count] : undefined;
    el.textContent = v === undefined ? NONE : group(v);
  }
  for (const el of document.querySelectorAll("[data-approx]")) {
    const v = result.values ? result.values[el.dataset.approx] : undefined;
    el.textContent = v === undefined ? "" : (approx(v, isBytes(el.dataset.approx) ? UNITS.bytes : UNITS.long) ?? "").replace(/^(?=.)/, "\u2248 ");
  }
  const total = result.values ? result.values.params : null;
  D.modules.forEach((m, i) => {
    const row = document.querySelector(`tr[data-module="${CSS.escape(m.path)}"]`);
    const cell = row.querySelector("[data-module-params]"), share = row.querySelector(".share");
    const v = !D.modules_follow ? BigInt(m.start) : result.modules ? result.modules[i] : null;
    cell.textContent = v === null ? NONE : group(v);
    share.textContent = v === null || !total ? "" : `${(v * 10000n / total) / 100n}.${((v * 10000n / total) % 100n).toString().padStart(2, "0")}%`;
  });
  drawBreakdown(result);
}

// the SVG namespace, as the HTML parser gives it (so that the page holds no address at all)
const SVG = (() => { const t = document.createElement("div"); t.innerHTML = "<svg></svg>"; return t.firstChild.namespaceURI; })();
function el(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}
const scale = (x, lo, hi, px) => hi === lo ? 0 : Number((x - lo) * BigInt(px) / (hi - lo));  // integer pixels

function drawBreakdown(result) {
  const box = byId("breakdown-chart");
  const rows = D.modules.map((m, i) => ({m, v: !D.modules_follow ? BigInt(m.start) : result.modules ? result.modules[i] : null}));
  const shown = rows.filter((r) => r.v !== null && r.v > 0n).slice(0, 60);
  box.replaceChildren();
  box.hidden = !shown.length;
  if (!shown.length) return;
  const max = shown.reduce((a, r) => r.v > a ? r.v : a, 0n);
  const W = 760, rowH = 22, left = 250, right = 90, H = shown.length * rowH + 8;
  const svg = el("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "parameters by module"});
  shown.forEach((r, k) => {
    const y = 4 + k * rowH, w = Math.max(1, scale(r.v, 0n, max, W - left - right));
    const indent = r.m.depth > 1 ? 14 : 0;
    const label = r.m.path.length > 34 ? "\u2026" + r.m.path.slice(-33) : r.m.path;
    svg.append(el("text", {x: 4 + indent, y: y + 15}, label));
    const bar = el("rect", {x: left, y: y + 3, width: w, height: rowH - 8, rx: 3, fill: r.m.depth > 1 ? "#9db8ec" : "#2f6fdd"});
    bar.append(el("title", {}, `${r.m.path}: ${group(r.v)}`));
    svg.append(bar, el("text", {x: left + w + 6, y: y + 15}, short(r.v, "params")));
  });
  box.append(svg);
}

function sweepDefaults() {
  const name = byId("sweep-name").value;
  if (!name) return;
  const s = starts[name];
  let step = granularity(s), from = s / 2n - (s / 2n) % step, to = s * 2n;
  if (from < step) from = step;
  while ((to - from) / step > 48n) step *= 2n;
  from = from - from % step || step;
  byId("sweep-from").value = from.toString();
  byId("sweep-to").value = to.toString();
  byId("sweep-step").value = step.toString();
}

function drawSweep() {
  const box = byId("sweep-chart"), note = byId("sweep-note");
  box.replaceChildren();
  const name = byId("sweep-name").value, key = byId("sweep-metric").value;
  if (!name) { note.textContent = "No free hyperparameter to vary."; return; }
  const parsed = ["from", "to", "step"].map((w) => parseValue(`sweep ${w}`, byId(`sweep-${w}`).value));
  const bad = parsed.find((p) => p.error);
  if (bad) { note.textContent = bad.error; return; }
  const [from, to, step] = parsed.map((p) => p.value);
  const {point, error} = readPoint();
  if (error && !error.startsWith(`${name}:`)) { note.textContent = `Not drawn: ${error}`; return; }
  const points = [];
  for (let x = from; x <= to && points.length < 400; x += step) {
    const r = evaluate({...point, [name]: x});
    points.push({x, v: r.values ? r.values[key] : null, error: r.error});
  }
  const good = points.filter((p) => p.v !== null && p.v !== undefined);
  const invalid = points.length - good.length;
  note.textContent = `${key} for ${name} from ${from} to ${to} in steps of ${step}, other values as above` +
    (invalid ? `; ${invalid} of ${points.length} values are not valid design points (red marks; hover for why)` : "") +
    (from + step * 400n <= to ? "; the first 400 values" : "") + ".";
  if (!points.length) return;
  const W = 760, H = 300, L = 78, R = 16, T = 12, B = 36, pw = W - L - R, ph = H - T - B;
  const xlo = points[0].x, xhi = points[points.length - 1].x;
  let yhi = good.reduce((a, p) => p.v > a ? p.v : a, 0n);
  let ylo = good.reduce((a, p) => p.v < a ? p.v : a, yhi);
  if (ylo > 0n) ylo = 0n;
  if (yhi === ylo) yhi = ylo + 1n;
  const X = (x) => L + scale(x, xlo, xhi, pw), Y = (v) => T + ph - scale(v, ylo, yhi, ph);
  const svg = el("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${key} against ${name}`});
  svg.append(el("line", {x1: L, y1: T + ph, x2: L + pw, y2: T + ph, stroke: "#c9d0dc"}),
             el("line", {x1: L, y1: T, x2: L, y2: T + ph, stroke: "#c9d0dc"}));
  for (let k = 0n; k <= 4n; k++) {
    const v = ylo + (yhi - ylo) * k / 4n, y = Y(v);
    svg.append(el("line", {x1: L, y1: y, x2: L + pw, y2: y, stroke: "#eef1f6"}),
               el("text", {x: L - 6, y: y + 4, "text-anchor": "end"}, short(v, key)));
  }
  const ticks = [...new Set([0, 1, 2, 3, 4].map((k) => Math.round(k * (points.length - 1) / 4)))];
  for (const k of ticks) svg.append(el("text", {x: X(points[k].x), y: T + ph + 16, "text-anchor": "middle"}, points[k].x.toString()));
  svg.append(el("text", {x: L + pw / 2, y: H - 4, "text-anchor": "middle"}, name),
             el("text", {x: L + 6, y: T + 10}, key));
  const current = point[name];
  if (current !== undefined && current >= xlo && current <= xhi) {
    svg.append(el("line", {x1: X(current), y1: T, x2: X(current), y2: T + ph, stroke: "#f0a040", "stroke-dasharray": "4 3"}));
  }
  if (good.length > 1) {
    svg.append(el("polyline", {points: good.map((p) => `${X(p.x)},${Y(p.v)}`).join(" "), fill: "none", stroke: "#2f6fdd", "stroke-width": 2}));
  }
  for (const p of points) {
    const mark = p.v !== null && p.v !== undefined
      ? el("circle", {cx: X(p.x), cy: Y(p.v), r: 3, fill: "#2f6fdd"})
      : el("path", {d: `M${X(p.x) - 3},${T + ph - 3}l6,6m0,-6l-6,6`, stroke: "#b42318", "stroke-width": 1.5});
    mark.append(el("title", {}, p.error ? `${name}=${p.x}: ${p.error}` : `${name}=${p.x}: ${group(p.v)}`));
    svg.append(mark);
  }
  box.append(svg);
}

function update(fromControl) {
  if (fromControl) queryError = null;
  const {point, error} = readPoint();
  const message = queryError ?? error;
  render(message ? {error: message} : evaluate(point));
  if (fromControl) writeQuery();
  drawSweep();
}

for (const f of D.free) {
  inputs[f.name].addEventListener("input", () => {
    const t = inputs[f.name].value.trim();
    if (/^[0-9]{1,15}$/.test(t)) sliders[f.name].value = t;
    update(true);
  });
  sliders[f.name].addEventListener("input", () => { inputs[f.name].value = sliders[f.name].value; update(true); });
}
byId("reset").addEventListener("click", () => {
  for (const f of D.free) { inputs[f.name].value = f.value; sliders[f.name].value = f.value; }
  update(true);
});
byId("copy").addEventListener("click", () => {
  const done = () => { byId("copy").textContent = "Link copied"; };
  if (navigator.clipboard) navigator.clipboard.writeText(location.href).then(done, () => { byId("copy").textContent = location.href; });
});
byId("sweep-name").addEventListener("change", () => { sweepDefaults(); drawSweep(); });
for (const id of ["sweep-from", "sweep-to", "sweep-step", "sweep-metric"]) byId(id).addEventListener("input", drawSweep);
if (!D.modules_follow) byId("modules-note").textContent = D.modules_note;

readQuery();
for (const f of D.free) { const t = inputs[f.name].value.trim(); if (/^[0-9]{1,15}$/.test(t)) sliders[f.name].value = t; }
sweepDefaults();
update(false);
document.body.dataset.ready = "true";
"""
