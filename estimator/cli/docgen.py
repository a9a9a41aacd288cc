"""The spec-language reference, generated from the sources so that it cannot drift.

``python3 -m estimator.cli.docgen > docs/reference.md`` regenerates ``docs/reference.md``
(``tests/test_docs.py`` fails while the two differ). The page is built from:

- ``schemas/architecture.schema.json``: every key a spec may hold, walked with its
  ``description`` (top-level keys, nodes, tensors, ``attends``, layer types, ``hf:``,
  ``expect:``);
- ``estimator/layers.yaml``: every built-in layer type through
  :func:`estimator.library_doc.describe_type` (what ``estimator layers TYPE`` prints);
- ``estimator/blocks/*.yaml``: every bundled block, the same way;
- ``estimator/expressions.py``: the operators the expression parser admits and the
  functions of :data:`estimator.expressions.FUNCTIONS`.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from estimator.cli.layers import describe_type
from estimator.core import expressions
from estimator.spec.model import block_layer_types, builtin_layer_types, data_dir, library_layer_types

SCHEMA_FILE = "architecture.schema.json"

# Headings for the schema's objects, by JSON pointer into the schema; an object not
# listed here gets a heading made from its pointer, so a new section still appears.
SECTION_TITLES = {
    "#": "Top-level keys",
    "#/$defs/node": "Nodes (modules)",
    "#/$defs/tensor": "Tensors",
    "#/$defs/attends": "attends: what an attention layer caches",
    "#/$defs/state": "state: a recurrent state of a fixed size per sequence",
    "#/$defs/layer_type": "layer_types: defining a layer type",
    "#/$defs/activations": "activations: what a layer keeps for backward",
    "#/$defs/patch": "patch: editing inherited nodes",
    "#/properties/hf": "hf: family templates for config.json",
    "#/properties/expect": "expect: checked counts",
}
SECTION_NOTES = {
    "#": "A spec is a YAML mapping with these keys; any other key is an error.",
    "#/$defs/node": (
        "An entry of `model:` or of a `children:` list. Any key not listed here is an "
        "argument of the node's layer type (`in_features: hidden`): an integer, a boolean, "
        "an expression, a list, or an option no formula reads (a float, a name, `null`)."
    ),
    "#/$defs/tensor": (
        "A value under `tensors:` (of the spec, a node or a layer type), keyed by the tensor's "
        "name. Either a shape, a list of dimensions (`[out_features, in_features]`), or a "
        "mapping with these keys. A shape entry that is itself a list "
        "(`ntuple(kernel_size, 2)`) adds all of its dimensions."
    ),
    "#/$defs/attends": (
        "On a node or a layer type: the module is an attention layer. The built-in "
        "`attention` and `multihead_attention` types declare it themselves; a layer composed "
        "by hand declares it for the KV cache and FLOPs figures."
    ),
    "#/$defs/state": (
        "On a node or a layer type: the module keeps a recurrent state per sequence whatever "
        "the context (a Mamba mixer's conv and SSM states, a linear-attention layer's K^T V), "
        "keyed by the state's name: its elements, or `{elements, dtype}`. `estimate` reports "
        "it as `recurrent_state_bytes_per_sequence` and `recurrent_state_bytes`, apart from "
        "the KV cache, and inference memory holds it."
    ),
    "#/$defs/activations": (
        "On a layer type: the tensors it keeps for its backward pass, keyed by name, for "
        "`estimate --activations PROFILE` (activation memory for training, one micro-batch). "
        "A profile (`estimator/profiles.yaml`: `hf-eager`, `hf-sdpa`, `megatron`) keeps the "
        "entries that list it (or list no profiles); the profile file also declares "
        "activations for types defined in the bundled blocks and family templates. "
        "[activations.md](activations.md) gives the measurements behind them."
    ),
    "#/$defs/layer_type": (
        "A value under `layer_types:`, keyed by the type's name, in the syntax of the "
        "built-in library below. Inside a type only its own arguments, defaults and derived "
        "names are visible; pass hyperparameters in as arguments."
    ),
    "#/$defs/patch": (
        "A value under `patch:`, keyed by a node path. For example, with `extends: tiny-gpt.yaml`, "
        "`model.lm_head: {merge: {tied_to: null}}` unties the head, `model.h: {merge: {type: my_block}}` "
        "swaps the layers' type, `model.ln_f: {after: [...]}` inserts nodes and `model.wpe: {remove: true}` "
        "drops one. [reuse.md](reuse.md) walks through `extends:`, `include:`, `patch:` and the blocks."
    ),
    "#/properties/hf": (
        "Only in a family template (`estimator/families/*.yaml`): how a Hugging Face "
        "`config.json` binds to the spec, whose hyperparameters are named by the config's keys."
    ),
    "#/properties/expect": "Each an exact integer; `estimator validate` exits 1 when a count differs.",
}

# Descriptions for keys whose schema entry has none (the schema's own wins once it has one).
FALLBACK_DESCRIPTIONS = {
    "#/properties/description": "Free text about the architecture.",
    "#/$defs/layer_type/properties/doc": "One line on what the type is (printed by `estimator layers`).",
    "#/$defs/layer_type/properties/required": "Arguments a node of this type must give.",
    "#/$defs/layer_type/properties/defaults": (
        "Optional arguments and their values (an expression may use other arguments); a `null` "
        "default is an option no formula reads, such as `eps`."),
    "#/$defs/layer_type/properties/derived": "Names computed from the arguments (not settable by a node).",
    "#/$defs/layer_type/properties/constraints": "Conditions on the arguments, checked whenever their values are known.",
    "#/$defs/layer_type/properties/tensors": "The type's own tensors, in state-dict order.",
    "#/$defs/layer_type/properties/children": "Sub-modules, written as nodes (as in a spec's `model:`).",
    "#/$defs/tensor/properties/shape": "The dimensions, in PyTorch's order.",
    "#/$defs/tensor/properties/kind": "`parameter` (the default) or `buffer` (counted in `buffer_elements`, never in `params`).",
    "#/$defs/tensor/properties/if": "Include the tensor only when the condition holds (`if: bias`).",
    "#/$defs/tensor/properties/doc": "Free text.",
    "#/$defs/node/properties/children": "Sub-modules (a node without `type` is a container).",
    "#/$defs/node/properties/tensors": "Tensors owned by the node itself, e.g. `{cls_token: [1, 1, hidden]}`.",
    "#/$defs/node/properties/doc": "Free text.",
    "#/properties/expect/properties/params": "Elements of unique parameter tensors (a tied tensor counted once).",
    "#/properties/expect/properties/trainable_params": "Parameters not frozen by `trainable: false`.",
    "#/properties/expect/properties/non_trainable_params": "Parameters frozen by `trainable: false`.",
    "#/properties/expect/properties/buffer_elements": (
        "Elements of buffers (BatchNorm statistics, rotary `inv_freq`), never in `params`."),
    "#/properties/expect/properties/persistent_buffer_elements": "Buffer elements stored in checkpoints.",
    "#/properties/expect/properties/embedding_params": "Parameters of tensors marked `embedding: true`.",
    "#/properties/expect/properties/non_embedding_params": "`params` - `embedding_params` (Kaplan et al.'s N).",
    "#/properties/expect/properties/active_params": (
        "Parameters one token uses (MoE: `active` copies of a repeat, the `active_shape` of a fused tensor)."),
}

# The operators of the expression language, by the ast node the parser admits.
OPERATORS: dict[type, tuple[str, str]] = {
    ast.Add: ("`a + b`", "addition"),
    ast.Sub: ("`a - b`", "subtraction"),
    ast.Mult: ("`a * b`", "multiplication"),
    ast.Div: ("`a / b`", "exact division: a value bound to a name or used as a dimension must come out an integer"),
    ast.FloorDiv: ("`a // b`", "floor division"),
    ast.Mod: ("`a % b`", "remainder (`hidden % heads == 0` in a constraint)"),
    ast.Pow: ("`a ** b`", f"power; the exponent an integer from 0 to {expressions.MAX_EXPONENT}"),
    ast.USub: ("`-a`", "negation"),
    ast.UAdd: ("`+a`", "unary plus"),
    ast.Eq: ("`a == b`", "equal"),
    ast.NotEq: ("`a != b`", "not equal"),
    ast.Lt: ("`a < b`", "less than (comparisons chain: `0 < a <= b`)"),
    ast.LtE: ("`a <= b`", "less than or equal"),
    ast.Gt: ("`a > b`", "greater than"),
    ast.GtE: ("`a >= b`", "greater than or equal"),
    ast.In: ("`a in list`", "membership"),
    ast.NotIn: ("`a not in list`", "non-membership"),
    ast.And: ("`a and b`", "logical and"),
    ast.Or: ("`a or b`", "logical or"),
    ast.Not: ("`not a`", "logical not"),
    ast.IfExp: ("`a if cond else b`", "conditional value"),
    ast.Subscript: ("`x[i]`", "an item of a list (`channels[0]`, `channels[-1]`)"),
    ast.List: ("`[a, b]`", "a list"),
    ast.Tuple: ("`(a, b)`", "a list (a tuple is the same thing)"),
    ast.Call: ("`f(a, ...)`", "a call of one of the functions below"),
    ast.Name: ("`name`", "a hyperparameter, argument, default or derived value in scope"),
    ast.Constant: ("`123`", "an integer literal"),
}
_STRUCTURAL = (ast.Expression, ast.Load, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare)

# What each function of expressions.FUNCTIONS computes; a function missing here is listed
# with its implementation's docstring.
FUNCTION_DOCS = {
    "min": ("min(a, b, ...)", "the smallest argument"),
    "max": ("max(a, b, ...)", "the largest argument"),
    "ceil": ("ceil(x)", "x rounded up to an integer (`ceil(hidden / 16)`)"),
    "floor": ("floor(x)", "x rounded down to an integer"),
    "cdiv": ("cdiv(a, b)", "ceiling division, the integer `ceil(a / b)`"),
    "round_up": ("round_up(x, multiple)",
                 "the smallest multiple of `multiple` that is >= x, x may be a fraction "
                 "(`round_up(8 * hidden / 3, 256)`)"),
    "ntuple": ("ntuple(x, n)",
               "PyTorch's `_ntuple`: a number repeated n times (`ntuple(3, 2)` is `[3, 3]`), "
               "a one-item list repeated, or a list of length n unchanged"),
    "prod": ("prod(list)", "the product of a list's items (a number is its own product)"),
    "len": ("len(list)", "the number of items of a list"),
    "cumsum": ("cumsum(list)", "running totals of a list's items (`cumsum([0, 1, 0, 1])` is `[0, 1, 1, 2]`)"),
    "positions": ("positions(list, value)", "the indices where the list holds value (`positions([0, 1, 0, 1], 1)`"
                  " is `[1, 3]`)"),
}


def reference_markdown() -> str:
    """The whole of ``docs/reference.md``."""
    schema = json.loads((data_dir("schemas") / SCHEMA_FILE).read_text())
    types = dict(builtin_layer_types())
    parts = [
        "# Spec language reference\n",
        "<!-- Generated by `python3 -m estimator.cli.docgen > docs/reference.md`; do not edit by hand. -->\n",
        "Everything a spec may say, generated from the sources: the keys from "
        "`schemas/architecture.schema.json`, the built-in layer types from `estimator/layers.yaml` "
        "(what `estimator layers TYPE` prints), the bundled blocks from `estimator/blocks/`, the expression "
        "language from the expression parser. The README's *Writing a spec* section is the introduction; "
        "[examples.md](examples.md) shows the commands at work, [reuse.md](reuse.md) how specs build on "
        "each other.\n",
        "## Contents\n",
    ]
    sections = _schema_sections(schema)
    contents = ["- [Spec keys](#spec-keys)"]
    contents += [f"  - [{_plain(title)}](#{_anchor(title)})" for title, _, _ in sections]
    contents += ["- [Built-in layer types](#built-in-layer-types)", "- [Bundled blocks](#bundled-blocks)",
                 "- [Expressions](#expressions)"]
    parts.append("\n".join(contents) + "\n")
    parts.append("## Spec keys\n")
    parts.append(
        "*Type* names what a key takes: an *expression* is an integer, a boolean, or a string "
        "holding an expression of names in scope (see [Expressions](#expressions)); a *shape* is a "
        "list of expressions; *required* keys must be present.\n"
    )
    for title, pointer, body in sections:
        parts.append(f"### {title}\n")
        if pointer in SECTION_NOTES:
            parts.append(SECTION_NOTES[pointer] + "\n")
        parts.append(body)
    parts.append(_layer_types_markdown(types))
    parts.append(_blocks_markdown())
    parts.append(_expressions_markdown())
    return "\n".join(parts)


# ---------------------------------------------------------------- schema


def _schema_sections(schema: dict) -> list[tuple[str, str, str]]:
    """(title, pointer, markdown table) for every object in the schema that lists properties:
    those of SECTION_TITLES in its order, then any other (a new object still gets a section)."""
    found: list[tuple[str, dict]] = []
    seen: set[str] = set()

    def visit(node: Any, pointer: str) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            ref = node["$ref"]
            if ref not in seen:
                seen.add(ref)
                visit(_resolve(schema, ref), ref)
        if isinstance(node.get("properties"), dict) and pointer not in {p for p, _ in found}:
            found.append((pointer, node))
        for name, child in node.get("properties", {}).items():
            visit(child, f"{pointer}/properties/{name}")
        for key in ("items", "additionalProperties"):
            visit(node.get(key), f"{pointer}/{key}")
        for index, child in enumerate(node.get("anyOf", [])):
            visit(child, pointer if "properties" in child else f"{pointer}/anyOf/{index}")

    visit(schema, "#")
    # objects the walk never reached (an unused definition) still get a section
    for name, definition in schema.get("$defs", {}).items():
        visit(definition, f"#/$defs/{name}")
    order = list(SECTION_TITLES)
    found.sort(key=lambda item: order.index(item[0]) if item[0] in order else len(order))
    return [(SECTION_TITLES.get(pointer) or f"`{pointer}`", pointer, _properties_table(schema, node, pointer))
            for pointer, node in found]


def _resolve(schema: dict, ref: str) -> Any:
    node: Any = schema
    for part in ref.lstrip("#").strip("/").split("/"):
        if part:
            node = node[part]
    return node


def _properties_table(schema: dict, node: dict, pointer: str) -> str:
    required = set(node.get("required", []))
    rows = ["| key | type | description |", "|---|---|---|"]
    for name, prop in node["properties"].items():
        key = f"`{name}`" + (" (required)" if name in required else "")
        description = (prop.get("description") or FALLBACK_DESCRIPTIONS.get(f"{pointer}/properties/{name}")
                       or (_description(schema, prop) if prop.get("$ref") != "#/$defs/value" else ""))
        rows.append(f"| {key} | {_type_text(schema, prop)} | {_cell(description)} |")
    if node.get("additionalProperties") not in (None, False):
        extra = node["additionalProperties"]
        rows.append(f"| *any other key* | {_type_text(schema, extra)} | {_cell(_description(schema, extra))} |")
    return "\n".join(rows) + "\n"


_DEF_NAMES = {
    "value": "expression", "argument": "argument", "identifier": "name", "count": "integer >= 0",
    "node": "node", "tensors": "map of name to tensor", "tensor": "tensor", "shape": "shape",
    "layer_type": "layer type", "attends": "mapping (`attends`)", "patch": "patch entry",
}


def _type_text(schema: dict, prop: Any) -> str:
    if not isinstance(prop, dict):
        return ""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return _DEF_NAMES.get(name, name)
    if "enum" in prop:
        return " or ".join(f"`{json.dumps(v)}`" if not isinstance(v, str) else f"`{v}`" for v in prop["enum"])
    if "anyOf" in prop:
        return " or ".join(_type_text(schema, option) for option in prop["anyOf"])
    kind = prop.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    words = []
    for k in kinds:
        if k == "array":
            item = _type_text(schema, prop.get("items")) if "items" in prop else ""
            words.append(f"list of {item}" if item else "list")
        elif k == "object" and isinstance(prop.get("additionalProperties"), dict) and "properties" not in prop:
            words.append(f"map of name to {_type_text(schema, prop['additionalProperties']) or 'value'}")
        elif k == "object":
            words.append("mapping")
        else:
            words.append(str(k))  # integer, boolean, string, number, null
    return " or ".join(words)


def _description(schema: dict, prop: Any) -> str:
    if not isinstance(prop, dict):
        return ""
    if prop.get("description"):
        return prop["description"]
    if "$ref" in prop:
        target = _resolve(schema, prop["$ref"])
        if isinstance(target, dict) and target.get("description"):
            return target["description"]
    return ""


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split()) or "-"


def _plain(title: str) -> str:
    return title.replace("`", "")


def _anchor(title: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    text = _plain(title).strip().lower()
    return "".join(c for c in text if c.isalnum() or c in " -_").replace(" ", "-")


# ---------------------------------------------------------------- layer types


def _layer_types_markdown(types: dict) -> str:
    return _types_markdown(types, types, [
        "## Built-in layer types\n",
        "The layer library (`estimator/layers.yaml`), in the syntax a spec uses under `layer_types:`; "
        "a spec may add types or replace these. Argument names follow PyTorch's constructors, tensor "
        "names the state-dict names of the reference implementation. *Tensors* and *parameters* are "
        "for one use of the type with its default options: required arguments and positive integer "
        "defaults stay symbols. A type that accepts any arguments (activations, pooling, dropout) has "
        "no tensors.\n",
    ])


def _blocks_markdown() -> str:
    return _types_markdown(block_layer_types(), library_layer_types(), [
        "## Bundled blocks\n",
        "Shared blocks (`estimator/blocks/*.yaml`): encoder and decoder layers, towers and heads of "
        "well-known models, in the same syntax as the layer library and built from it, with the "
        "state-dict names of the reference implementation (each is checked against transformers by "
        "`tests/test_reuse.py`). Every spec can use them by name, as it uses the library; they are "
        "read only when a spec names a type that neither the library nor the spec defines. A spec's "
        "own type of the same name wins, also where a block uses it (a spec that defines "
        "`bert_attention` changes `bert_layer` too). See [reuse.md](reuse.md).\n",
    ], blocks=True)


def _types_markdown(shown: dict, types: dict, intro: list[str], blocks: bool = False) -> str:
    infos = [(layer_type, describe_type(layer_type, types)) for layer_type in shown.values()]
    out = intro + ["| type | arguments | parameters |", "|---|---|---|"]
    for layer_type, info in infos:
        arguments = "any (none is read)" if layer_type.definition.get("any_args") else _arguments(info)
        out.append(f"| [`{info['type']}`](#{_anchor(info['type'])}) | {_cell(arguments)} "
                   f"| {_cell(_code(info['params']))} |")
    out.append("")
    for layer_type, info in infos:
        out.append(_one_type(layer_type, info, blocks))
    return "\n".join(out)


def _arguments(info: dict) -> str:
    return ", ".join([f"`{name}`" for name in info["required"]]
                     + [f"`{name}={_value(value)}`" for name, value in info["defaults"].items() if value is not None])


def _one_type(layer_type, info: dict, block: bool = False) -> str:
    definition = layer_type.definition
    out = [f"### {info['type']}\n"]
    if info["doc"]:
        out.append(" ".join(info["doc"].split()) + "\n")
    facts = []
    if block:
        facts.append(f"- Defined in: `estimator/blocks/{Path(layer_type.document.file).name}`")
    if info["reference"]:
        facts.append(f"- Reference: {info['reference']}")
    if layer_type.like:
        facts.append(f"- Like: [`{layer_type.like}`](#{_anchor(layer_type.like)}), with its keys overridden")
    if definition.get("any_args"):
        facts.append("- Accepts any arguments (none changes a tensor).")
    if facts:
        out.append("\n".join(facts) + "\n")
    if info["required"] or info["defaults"]:
        rows = ["| argument | default |", "|---|---|"]
        rows += [f"| `{name}` | required |" for name in info["required"]]
        rows += [f"| `{name}` | {'- (an option no formula reads)' if value is None else _cell(_code(_value(value)))} |"
                 for name, value in info["defaults"].items()]
        out.append("\n".join(rows) + "\n")
    if info["derived"]:
        out.append("Derived: " + "; ".join(f"`{name} = {_value(value)}`" for name, value in info["derived"].items()) + "\n")
    if definition.get("constraints"):
        out.append("Constraints: " + "; ".join(f"`{c}`" for c in definition["constraints"]) + "\n")
    if definition.get("attends"):
        out.append("Attends (KV cache, FLOPs): "
                   + "; ".join(f"`{k}: {_value(v)}`" for k, v in definition["attends"].items()) + "\n")
    if definition.get("state"):
        out.append("Recurrent state per sequence (elements): " + "; ".join(
            f"`{k}: {_value(v['elements'])}` ({v.get('dtype', 'cache')})" if isinstance(v, dict) else f"`{k}: {_value(v)}`"
            for k, v in definition["state"].items()) + "\n")
    if info["tensors"]:
        rows = ["| tensor | shape | kind |", "|---|---|---|"]
        rows += [f"| `{t['name']}` | `[{', '.join(t['shape'])}]` | {t['kind']} |" for t in info["tensors"]]
        out.append("\n".join(rows) + "\n")
    formula = f"Parameters: {_code(info['params'])}"
    if info["buffer_elements"] != "0":
        formula += f"; buffer elements: {_code(info['buffer_elements'])}"
    out.append(formula + "\n")
    return "\n".join(out)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(value)


def _code(text: str) -> str:
    """A formula or value as code; library_doc's note for a structure that depends on an
    argument ("depends on whether inplanes != planes") keeps its words outside."""
    prefix = "depends on whether "
    if text.startswith(prefix):
        return f"depends on whether `{text[len(prefix):]}`"
    return f"`{text}`"


# ---------------------------------------------------------------- expressions


def _expressions_markdown() -> str:
    out = [
        "## Expressions\n",
        "A hyperparameter, an argument, a dimension, a `repeat`, an `if` or a constraint may be an "
        "expression: integers, booleans (`true`, `false`), names, and the operators and functions "
        "below. Expressions are parsed with Python's `ast` against a whitelist, never `eval`: no "
        "attribute access, no other calls, no strings or floats. Numbers are exact: `/` gives a "
        "fraction where it does not divide, and a value bound to a name or used as a dimension must "
        "be an integer (the error names the inputs that made it fractional); `//` floors. Cycles and "
        "unknown names (with a \"did you mean\") are errors. In a YAML flow mapping (`{...}`) quote an "
        "expression that holds brackets or a comma: `{in_channels: 'channels[0]'}`.\n",
        f"Limits: at most {expressions.MAX_EXPRESSION_CHARS:,} characters and "
        f"{expressions.MAX_EXPRESSION_NODES} parts per expression; integers of at most "
        f"{expressions.MAX_INTEGER_BITS} bits.\n",
        "### Operators\n",
        "| syntax | meaning |",
        "|---|---|",
    ]
    admitted = [node for node in OPERATORS if node in expressions._ALLOWED_NODES]
    admitted += [node for node in expressions._ALLOWED_NODES if node not in OPERATORS and node not in _STRUCTURAL]
    for node in admitted:
        syntax, meaning = OPERATORS.get(node, (f"`{node.__name__}`", "(undocumented)"))
        out.append(f"| {_cell(syntax)} | {_cell(meaning)} |")
    out += ["", "### Functions\n", "| function | arguments | result |", "|---|---|---|"]
    for name, (arity, function) in expressions.FUNCTIONS.items():
        signature, doc = FUNCTION_DOCS.get(name, (f"{name}(...)", (function.__doc__ or "").strip()))
        out.append(f"| `{signature}` | {_arity(arity)} | {_cell(doc)} |")
    return "\n".join(out) + "\n"


def _arity(arity: tuple) -> str:
    low, high = arity
    if low == high:
        return str(low)
    return f"{low} or more" if high >= 100 else f"{low} to {high}"


if __name__ == "__main__":
    import sys

    sys.stdout.write(reference_markdown())
