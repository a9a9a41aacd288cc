#!/usr/bin/env bash
# Dev-only packaging check (see tools/README.md): build the wheel and the sdist with
# `python3 -m build`, install each into a fresh virtual environment, and run the CLI from
# a folder outside the repository, so that only the installed package (and its package
# data: bundled architectures, schemas, layers.yaml, families/*.yaml) can answer.
#
#   tools/check_package.sh            # wheel and sdist
#   tools/check_package.sh --tests    # also run the test suite from the unpacked sdist
#
# Needs `build` (pip install build) and an index pip can install the dependencies from.
# Exits non-zero on the first failure. WORK=<dir> keeps the venvs and dists there.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
RUN_TESTS=0
[[ "${1:-}" == "--tests" ]] && RUN_TESTS=1

WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/estimator-pkg.XXXXXX")}"
mkdir -p "$WORK"
echo "== work folder: $WORK"

echo "== build"
rm -rf "$WORK/dist"
(cd "$REPO" && "$PYTHON" -m build --outdir "$WORK/dist" >"$WORK/build.log" 2>&1) \
    || { tail -30 "$WORK/build.log"; echo "FAIL: build (log: $WORK/build.log)"; exit 1; }
WHEEL="$(ls "$WORK"/dist/*.whl)"
SDIST="$(ls "$WORK"/dist/*.tar.gz)"
echo "   $(basename "$WHEEL")  $(basename "$SDIST")"

VERSION="$(cd "$REPO" && "$PYTHON" -c 'import re; print(re.search(r"__version__ = \"(.+?)\"", open("estimator/__init__.py").read())[1])')"

# What each distribution must hold (paths inside the wheel / the unpacked sdist).
expect_files() {  # $1 = listing file, $2.. = paths it must hold
    local listing="$1" missing=0
    shift
    for path in "$@"; do
        grep -qxF -- "$path" "$listing" || { echo "FAIL: $path missing"; missing=1; }
    done
    return $missing
}

echo "== wheel contents"
"$PYTHON" -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$WHEEL" >"$WORK/wheel.txt"
wheel_expected=(estimator/layers.yaml estimator/py.typed estimator/schemas/architecture.schema.json)
for f in "$REPO"/architectures/*.yaml; do wheel_expected+=("estimator/architectures/$(basename "$f")"); done
for f in "$REPO"/estimator/families/*.yaml; do wheel_expected+=("estimator/families/$(basename "$f")"); done
expect_files "$WORK/wheel.txt" "${wheel_expected[@]}"
if grep -q '^tests/' "$WORK/wheel.txt"; then echo "FAIL: the wheel holds tests/"; exit 1; fi
echo "   ok (${#wheel_expected[@]} data files)"

echo "== sdist contents"
tar -tzf "$SDIST" | sed 's|^[^/]*/||' >"$WORK/sdist.txt"
sdist_expected=(pyproject.toml README.md MANIFEST.in .ci/run estimator/layers.yaml estimator/py.typed
                schemas/architecture.schema.json tests/conftest.py)
(cd "$REPO" && git ls-files architectures estimator tests) >"$WORK/tracked.txt"
while read -r f; do sdist_expected+=("$f"); done <"$WORK/tracked.txt"
expect_files "$WORK/sdist.txt" "${sdist_expected[@]}"
echo "   ok (${#sdist_expected[@]} files, every tracked file of architectures/, estimator/, tests/)"

# Run the CLI from an empty folder outside the repo; fixtures are copied there first.
smoke() {  # $1 = venv
    local venv="$1" here="$WORK/elsewhere"
    rm -rf "$here" && mkdir -p "$here"
    cp -r "$REPO/tests/fixtures/hf/llama-3-8b" "$REPO/tests/fixtures/files" "$here/"
    cd "$here"
    local e="$venv/bin/estimator"
    run() { echo "   \$ estimator $*"; "$e" "$@" >"$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt"; echo "FAIL: estimator $*"; exit 1; }; }
    run --version
    grep -qx "estimator $VERSION" "$WORK/out.txt" || { echo "FAIL: --version says $(cat "$WORK/out.txt"), expected $VERSION"; exit 1; }
    run estimate resnet50
    grep -q "25,557,032 parameters" "$WORK/out.txt" || { echo "FAIL: resnet50 count"; exit 1; }
    run estimate --list
    run estimate llama-3-8b/config.json
    grep -q "8,030,261,248 parameters" "$WORK/out.txt" || { echo "FAIL: llama-3-8b config.json count"; exit 1; }
    run convert llama-3-8b/config.json -o converted.yaml
    run estimate converted.yaml
    grep -q "8,030,261,248 parameters" "$WORK/out.txt" || { echo "FAIL: converted spec count"; exit 1; }
    run layers
    run layers attention
    run layers --spec resnet50
    run shapes gpt2 --format csv
    run validate "$venv"/lib/python*/site-packages/estimator/architectures/*.yaml
    run formula gpt2 --leading
    run sweep gpt2 --grid num_layers=12,24 --format json
    run solve llama-2-7b --target params=7e9 --for hidden_size --multiple-of 128
    run count files/tiny-llama.gguf
    run diff files/tiny-llama.yaml files/tiny-llama.gguf
    echo "   \$ python -m estimator --version; import estimator.api"
    "$venv/bin/python" -m estimator --version >/dev/null
    "$venv/bin/python" -c 'import estimator.api as a; assert a.estimate("gpt2")["params"] == 124439808' \
        || { echo "FAIL: estimator.api"; exit 1; }
    cd "$WORK"
}

for kind in wheel sdist; do
    venv="$WORK/venv-$kind"
    dist="$WHEEL"; [[ $kind == sdist ]] && dist="$SDIST"
    echo "== $kind: fresh venv $venv"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/python" -m pip install -q "$dist" >"$WORK/pip-$kind.log" 2>&1 \
        || { cat "$WORK/pip-$kind.log"; echo "FAIL: pip install $kind"; exit 1; }
    smoke "$venv"
    echo "   ok"
done

if [[ $RUN_TESTS == 1 ]]; then
    echo "== test suite from the unpacked sdist (venv-sdist + the [test] extra)"
    rm -rf "$WORK/src" && mkdir -p "$WORK/src"
    tar -xzf "$SDIST" -C "$WORK/src" --strip-components=1
    "$WORK/venv-sdist/bin/python" -m pip install -q "$WORK/src[test]" >"$WORK/pip-test.log" 2>&1 \
        || { cat "$WORK/pip-test.log"; echo "FAIL: pip install [test]"; exit 1; }
    (cd "$WORK/src" && "$WORK/venv-sdist/bin/python" -m pytest -q -p no:cacheprovider --ignore=tests/test_fuzz.py) \
        || { echo "FAIL: tests from the sdist"; exit 1; }
fi

echo "== package check passed ($WORK)"
