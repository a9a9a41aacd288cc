"""docs/ must not rot: the reference is regenerated from the sources, every command shown
runs as printed (from the repository root), and the output pasted after a command is still
what it prints."""
import difflib
import functools
import glob
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from estimator.core import expressions
from estimator.cli.app import main
from estimator.cli.docgen import reference_markdown
from estimator.spec.model import builtin_layer_types, data_dir

from conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
REGENERATE = "python3 -m estimator.cli.docgen > docs/reference.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)
EXITS = re.compile(r"\s+#\s*exits\s+(\d+)\s*$")


def blocks(page):
    """Fenced blocks of a page: (lang, body, line number, text between it and the next)."""
    text = page.read_text()
    found = list(FENCE.finditer(text))
    result = []
    for index, match in enumerate(found):
        after = text[match.end(): found[index + 1].start()] if index + 1 < len(found) else text[match.end():]
        result.append((match.group(1), match.group(2), text.count("\n", 0, match.start()) + 2, after))
    return result


def doc_commands():
    """Every `estimator ...` line of a ```sh block in docs/*.md, with its page and line, the
    exit code it is documented to give (`# exits N`, else 0), and the output pasted in a
    ```text block right after it (None if there is none)."""
    commands = []
    for page in PAGES:
        page_blocks = blocks(page)
        for index, (lang, body, line, after) in enumerate(page_blocks):
            if lang != "sh":
                continue
            lines = [(offset, text) for offset, text in enumerate(body.splitlines()) if text.startswith("estimator ")]
            following = page_blocks[index + 1] if index + 1 < len(page_blocks) else None
            pasted = following[1] if following and following[0] == "text" and not after.strip() else None
            for offset, text in lines:
                match = EXITS.search(text)
                command = EXITS.sub("", text) if match else text.split("  #")[0].strip()
                commands.append({
                    "page": page.name, "line": line + offset, "command": command,
                    "exit": int(match.group(1)) if match else 0,
                    "output": pasted if len(lines) == 1 else None,
                    "block_commands": len(lines), "block_has_output": pasted is not None,
                })
    return commands


COMMANDS = doc_commands()


def _argv(command: str) -> list:
    argv = []
    for word in shlex.split(command)[1:]:
        argv += sorted(glob.glob(word)) if "*" in word else [word]
    return argv


def _outputs(argv: list) -> dict:
    """Files a command writes (`-o FILE`, `--output FILE`, `--plot FILE`): option -> index of the path."""
    return {option: argv.index(option) + 1 for option in ("-o", "--output", "--plot") if option in argv}


@functools.cache  # read, never changed, by each of the page's tests
def _produced_by(page: str) -> dict:
    """Files that a page's commands write with -o, by name: the command that writes each."""
    produced = {}
    for entry in COMMANDS:
        if entry["page"] == page:
            argv = _argv(entry["command"])
            for option in ("-o", "--output"):
                if option in argv:
                    produced[argv[argv.index(option) + 1]] = entry["command"]
    return produced


def _run(command: str, tmp_path, produced: dict, capsys) -> tuple:
    """Run a documented command with its output files redirected into tmp_path (a file written
    by an earlier command of the page is made first, the way a reader following along has it)."""
    argv = _argv(command)
    written = {}
    for option, index in _outputs(argv).items():
        written[option] = tmp_path / argv[index].replace("/", "_")
        argv[index] = str(written[option])
    for index, word in enumerate(argv):
        if word in produced:
            target = tmp_path / word.replace("/", "_")
            if not target.exists():
                made = _argv(produced[word])
                option = "-o" if "-o" in made else "--output"
                made[made.index(option) + 1] = str(target)
                assert main(made) == 0, f"`{produced[word]}` (which writes {word}) failed"
                capsys.readouterr()
            argv[index] = str(target)
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, written


