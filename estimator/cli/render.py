"""Render results as a terminal table, JSON, CSV or Markdown (pastes into a design doc)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from estimator.cli.options import per_device_rows
from estimator.core.errors import one_line

FORMATS = ("table", "json", "csv", "markdown")
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


def render_json(data: Any) -> str:
    try:
        return json.dumps(data, indent=2) + "\n"
    except ValueError:  # an integer past Python's int -> str limit: shown as text, not a crash
        return json.dumps(_printable(data), indent=2) + "\n"


def _printable(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _printable(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_printable(value) for value in data]
    if isinstance(data, int) and not isinstance(data, bool) and data.bit_length() > MAX_PRINTED_BITS:
        return exact(data)
    return data


def render_rows(rows: list[dict], columns: list[str], fmt: str, align_right: set | None = None) -> str:
    """A list of dicts as a table, CSV or Markdown."""
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
        lines = ["| " + " | ".join(columns) + " |"]
        lines.append("|" + "|".join("---:" if key in align_right else "---" for key in columns) + "|")
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
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
    if fmt == "json":
        return render_json(result)
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
        {"count": "FLOPs per token (forward)", "value": result["flops_per_token"], "human": human_flops(result["flops_per_token"])},
        {"count": "FLOPs per token (training)", "value": result["training_flops_per_token"],
         "human": human_flops(result["training_flops_per_token"])},
    ]
    if "activation_bytes" in result:
        summary.append({"count": "activations (micro-batch)", "value": result["activation_bytes"],
                        "human": human_bytes(result["activation_bytes"])})
    summary += per_device_rows(result, human_bytes)
    act = ["activations"] if "activation_bytes" in result else []
    if fmt == "markdown":
        summary = _nested_labels(summary)
    assumptions = "\n".join(f"- {line}" for line in result.get("assumptions", []))
    title = f"{one_line(str(result['name']))}: {exact(result['params'])} parameters ({human_count(result['params'])})"
    parts = []
    if fmt == "markdown":
        parts.append(f"**{title}**\n")
        if result.get("source"):
            parts.append(f"Source: {one_line(str(result['source']))}\n")
        parts.append(render_rows(summary, ["count", "value", "human"], "markdown", {"value", "human"}))
        parts.append(render_rows(rows, ["path", "type", "repeat", "params", "share", "flops"] + act, "markdown",
                                 {"params", "share", "repeat", "flops", "activations"}))
        if assumptions:
            parts.append("Assumptions:\n\n" + assumptions + "\n")
        return "\n".join(parts)
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


SHAPE_COLUMNS = ["name", "shape", "numel", "kind", "trainable", "tied_to", "persistent"]


def render_shapes(result: dict, fmt: str) -> str:
    out = io.StringIO()
    rows = [(record["name"], {k: v for k, v in record.items() if k != "name"}) for record in result["tensors"]]
    write_shapes(result["name"], lambda: iter(rows), fmt, out)
    return out.getvalue()


def write_shapes(name: str, rows: Callable[[], Iterator[tuple[str, dict]]], fmt: str, out: IO[str]) -> None:
    """The tensor listing, written as it is made: ``rows`` gives ``(tensor name, fields)``
    and is called again where a table needs its column widths first. The text equals what
    :func:`render_json` / :func:`render_rows` give for the whole list. Copies of a repeated
    tensor share one ``fields`` dict, so each is formatted once (keyed by its id)."""
    formatted: dict[Any, Any] = {}
    if fmt == "json":
        out.write('{\n  "name": ' + json.dumps(name) + ',\n  "tensors": [')
        separator = "\n    "
        for tensor_name, fields in rows():
            tail = formatted.get(id(fields))
            if tail is None:  # the record after its name, as json.dumps(indent=2) writes it, nested twice
                body = json.dumps(_printable({"name": "", **fields}), indent=2).replace("\n", "\n    ")
                tail = formatted[id(fields)] = body.split("\n", 2)[2]
            out.write(f'{separator}{{\n      "name": {json.dumps(tensor_name)},\n{tail}')
            separator = ",\n    "
        out.write("]\n}\n" if separator == "\n    " else "\n  ]\n}\n")
        return
    columns = SHAPE_COLUMNS[1:]

    def cells(fields: dict, raw: bool = False) -> list[str]:
        key = (id(fields), raw)
        if key not in formatted:
            formatted[key] = [_cell(fields.get(column), raw=raw) for column in columns]
        return formatted[key]

    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(SHAPE_COLUMNS)
        writer.writerows([tensor_name, *cells(fields, raw=True)] for tensor_name, fields in rows())
        return
    if fmt == "markdown":
        out.write("| " + " | ".join(SHAPE_COLUMNS) + " |\n")
        out.write("|" + "|".join("---:" if key == "numel" else "---" for key in SHAPE_COLUMNS) + "|\n")
        for tensor_name, fields in rows():
            out.write("| " + " | ".join(c.replace("|", "\\|") for c in [tensor_name, *cells(fields)]) + " |\n")
        return
    widths = [len(key) for key in SHAPE_COLUMNS]
    for tensor_name, fields in rows():
        widths[0] = max(widths[0], len(tensor_name))
        for i, cell in enumerate(cells(fields), 1):
            widths[i] = max(widths[i], len(cell))

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if k == "numel" else v.ljust(w) for v, w, k in zip(values, widths, SHAPE_COLUMNS)]
        return "  ".join(parts).rstrip() + "\n"

    out.write(line(SHAPE_COLUMNS))
    for tensor_name, fields in rows():
        out.write(line([tensor_name, *cells(fields)]))


def stream_csv(rows, columns: list[str], out) -> None:
    """Write rows as CSV as they come (a 100,000-point sweep never sits in memory as text).

    Columns that hold true/false in the first row are written as `true`/`false`."""
    writer = csv.writer(out, lineterminator="\n")  # writes None as an empty cell
    writer.writerow(columns)
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    flags = [i for i, column in enumerate(columns) if first.get(column).__class__ is bool]
    def cells(row: dict) -> list:
        values = list(map(row.get, columns))
        for i in flags:
            values[i] = _csv_cell(values[i])
        return values
    writer.writerow(cells(first))
    writer.writerows(map(cells, rows) if flags else ([*map(row.get, columns)] for row in rows))


def _csv_cell(value: Any) -> Any:
    if value is True or value is False:
        return "true" if value else "false"
    return value


# ---------------------------------------------------------------- count and diff


COUNT_ROWS = COUNT_LABELS


def _dtype_rows(result: dict) -> list[dict]:
    return [{"dtype": dtype, "tensors": entry["tensors"], "elements": entry["elements"], "bytes": entry["bytes"],
             "size": human_bytes(entry["bytes"])} for dtype, entry in result.get("dtypes", {}).items()]


def render_count(result: dict, fmt: str, depth: int) -> str:
    rows = module_rows(result, depth)
    if fmt == "csv":
        total = {"path": "(total)", "params": result["params"], "buffer_elements": result["buffer_elements"]}
        return render_rows([total] + rows, ["path", "params", "buffer_elements"], "csv")
    summary = [{"count": label.strip() if fmt == "markdown" else label, "value": result[key],
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
    parts = []
    if fmt == "markdown":
        parts.append(f"**{title}**\n")
        parts += [f"Note: {note}\n" for note in result.get("notes", [])]
        parts.append(render_rows(summary, ["count", "value", "human"], "markdown", {"value", "human"}))
        if dtype_rows:
            parts.append(render_rows(dtype_rows, ["dtype", "tensors", "elements", "bytes", "size"], "markdown",
                                     {"tensors", "elements", "bytes", "size"}))
        parts.append(render_rows(rows, ["path", "params", "share"], "markdown", {"params", "share"}))
        return "\n".join(parts)
    parts.append(title)
    parts += [f"note: {note}" for note in result.get("notes", [])]
    parts.append("")
    parts.append(render_rows(summary, ["count", "value", "human"], "table", {"value"}).split("\n", 1)[1])
    if dtype_rows:
        parts.append(render_rows(dtype_rows, ["dtype", "tensors", "elements", "bytes", "size"], "table",
                                 {"tensors", "elements", "bytes", "size"}))
    parts.append(render_rows(rows, ["module", "params", "human", "share"], "table", {"params", "share", "human"}))
    return "\n".join(parts)


def _column_names(arguments: list[str]) -> list[str]:
    """Each file's name as given (its last part when those are unique)."""
    names = [Path(a).name or a for a in arguments]
    if len(set(names)) == len(names) and "count" not in names and "total" not in names:
        return names
    return [f"{i + 1}: {a}" for i, a in enumerate(arguments)]


