"""Results as tables: the one rendering layer of counts, shared by the command line
(:mod:`estimator.cli.render`) and the Python API's results in a notebook (``_repr_markdown_``,
``_repr_html_``). Plain data in, text out: a terminal table, CSV, Markdown (pastes into a
design doc) or HTML (escaped). A document is a list of blocks (a title, a paragraph, a
table, a list) written in Markdown or HTML from the same blocks, so the two never differ."""
from __future__ import annotations

import csv
import html
import io
from fractions import Fraction
from typing import Any, Callable

from estimator.core.errors import one_line


COUNT_LABELS = (
    ("params", "params"),
    ("trainable_params", "trainable"),
    ("non_trainable_params", "non-trainable"),
    ("embedding_params", "embedding"),
    ("non_embedding_params", "non-embedding"),
    ("active_params", "active per token"),
    ("buffer_elements", "buffer elements"),
    ("persistent_buffer_elements", "  stored in checkpoints"),
)


def human_count(value: Any) -> str:
    """6738415616 -> '6.74B' (three significant digits); text for a formula."""
    if not isinstance(value, int) or isinstance(value, bool):
        return str(value)
    return _scaled(value, ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")), "", significant=True)


def human_bytes(value: Any) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        return str(value)
    return _scaled(value, ((2**40, " TiB"), (2**30, " GiB"), (2**20, " MiB"), (2**10, " KiB")), " B")


def human_for(key: str) -> Callable[[Any], str]:
    """How a column's values read: bytes (GiB) for a ``*bytes*`` key, FLOPs, else a count."""
    return human_bytes if "bytes" in key else human_flops if "flops" in key else human_count


def human_flops(value: Any) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        return str(value)
    units = ((10**15, " PFLOPs"), (10**12, " TFLOPs"), (10**9, " GFLOPs"), (10**6, " MFLOPs"), (10**3, " KFLOPs"))
    return _scaled(value, units, " FLOPs")


def _scaled(value: int, units: tuple, plain_suffix: str, significant: bool = False) -> str:
    """``value`` in the largest unit it reaches: two decimals (three significant digits
    with ``significant``). Past 10**30 units stop helping: scientific notation, computed
    on integers so that no value the engine can make overflows a float."""
    magnitude = abs(value)
    if magnitude >= 10**30:
        return f"{_scientific(value)}{plain_suffix}"
    for size, suffix in units:
        if magnitude >= size:
            scaled = value / size
            digits = 2 if not significant or abs(scaled) < 10 else 1 if abs(scaled) < 100 else 0
            return f"{scaled:.{digits}f}{suffix}"
    return f"{value}{plain_suffix}"


def _scientific(value: int) -> str:
    """``1.23e+45`` for any integer, however large (its leading digits by integer division)."""
    magnitude = abs(value)
    exponent = max(int(magnitude.bit_length() * 0.30102999566398) - 1, 0)
    while 10 ** (exponent + 1) <= magnitude:
        exponent += 1
    while exponent and 10**exponent > magnitude:
        exponent -= 1
    leading = round(magnitude * 1000 // 10**exponent / 1000, 2)
    if leading >= 10:
        leading, exponent = leading / 10, exponent + 1
    return f"{'-' if value < 0 else ''}{leading:.2f}e+{exponent}"


def exact(value: Any) -> str:
    """``6,738,415,616``; an integer too long for Python's int-to-text limit is shown by its
    leading digits and its length instead of failing."""
    if not isinstance(value, int) or isinstance(value, bool):
        return str(value)
    if value.bit_length() > MAX_PRINTED_BITS:
        return f"about {_scientific(value)}"
    return f"{value:,}"


MAX_PRINTED_BITS = 12_000  # under Python's 4,300-digit limit on int -> str


def render_rows(rows: list[dict], columns: list[str], fmt: str, align_right: set | None = None) -> str:
    """A list of dicts as a table, CSV, Markdown or HTML (every cell escaped)."""
    align_right = align_right or set()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(row.get(key), raw=True) for key in columns})
        return out.getvalue()
    cells = [[_cell(row.get(key)) for key in columns] for row in rows]
    if fmt == "markdown":
        lines = ["| " + " | ".join(c.replace("|", "\\|") for c in columns) + " |"]
        lines.append("|" + "|".join("---:" if key in align_right else "---" for key in columns) + "|")
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        def tr(tag: str, values: list[str]) -> str:
            return "<tr>" + "".join(f'<{tag} style="text-align:{"right" if key in align_right else "left"}">'
                                    f"{html.escape(value)}</{tag}>" for key, value in zip(columns, values)) + "</tr>"
        body = "\n".join(tr("td", row) for row in cells)
        return f"<table>\n<thead>{tr('th', list(columns))}</thead>\n<tbody>\n{body}\n</tbody>\n</table>\n"
    widths = [max([len(key)] + [len(row[i]) for row in cells]) for i, key in enumerate(columns)]
    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if k in align_right else v.ljust(w) for v, w, k in zip(values, widths, columns)]
        return "  ".join(parts).rstrip()
    return "\n".join([line(list(columns))] + [line(row) for row in cells]) + "\n"


