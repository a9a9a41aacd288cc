"""Render results as a terminal table, JSON, CSV or Markdown (pastes into a design doc).

The tables of counts are built by :mod:`estimator.engine.tables` (the Python API's results
show the same tables in a notebook); this module adds JSON, the streamed listings and the
command line's own tables."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from estimator.engine import tables
from estimator.engine.tables import (_cell, change, COUNT_LABELS, COUNT_ROWS, exact, human_bytes, human_count, human_flops,
                                     human_for, MAX_PRINTED_BITS, module_rows, render_count, render_document,
                                     render_rows)

FORMATS = ("table", "json", "csv", "markdown")
__all__ = ["COUNT_LABELS", "exact", "FORMATS", "human_bytes", "human_count", "human_flops", "human_for",
           "module_rows", "render_count", "render_document", "render_estimate", "render_json", "render_rows"]


def render_estimate(result: dict, fmt: str, depth: int) -> str:
    return render_json(result) if fmt == "json" else tables.render_estimate(result, fmt, depth)


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


SHAPE_COLUMNS = ["name", "shape", "numel", "kind", "trainable", "tied_to", "persistent"]


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
    lines += _tensor_sections(sections)
    for note in result["notes"]:
        lines.append(f"note: {note}")
    lines.append("")
    lines.append(result["summary"])
    return "\n".join(lines) + "\n"


def render_spec_diff(result: dict, fmt: str) -> str:
    """``diff SPEC SPEC``: parameters per module in both, then the tensors added, removed or
    reshaped (by state-dict name), then one summary line."""
    if fmt == "json":
        return render_json(result)
    first, second = result["spec"], result["other"]
    tensors = [{"status": "added", "name": t["name"], first: None, second: t["shape"]} for t in result["added"]]
    tensors += [{"status": "removed", "name": t["name"], first: t["shape"], second: None} for t in result["removed"]]
    tensors += [{"status": "reshaped", "name": t["name"], first: t["shape"], second: t["other_shape"]}
                for t in result["reshaped"]]
    columns = ["status", "name", first, second]
    if fmt == "csv":
        return render_rows(tensors, columns, "csv")
    indented = fmt == "table"
    def line(label: str, values: list) -> dict:
        difference, share = change(values[0], values[1])
        shown = (("+" if difference > 0 else "") + exact(difference) + (f" ({share})" if share else "")
                 if difference is not None else None)
        return {"module": label, first: values[0], second: values[1], "change": shown}

    total = line("(total)", result["params"])
    modules = [line(("  " * (m["depth"] - 1) if indented else "") + m["path"], m["params"]) for m in result["modules"]]
    module_columns = ["module", first, second, "change"]
    right = {first, second, "change"}
    if fmt == "markdown":
        text = f"**{first} vs {second}: {result['summary']}**\n\n"
        text += render_rows([total] + modules, module_columns, "markdown", right)
        if tensors:
            text += "\n" + render_rows(tensors, columns, "markdown")
        return text
    lines = [f"{first} vs {second}", "", render_rows([total] + modules, module_columns, "table", right).rstrip("\n")]
    sections = (("added in " + second, result["added"], lambda t: _shape(t["shape"])),
                ("removed (only in " + first + ")", result["removed"], lambda t: _shape(t["shape"])),
                ("reshaped", result["reshaped"], lambda t: f"{_shape(t['shape'])} -> {_shape(t['other_shape'])}"))
    lines += _tensor_sections(sections)
    lines.append("")
    lines.append(result["summary"])
    return "\n".join(lines) + "\n"


def _tensor_sections(sections: tuple) -> list[str]:
    """A titled, aligned list of tensors per non-empty section (diff against a file or a spec)."""
    lines: list[str] = []
    for title, items, describe in sections:
        if items:
            width = max(len(t["name"]) for t in items)
            lines += ["", f"{title} ({len(items)}):"] + [f"  {t['name'].ljust(width)}  {describe(t)}" for t in items]
    return lines