@pytest.mark.parametrize("entry", COMMANDS, ids=[f"{c['page']}:{c['line']}" for c in COMMANDS])
def test_doc_command_runs_as_printed(entry, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(ROOT)
    code, out, written = _run(entry["command"], tmp_path, _produced_by(entry["page"]), capsys)
    assert code == entry["exit"], (
        f"docs/{entry['page']}:{entry['line']}: `{entry['command']}` exits {code}, "
        f"the page says {entry['exit']}\n{out}")
    for option, path in written.items():
        assert path.exists() and path.stat().st_size > 0, f"`{entry['command']}` wrote nothing to {option}"
    if entry["output"] is None:
        return
    # the pasted output, with `...` for lines left out, must be what the command prints
    # (for a command that writes a file with -o, what it writes)
    printed = out + "".join(path.read_text() for option, path in written.items() if option in ("-o", "--output"))
    printed_lines = [line.rstrip() for line in printed.splitlines()]
    position = 0
    for pasted in entry["output"].splitlines():
        if pasted.strip() == "...":
            continue
        try:
            position = printed_lines.index(pasted.rstrip(), position) + 1
        except ValueError:
            pytest.fail(
                f"docs/{entry['page']}:{entry['line']}: the output pasted after `{entry['command']}` "
                f"is no longer what it prints; this line is missing or out of order:\n  {pasted}\n"
                f"it prints:\n{printed}\n(paste the new output into docs/{entry['page']})")


def test_docs_show_commands_and_their_output():
    examples = [c for c in COMMANDS if c["page"] == "examples.md"]
    assert len(examples) >= 15
    for needle in ("estimate docs/decoder.yaml", "sweep docs/decoder.yaml", "--plot docs/sweep.png",
                   "solve docs/decoder.yaml --target params=7e9 --for hidden_size --multiple-of 128",
                   "--target memory=80GiB --for num_layers --context 4096 --batch 8",
                   "--points tests/fixtures/points/gpt2-family.csv", "tests/fixtures/hf/llama-3-8b/config.json",
                   "convert ", "count tests/fixtures/files/", "diff tests/fixtures/files/"):
        assert any(needle in c["command"] for c in examples), needle
    # every estimate and solve example shows what it prints (at least its totals line)
    for entry in examples:
        if entry["command"].split()[1] in ("estimate", "solve"):
            assert entry["output"], f"examples.md:{entry['line']}: no output pasted after `{entry['command']}`"
    # a ```text block after a ```sh block is the output of its one command
    for entry in COMMANDS:
        if entry["block_has_output"]:
            assert entry["block_commands"] == 1, (
                f"docs/{entry['page']}:{entry['line']}: output pasted after a block of several commands")


def test_examples_show_the_files_they_use():
    text = (DOCS / "examples.md").read_text()
    assert (DOCS / "decoder.yaml").read_text() in text, "docs/examples.md must show docs/decoder.yaml as it is"
    points = (ROOT / "tests" / "fixtures" / "points" / "gpt2-family.csv").read_text()
    assert points in text, "docs/examples.md must show tests/fixtures/points/gpt2-family.csv as it is"


def test_docs_links_and_images_exist():
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if "://" not in target:
                assert (page.parent / target).exists(), f"docs/{page.name} links to missing {target}"
    plot = DOCS / "sweep.png"
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size < 150_000


# ---------------------------------------------------------------- the generated reference


@functools.cache
def generated_reference() -> str:
    """reference_markdown(), generated once for the three tests that read it."""
    return reference_markdown()


def test_reference_is_up_to_date():
    expected = generated_reference()
    actual = (DOCS / "reference.md").read_text()
    if actual != expected:
        diff = "".join(list(difflib.unified_diff(actual.splitlines(True), expected.splitlines(True),
                                                 "docs/reference.md", "generated", n=1))[:40])
        pytest.fail(f"docs/reference.md is out of date with the schema, the layer library or the "
                    f"expression parser; regenerate it with\n\n    {REGENERATE}\n\nfirst differences:\n{diff}")


def _schema_property_names(node, names):
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            names.add(name)
            _schema_property_names(child, names)
        for key, child in node.items():
            if key != "properties":
                _schema_property_names(child, names)
    elif isinstance(node, list):
        for child in node:
            _schema_property_names(child, names)
    return names


def test_reference_covers_every_key_type_and_function():
    text = generated_reference()
    schema = json.loads((data_dir("schemas") / "architecture.schema.json").read_text())
    names = _schema_property_names(schema, set())
    assert {"name", "hyperparameters", "model", "repeat", "tied_to", "active_shape", "kv_per_token",
            "null_means", "fractional", "like", "any_args"} <= names
    for name in sorted(names):
        assert f"| `{name}`" in text, f"schema key `{name}` is not in the reference"
    for name, layer_type in builtin_layer_types().items():
        assert f"\n### {name}\n" in text, f"layer type `{name}` is not in the reference"
    assert "Parameters: `in_features*out_features + out_features`" in text  # linear's formula
    for name in expressions.FUNCTIONS:
        assert f"| `{name}(" in text, f"function `{name}` is not in the reference"
    for operator in ("`a // b`", "`a ** b`", "`a if cond else b`", "`a in list`", "`x[i]`"):
        assert operator in text


def test_docgen_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "estimator.cli.docgen"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == generated_reference()


# ---------------------------------------------------------------- editor support

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")
SCHEMA = (ROOT / "schemas" / "architecture.schema.json").resolve()


@pytest.mark.parametrize("path", sorted([*ROOT.glob("architectures/*.yaml"), *ROOT.glob("estimator/families/*.yaml"),
                                         ROOT / "estimator" / "layers.yaml", *DOCS.glob("*.yaml")]),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_spec_names_the_schema_on_its_first_line(path):
    first = path.read_text().split("\n", 1)[0] + "\n"
    match = MODELINE.fullmatch(first)
    assert match, f"{path.relative_to(ROOT)} must start with `# yaml-language-server: $schema=...`"
    target = (path.parent / match.group(1)).resolve()
    assert target == SCHEMA, f"{path.relative_to(ROOT)} names {match.group(1)}, which is not {SCHEMA}"


def test_editors_page_shows_how_to_find_the_installed_schema():
    text = (DOCS / "editors.md").read_text()
    (command,) = [line for lang, body, _, _ in blocks(DOCS / "editors.md") if lang == "sh"
                  for line in body.splitlines() if line.startswith("python3 -c ")]
    assert "yaml-language-server: $schema=" in text and "redhat.vscode-yaml" in text
    result = subprocess.run(shlex.split(command), cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve().read_bytes() == SCHEMA.read_bytes()