def render_side_by_side(results: list[dict], fmt: str, depth: int, arguments: list[str]) -> str:
    """One column per file and a total column: counts, bytes per dtype, then modules."""
    columns = _column_names(arguments)
    raw = fmt == "csv"

    def cell(value: Any, kind: str = "count") -> Any:
        if value is None or raw:
            return value
        if kind == "bytes":
            return human_bytes(value)
        return f"{exact(value)} ({human_count(value)})" if isinstance(value, int) and abs(value) >= 1000 else exact(value)

    def row(label: str, values: list, kind: str = "count") -> dict:
        known = [v for v in values if v is not None]
        total = sum(known) if known else None
        line = {"count": label}
        for column, value in zip(columns, values):
            line[column] = cell(value, kind)
        line["total"] = cell(total, kind)
        return line

    rows = [row(label.strip() if fmt != "table" else label, [r[key] for r in results]) for key, label in COUNT_ROWS]
    rows.append(row("tensors", [r.get("tensors") for r in results]))
    rows.append(row("stored bytes", [r.get("stored_bytes") for r in results], "bytes"))
    dtypes = list(dict.fromkeys(d for r in results for d in r.get("dtypes", {})))
    for dtype in dtypes:
        rows.append(row(f"  {dtype}" if fmt == "table" else dtype,
                        [r.get("bytes_by_dtype", {}).get(dtype) for r in results], "bytes"))
    header = ["count"] + columns + ["total"]
    parts = [render_rows(rows, header, fmt, set(columns) | {"total"})]
    depths = {m["path"]: m["depth"] for r in results for m in r["modules"] if m["depth"] <= depth}
    module_rows = []
    for path, level in depths.items():
        values = [next((m["params"] for m in r["modules"] if m["path"] == path), None) for r in results]
        line = row("  " * (level - 1) + path if fmt == "table" else path, values)
        line["module"] = line.pop("count")
        module_rows.append(line)
    if module_rows and fmt != "csv":
        parts.append(render_rows(module_rows, ["module"] + columns + ["total"], fmt, set(columns) | {"total"}))
    notes = [f"{r['file']}: {note}" for r in results for note in r.get("notes", [])]
    text = "\n".join(parts)
    if notes and fmt != "csv":
        text += "\n" + "\n".join(f"note: {n}" for n in notes) + "\n"
    return text