def _cell(value: Any, raw: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(exact(v).replace(",", "") for v in value) + "]"
    if raw:
        return exact(value).replace(",", "")
    return exact(value)



DOCUMENTS = ("markdown", "html")  # formats of a whole document (title, text, tables), not only of rows


def render_document(blocks: list[tuple], fmt: str) -> str:
    """Blocks as Markdown or HTML: ``("title", text)``, ``("text", text)``,
    ``("table", rows, columns, align_right)``, ``("list", heading, items)``."""
    parts = []
    for kind, *fields in blocks:
        if kind == "table":
            parts.append(render_rows(fields[0], fields[1], fmt, fields[2]))
        elif fmt == "html":
            text = html.escape(fields[0])
            if kind == "title":
                parts.append(f"<p><strong>{text}</strong></p>\n")
            elif kind == "text":
                parts.append(f"<p>{text}</p>\n")
            else:
                items = "".join(f"<li>{html.escape(item)}</li>\n" for item in fields[1])
                parts.append(f"<p>{text}</p>\n<ul>\n{items}</ul>\n")
        elif kind == "title":
            parts.append(f"**{fields[0]}**\n")
        elif kind == "text":
            parts.append(f"{fields[0]}\n")
        else:
            parts.append(f"{fields[0]}\n\n" + "\n".join(f"- {item}" for item in fields[1]) + "\n")
    if fmt == "html":
        return '<div class="estimator">\n' + "".join(parts) + "</div>\n"
    return "\n".join(parts)


def per_device_rows(result: dict) -> list[dict]:
    """Rows of the estimate table: memory per device by component, and whether it fits."""
    if "training_bytes_per_device" not in result:
        return []

    def row(label: str, value) -> dict:
        return {"count": label, "value": value, "human": human_bytes(value)}

    layout = result.get("layout", {})
    rows = [row(f"training per device ({layout.get('stage', 'only')} stage)" if layout.get("pp", 1) > 1
                else "training per device", result["training_bytes_per_device"])]
    rows += [row(f"  {name}", value) for name, value in result["training_bytes_per_device_by_component"].items()]
    rows.append(row("inference per device", result["inference_bytes_per_device"]))
    rows.append(row("  transient (prefill)", result["inference_transient_bytes"]))
    fits = result.get("fits")
    if fits:
        rows.append(row(f"device memory ({fits.get('device') or 'given'})", fits["training"]["device_memory"]))
        for use in ("training", "inference"):
            entry = fits[use]
            if entry["headroom"] is None:
                continue
            label = f"{use} {'fits' if entry['fits'] else 'does NOT fit'}: headroom"
            if use == "training" and not entry.get("activations_included"):
                label += " (no activations)"
            rows.append(row(label, entry["headroom"]))
    return rows


# ---------------------------------------------------------------- estimate


def module_rows(result: dict, depth: int) -> list[dict]:
    total = result["params"]
    rows = []
    for module in result["modules"]:
        if module["depth"] > depth:
            continue
        share = ""
        if isinstance(total, int) and isinstance(module["params"], int) and total:
            share = f"{100 * module['params'] / total:.1f}%"
        name = module["path"] + (f" (x{module['repeat']})" if module["repeat"] is not None else "")
        rows.append(
            {
                "module": "  " * (module["depth"] - 1) + name,
                "path": module["path"],
                "type": module["type"] or "",
                "repeat": module["repeat"],
                "params": module["params"],
                "human": human_count(module["params"]),
                "share": share,
                "buffer_elements": module["buffer_elements"],
                "flops": human_flops(module.get("flops_per_token", 0)) if module.get("flops_per_token") else "",
                "activations": human_bytes(module["activation_bytes"]) if module.get("activation_bytes") else "",
            }
        )
    return rows


def _nested_labels(rows: list[dict]) -> list[dict]:
    """Markdown drops a label's indent: a component row (``  weights``) names its parent
    instead (``training per device: weights``), so that a pasted table reads unambiguously."""
    parent = ""
    named = []
    for row in rows:
        label = row["count"]
        if label.startswith(" ") and parent:
            label = f"{parent}: {label.strip()}"
        else:
            parent = label
        named.append({**row, "count": label})
    return named


def render_estimate(result: dict, fmt: str, depth: int) -> str:
    """One estimate as a table, CSV (the module rows), Markdown or HTML."""
    rows = module_rows(result, depth)
    if fmt == "csv":
        total = {"path": "(total)", "type": "", "repeat": None, "params": result["params"],
                 "buffer_elements": result["buffer_elements"]}
        return render_rows([total] + rows, ["path", "type", "repeat", "params", "buffer_elements"], "csv")
    summary = [
        {"count": label, "value": result[key], "human": human_count(result[key])} for key, label in COUNT_LABELS
    ]
    for fmt_name, size in result["weights_bytes"].items():
        summary.append({"count": f"weights ({fmt_name})", "value": size, "human": human_bytes(size)})
    components = result.get("training_bytes_by_component", {})
    layout = result.get("layout", {})
    # under tp, pp or ep the per-device rows below differ: this one is the whole model's state
    whole = " (whole model)" if layout.get("tp", 1) * layout.get("pp", 1) * layout.get("ep", 1) > 1 else ""
    summary.append({"count": f"training memory{whole}", "value": result["training_bytes"],
                    "human": human_bytes(result["training_bytes"])})
    for name, size in components.items():
        summary.append({"count": f"  {name}", "value": size, "human": human_bytes(size)})
    summary += [
        {"count": "KV cache per token", "value": result["kv_cache_bytes_per_token"],
         "human": human_bytes(result["kv_cache_bytes_per_token"])},
        {"count": "KV cache (context x batch)", "value": result["kv_cache_bytes"], "human": human_bytes(result["kv_cache_bytes"])},
        # a model with Mamba or linear-attention layers: their fixed-size states, apart from the KV cache
        *([{"count": "recurrent state per sequence", "value": result["recurrent_state_bytes_per_sequence"],
            "human": human_bytes(result["recurrent_state_bytes_per_sequence"])},
           {"count": "recurrent state (x batch)", "value": result["recurrent_state_bytes"],
            "human": human_bytes(result["recurrent_state_bytes"])}]
          if result.get("recurrent_state_bytes_per_sequence") else []),
        {"count": "FLOPs per token (forward)", "value": result["flops_per_token"], "human": human_flops(result["flops_per_token"])},
        {"count": "FLOPs per token (training)", "value": result["training_flops_per_token"],
         "human": human_flops(result["training_flops_per_token"])},
    ]
    if "activation_bytes" in result:
        summary.append({"count": "activations (micro-batch)", "value": result["activation_bytes"],
                        "human": human_bytes(result["activation_bytes"])})
    summary += per_device_rows(result)
    act = ["activations"] if "activation_bytes" in result else []
    if fmt in DOCUMENTS:
        summary = _nested_labels(summary)
    assumptions = "\n".join(f"- {line}" for line in result.get("assumptions", []))
    title = f"{one_line(str(result['name']))}: {exact(result['params'])} parameters ({human_count(result['params'])})"
    if fmt in DOCUMENTS:
        blocks: list[tuple] = [("title", title)]
        if result.get("source"):
            blocks.append(("text", f"Source: {one_line(str(result['source']))}"))
        blocks.append(("table", summary, ["count", "value", "human"], {"value", "human"}))
        blocks.append(("table", rows, ["path", "type", "repeat", "params", "share", "flops"] + act,
                       {"params", "share", "repeat", "flops", "activations"}))
        if result.get("assumptions"):
            blocks.append(("list", "Assumptions:", result["assumptions"]))
        return render_document(blocks, fmt)
    parts = []
    parts.append(title)
    if result.get("source"):
        parts.append(f"source: {one_line(str(result['source']))}")
    parts.append("")
    parts.append(render_rows(summary, ["count", "value", "human"], "table", {"value"}).split("\n", 1)[1])
    parts.append(render_rows(rows, ["module", "type", "params", "human", "share", "flops"] + act, "table",
                             {"params", "share", "human", "flops", "activations"}))
    if assumptions:
        parts.append("assumptions:\n" + assumptions + "\n")
    return "\n".join(parts)



# ---------------------------------------------------------------- count


COUNT_ROWS = COUNT_LABELS


def _dtype_rows(result: dict) -> list[dict]:
    return [{"dtype": dtype, "tensors": entry["tensors"], "elements": entry["elements"], "bytes": entry["bytes"],
             "size": human_bytes(entry["bytes"])} for dtype, entry in result.get("dtypes", {}).items()]


def render_count(result: dict, fmt: str, depth: int) -> str:
    rows = module_rows(result, depth)
    if fmt == "csv":
        total = {"path": "(total)", "params": result["params"], "buffer_elements": result["buffer_elements"]}
        return render_rows([total] + rows, ["path", "params", "buffer_elements"], "csv")
    summary = [{"count": label.strip() if fmt in DOCUMENTS else label, "value": result[key],
                "human": human_count(result[key])} for key, label in COUNT_ROWS]
    if result.get("stored_bytes") is not None:
        summary.append({"count": "stored bytes", "value": result["stored_bytes"],
                        "human": human_bytes(result["stored_bytes"])})
    facts = [result["format"]]
    if result.get("architecture"):
        facts.append(result["architecture"])
    if "tensors" in result:
        facts.append(f"{result['tensors']:,} tensors")
    title = f"{result['file']} ({', '.join(facts)}): {exact(result['params'])} parameters ({human_count(result['params'])})"
    dtype_rows = _dtype_rows(result)
    if fmt in DOCUMENTS:
        blocks: list[tuple] = [("title", title)]
        blocks += [("text", f"Note: {note}") for note in result.get("notes", [])]
        blocks.append(("table", summary, ["count", "value", "human"], {"value", "human"}))
        if dtype_rows:
            blocks.append(("table", dtype_rows, ["dtype", "tensors", "elements", "bytes", "size"],
                           {"tensors", "elements", "bytes", "size"}))
        blocks.append(("table", rows, ["path", "params", "share"], {"params", "share"}))
        return render_document(blocks, fmt)
    parts = []
    parts.append(title)
    parts += [f"note: {note}" for note in result.get("notes", [])]
    parts.append("")
    parts.append(render_rows(summary, ["count", "value", "human"], "table", {"value"}).split("\n", 1)[1])
    if dtype_rows:
        parts.append(render_rows(dtype_rows, ["dtype", "tensors", "elements", "bytes", "size"], "table",
                                 {"tensors", "elements", "bytes", "size"}))
    parts.append(render_rows(rows, ["module", "params", "human", "share"], "table", {"params", "share", "human"}))
    return "\n".join(parts)



# ---------------------------------------------------------------- side by side


def percent(share: Fraction) -> str:
    """An exact fraction as a percentage with two decimals (rounded half up)."""
    hundredths = (share.numerator * 10_000 * 2 + share.denominator) // (2 * share.denominator)
    sign = "-" if hundredths < 0 else ""
    whole, rest = divmod(abs(hundredths), 100)
    return f"{sign}{whole}.{rest:02d}%"


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def change(base: Any, value: Any) -> tuple[Any, Any]:
    """``value - base`` and that as a signed percentage of ``base`` ("+93.15%"); None where
    either is missing or a formula, and no percentage of a zero base."""
    if not (_is_count(base) and _is_count(value)):
        return None, None
    difference = value - base
    if base == 0:
        return difference, None
    text = percent(Fraction(difference, abs(base)))
    return difference, text if text.startswith("-") else "+" + text


def _compared_rows(results: list[dict]) -> list[tuple[str, str, str, list]]:
    """``(key, label, unit, values)`` for each row of the side-by-side table: the counts,
    bytes, memory, KV cache and FLOPs, then activations and per-device memory when any
    result has them. A key names where the value sits (``weights_bytes.bf16``)."""
    def get(result: dict, key: str) -> Any:
        value: Any = result
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def union(key: str) -> list[str]:
        return list(dict.fromkeys(name for r in results for name in (get(r, key) or {})))

    rows: list[tuple[str, str, str]] = [(key, label, "count") for key, label in COUNT_LABELS]
    rows += [(f"weights_bytes.{name}", f"weights ({name})", "bytes") for name in union("weights_bytes")]
    rows.append(("training_bytes", "training memory", "bytes"))
    rows += [(f"training_bytes_by_component.{name}", f"  {name}", "bytes")
             for name in union("training_bytes_by_component")]
    rows += [("memory_bytes", "inference memory (weights + KV cache)", "bytes"),
             ("kv_cache_bytes_per_token", "KV cache per token", "bytes"),
             ("kv_cache_bytes", "KV cache (context x batch)", "bytes"),
             *([("recurrent_state_bytes_per_sequence", "recurrent state per sequence", "bytes"),
                ("recurrent_state_bytes", "recurrent state (x batch)", "bytes")]
               if any(r.get("recurrent_state_bytes_per_sequence") for r in results) else []),
             ("flops_per_token", "FLOPs per token (forward)", "flops"),
             ("training_flops_per_token", "FLOPs per token (training)", "flops")]
    if any("activation_bytes" in r for r in results):
        rows.append(("activation_bytes", "activations (micro-batch)", "bytes"))
    # per device only when a layout or a device was given (every estimate has the one-device figures)
    if any(r.get("fits") or r.get("layout", {}).get("devices", 1) > 1 or r.get("layout", {}).get("zero")
           for r in results):
        rows.append(("training_bytes_per_device", "training per device", "bytes"))
        rows += [(f"training_bytes_per_device_by_component.{name}", f"  {name}", "bytes")
                 for name in union("training_bytes_per_device_by_component")]
        rows += [("inference_bytes_per_device", "inference per device", "bytes"),
                 ("inference_transient_bytes", "  transient (prefill)", "bytes")]
    if any(r.get("fits") for r in results):
        rows += [("fits.training.device_memory", "device memory", "bytes"),
                 ("fits.training.headroom", "training headroom (negative: does not fit)", "bytes"),
                 ("fits.inference.headroom", "inference headroom (negative: does not fit)", "bytes")]
    return [(key, label, unit, [get(r, key) for r in results]) for key, label, unit in rows]


def comparison(results: list[dict], columns: list[str], depth: int = 2) -> dict:
    """Several estimates side by side, as data: a row per count (its value in each column,
    and each column's change against the first), then a row per module up to ``depth``."""
    def row(values: list) -> dict:
        changes = [change(values[0], value) for value in values[1:]]
        return {"values": values, "change": [None] + [c[0] for c in changes],
                "change_percent": [None] + [c[1] for c in changes]}

    rows, parent = [], None
    for key, label, unit, values in _compared_rows(results):
        # a component (`  weights`) is named with its parent: `training memory: weights`
        parent = parent if label.startswith(" ") else None
        rows.append({"key": key, "label": f"{parent}: {label.strip()}" if parent else label, "parent": parent,
                     "unit": unit, **row(values)})
        parent = parent or label
    paths: dict = {}
    for result in results:
        for module in result.get("modules", []):
            if module["depth"] <= depth:
                paths.setdefault(module["path"], module["depth"])
    modules = []
    for path, level in paths.items():
        values = [next((m["params"] for m in r.get("modules", []) if m["path"] == path), None) for r in results]
        modules.append({"path": path, "depth": level, **row(values)})
    return {"base": columns[0], "columns": columns, "rows": rows, "modules": modules}


def render_comparison(compared: dict, fmt: str, assumptions: list[str] | None = None) -> str:
    """The side-by-side table: a column per model and, after each model but the first, its
    change against the first (``+6,277,107,200 (+93.15%)``; CSV: the difference and the
    percentage in columns of their own). Markdown and HTML as documents, with the module rows."""
    columns = compared["columns"]
    raw = fmt == "csv"

    def change_name(column: str) -> str:
        return "change" if len(columns) == 2 else f"change {column}"

    header = ["count"]
    for i, column in enumerate(columns):
        header.append(column)
        if i:
            header += [change_name(column), f"{change_name(column)} %"] if raw else [change_name(column)]

    def cells(first: str, entry: dict, unit: str) -> dict:
        human = human_bytes if unit == "bytes" else human_flops if unit == "flops" else human_count
        line: dict[str, Any] = {"count": first}
        for i, column in enumerate(columns):
            value = entry["values"][i]
            if raw:
                line[column] = value
            elif _is_count(value) and abs(value) >= 1000:
                line[column] = f"{exact(value)} ({human(value)})"
            else:
                line[column] = exact(value) if value is not None else None
            if not i:
                continue
            difference, share = entry["change"][i], entry["change_percent"][i]
            if raw:
                line[change_name(column)], line[f"{change_name(column)} %"] = difference, share
            elif difference is not None:
                line[change_name(column)] = (("+" if difference > 0 else "") + exact(difference)
                                             + (f" ({share})" if share is not None else ""))
        return line

    indented = fmt == "table"
    # a terminal table indents a component under its parent; the other formats name the parent
    count_rows = [cells("  " + row["label"][len(row["parent"]) + 2:] if indented and row["parent"] else row["label"],
                        row, row["unit"]) for row in compared["rows"]]
    module_lines = [cells(("  " * (m["depth"] - 1) if indented else "") + m["path"], m, "count")
                    for m in compared["modules"]]
    right = set(header) - {"count"}
    title = " vs ".join(columns)
    if raw:
        for line in module_lines:
            line["count"] = f"module {line['count']}"
        return render_rows(count_rows + module_lines, header, "csv")
    if fmt in DOCUMENTS:
        blocks: list[tuple] = [("title", title), ("table", count_rows, header, right)]
        if module_lines:
            module_header = ["module"] + header[1:]
            blocks.append(("table", [{**line, "module": line["count"]} for line in module_lines], module_header, right))
        if assumptions:
            blocks.append(("list", "Assumptions:", assumptions))
        return render_document(blocks, fmt)
    parts = [title, "", render_rows(count_rows, header, "table", right)]
    if module_lines:
        parts.append(render_rows([{**line, "module": line["count"]} for line in module_lines],
                                 ["module"] + header[1:], "table", right))
    if assumptions:
        parts.append("assumptions:\n" + "\n".join(f"- {line}" for line in assumptions) + "\n")
    return "\n".join(parts)


def shared_assumptions(results: list[dict], columns: list[str]) -> list[str]:
    """The assumption lines of several estimates: a line all share once, another under its column's name."""
    common = [line for line in results[0].get("assumptions", []) if all(line in r.get("assumptions", []) for r in results)]
    own = [f"{column}: {line}" for column, r in zip(columns, results) for line in r.get("assumptions", [])
           if line not in common]
    return common + own