def _shape(shape: Any) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def render_diff(result: dict, fmt: str) -> str:
    if fmt == "json":
        return render_json(result)
    rows = [{"status": "missing", "name": t["name"], "spec_shape": t["shape"], "file_shape": None}
            for t in result["missing"]]
    rows += [{"status": "unexpected", "name": t["name"], "spec_shape": None, "file_shape": t["shape"]}
             for t in result["unexpected"]]
    rows += [{"status": "mismatched", "name": t["name"], "spec_shape": t["spec_shape"], "file_shape": t["file_shape"]}
             for t in result["mismatched"]]
    columns = ["status", "name", "spec_shape", "file_shape"]
    if fmt == "csv":
        return render_rows(rows, columns, "csv")
    if fmt == "markdown":
        text = f"**{result['summary']}**\n"
        if rows:
            text += "\n" + render_rows(rows, columns, "markdown")
        return text
    lines = [f"{result['spec']} (spec) vs {result['file']} ({result['format']})"]
    sections = (
        ("missing from the file", result["missing"], lambda t: _shape(t["shape"])),
        ("unexpected in the file (not in the spec)", result["unexpected"], lambda t: _shape(t["shape"])),
        ("shape differs", result["mismatched"], lambda t: f"spec {_shape(t['spec_shape'])}  file {_shape(t['file_shape'])}"),
    )
    for title, items, describe in sections:
        if items:
            lines.append("")
            lines.append(f"{title} ({len(items)}):")
            width = max(len(t["name"]) for t in items)
            lines += [f"  {t['name'].ljust(width)}  {describe(t)}" for t in items]
    for note in result["notes"]:
        lines.append(f"note: {note}")
    lines.append("")
    lines.append(result["summary"])
    return "\n".join(lines) + "\n"
