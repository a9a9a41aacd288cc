"""The review page (`estimator report`): counts recomputed in a real browser equal `estimate`.

The browser tests open pages in headless Chromium (Debian's `chromium` and `chromium-driver`,
which `.ci/run` installs) and are skipped where it is missing. Counts are read back from the
DOM after the page's script ran (`--dump-dom`), for a bundled decoder, a config.json family
and a user spec with its own layer types, at several query values, and compared with
`estimate --set ... --format json` with `==`. Moving a control is driven over WebDriver
(chromedriver's HTTP protocol, spoken with urllib: no client library needed).

Starting a browser costs a second or two and opening a page about 50 ms, so where chromedriver
is installed one WebDriver session per test process serves every test of the module: each page
is read in a new document of its own, and a test that works the controls leaves the browser on
`about:blank`, so no test sees what another did (the page keeps nothing outside its document:
no storage, no cookies). Where only Chromium is installed, each page is read with a
`chromium --dump-dom` of its own.
"""
import functools
import html
import json
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import sympy

import estimator
from estimator.cli.app import main
from estimator.cli import page as page_module
from estimator.cli.page import CSP, review_page
from estimator.core.errors import EstimatorError
from estimator.engine.jsprint import js_function, RUNTIME
from estimator.engine.sweep import PointEvaluator, VALUE_KEYS
from estimator.sources.resolve import load_spec

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
needs_driver = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None, reason="chromedriver is not installed")

BUNDLED = "llama-2-7b"
FAMILY = "tests/fixtures/hf/qwen3_moe-qwen3-30b-a3b/config.json"  # a config.json read through its family template
USER = "tests/fixtures/formula/hybrid-mamba2-moe.yaml"  # a user spec with its own layer_types
CASES = [  # (spec, query): each query is a design point the page must compute exactly
    (BUNDLED, {}),
    (BUNDLED, {"hidden_size": 1024, "num_layers": 24}),
    (BUNDLED, {"num_kv_heads": 8, "intermediate_size": 14336, "vocab_size": 128256}),
    (FAMILY, {}),
    (FAMILY, {"hidden_size": 1024, "num_experts": 64, "num_experts_per_tok": 4}),
    (FAMILY, {"num_hidden_layers": 7, "head_dim": 96, "moe_intermediate_size": 1000}),
    (USER, {}),
    (USER, {"hidden": 1024, "mamba_num_heads": 32, "num_experts": 16, "top_k": 1, "n_groups": 3}),
    (USER, {"d_state": 64, "mamba_num_heads": 32, "mamba_head_dim": 128}),
    ("vit-b-16", {"image_size": 448}),  # the context (FLOPs, KV cache) is derived: num_patches + 1
]
NONE = "\u2014"


# ---------------------------------------------------------------- helpers


def estimate_json(spec: str, query: dict, capsys) -> dict:
    argv = ["estimate", spec, "--format", "json"] + [a for k, v in query.items() for a in ("--set", f"{k}={v}")]
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


_PAGES: dict = {}


def page_file(spec: str, tmp_path_factory) -> Path:
    """The page of ``spec``, made once per test run."""
    if spec not in _PAGES:
        path = tmp_path_factory.mktemp("pages") / "review.html"
        path.write_text(review_page(str(ROOT / spec) if "/" in spec else spec))
        _PAGES[spec] = path
    return _PAGES[spec]


def page_url(path: Path, query: dict) -> str:
    return path.as_uri() + ("?" + urllib.parse.urlencode(query) if query else "")


def chromium_dom(path: Path, query: dict, tmp_path: Path) -> str:
    """The page's DOM after its script ran, from a headless Chromium of its own with its network
    quiet (where chromedriver is missing: `dom` below uses the shared session otherwise)."""
    url = page_url(path, query)
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120)
    assert 'data-ready="true"' in done.stdout, done.stderr[-2000:]
    return done.stdout


def dom_counts(dom: str) -> dict:
    """Every ``data-count`` element's text, by key (a key shown twice must show one value)."""
    counts: dict = {}
    for key, text in re.findall(r'data-count="([^"]+)"[^>]*>([^<]*)<', dom):
        counts.setdefault(key, set()).add(html.unescape(text))
    assert all(len(texts) == 1 for texts in counts.values()), counts
    return {key: texts.pop() for key, texts in counts.items()}


def as_integer(text: str) -> int:
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*", text), text  # the exact integer, with thousands separators
    return int(text.replace(",", ""))


def expected_value(result: dict, key: str):
    if key == "memory":
        return result["memory_bytes"]
    group, _, part = key.partition(".")  # weights_bytes.fp32, training_bytes_by_component.optimizer
    return result[group][part] if part else result[key]


def integer_leaves(result: dict) -> set:
    """Every count of `estimate --format json`, as the page names it."""
    keys = set()
    for key, value in result.items():
        if isinstance(value, int) and not isinstance(value, bool):
            keys.add(key)
        elif key != "hyperparameters" and isinstance(value, dict) and value and all(isinstance(v, int) and not isinstance(v, bool)
                                                      for v in value.values()):
            keys |= {f"{key}.{part}" for part in value}
    return keys


def error_text(dom: str) -> str:
    match = re.search(r'id="error-message">([^<]*)<', dom)
    return html.unescape(match.group(1)) if match else ""


# ---------------------------------------------------------------- the page itself (no browser)


def test_the_page_fetches_nothing_and_says_so(tmp_path_factory):
    text = page_file(BUNDLED, tmp_path_factory).read_text()
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in text
    assert not re.search(r"""\b(src|href|action|srcset|poster|data)\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert not re.search(r"<(link|iframe|img|object|embed|base)\b", text, re.I)
    assert "<script src" not in text and "@import" not in text and "url(" not in text
    assert "http://" not in text and "https://" not in text  # the SVG namespace is read from the parser


def test_the_formula_is_mathml(tmp_path_factory):
    text = page_file(BUNDLED, tmp_path_factory).read_text()
    assert '<math display="block">' in text and "<mi>hidden_size</mi>" in text


def test_the_printer_refuses_what_it_cannot_compute_exactly():
    x = sympy.Symbol("x", integer=True, positive=True)
    with pytest.raises(EstimatorError, match="`params`: `sin\\(x\\)` uses sin, which the review page cannot compute"):
        js_function([x + 1, sympy.sin(x)], [x], lambda i: "`params`")
    with pytest.raises(EstimatorError, match="uses Float"):
        js_function([x * sympy.Float(0.5)], [x])


def test_report_command_writes_the_page_and_rejects_a_bad_sweep_name(tmp_path, capsys):
    out = tmp_path / "review.html"
    assert main(["report", BUNDLED, "-o", str(out), "--sweep", "num_layers"]) == 0
    assert '<option value="num_layers" selected>' in out.read_text()
    assert main(["report", BUNDLED, "--sweep", "hidden"]) == 2
    assert "--sweep hidden: not a hyperparameter the page can vary" in capsys.readouterr().err


def test_structural_and_non_numeric_hyperparameters_stay_fixed_and_the_page_says_so(tmp_path_factory):
    text = page_file(FAMILY, tmp_path_factory).read_text()
    data = json.loads(re.search(r'id="review-data">(.*?)</script>', text).group(1))
    fixed = {f["name"]: f for f in data["fixed"]}
    assert fixed["decoder_sparse_step"]["why"] == "the model's structure depends on it"
    assert fixed["norm_topk_prob"]["why"] == "true or false"
    assert "decoder_sparse_step" not in {f["name"] for f in data["free"]}


def test_a_spec_without_formulas_gets_a_page_at_its_values(monkeypatch, capsys):
    def no_formulas(*args, **kwargs):
        raise EstimatorError("cannot be free")
    monkeypatch.setattr(page_module, "structural_free", no_formulas)
    text = review_page(BUNDLED)
    data = json.loads(re.search(r'id="review-data">(.*?)</script>', text).group(1))
    assert data["free"] == [] and "No control: the counts cannot be written as formulas" in text
    assert {f["name"] for f in data["fixed"]} == set(load_spec(BUNDLED).hyperparameters)
    expected = estimate_json(BUNDLED, {}, capsys)
    for key, shown in dom_counts(text).items():
        assert as_integer(shown) == expected_value(expected, key)


def test_a_notebook_shows_the_page_inline():
    page = estimator.report(BUNDLED)
    shown = page._repr_html_()
    assert shown.startswith("<iframe") and 'sandbox="allow-scripts"' in shown
    assert html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1)) == page.html


# ---------------------------------------------------------------- in the browser


@needs_chromium
@pytest.mark.parametrize("spec,query", CASES, ids=[f"{Path(s).stem}-{'-'.join(map(str, q.values())) or 'spec'}"
                                                   for s, q in CASES])
def test_counts_in_the_browser_equal_estimate(spec, query, tmp_path_factory, dom, capsys):
    expected = estimate_json(str(ROOT / spec) if "/" in spec else spec, query, capsys)
    shown = dom(page_file(spec, tmp_path_factory), query)
    assert error_text(shown) == ""
    counts = dom_counts(shown)
    assert integer_leaves(expected) | {"memory"} == set(counts)  # every count the estimate gives, and no other
    for key, text in counts.items():
        assert as_integer(text) == expected_value(expected, key), key
    # the module rows follow the controls too
    rows = dict(re.findall(r'data-module-params="([^"]+)"[^>]*>([^<]*)<', shown))
    modules = {m["path"]: m["params"] for m in expected["modules"] if m["depth"] <= 2}
    assert rows and all(as_integer(text) == modules.get(html.unescape(path), 0) for path, text in rows.items())


@functools.cache
def sweep_evaluator(spec: str) -> PointEvaluator:
    """What `sweep` evaluates points of ``spec`` with, one per spec as a sweep keeps one for all its
    points (the compiled plan of a set of columns is made once)."""
    loaded = load_spec(str(ROOT / spec) if "/" in spec else spec)
    return PointEvaluator(loaded, outputs=[k for k in VALUE_KEYS if k != "activation_bytes"])


@needs_chromium
@pytest.mark.parametrize("spec,query", [
    (BUNDLED, {"hidden_size": 1001}),  # head_dim = hidden_size / num_heads is fractional
    (BUNDLED, {"num_heads": 32, "num_kv_heads": 5}),  # the constraint num_heads % num_kv_heads == 0
    (USER, {"mamba_num_heads": 63}),  # the user spec's own constraint
])
def test_an_invalid_point_shows_the_message_sweep_gives(spec, query, tmp_path_factory, dom):
    page = page_file(spec, tmp_path_factory)
    data = json.loads(re.search(r'id="review-data">(.*?)</script>', page.read_text()).group(1))
    point = {f["name"]: int(f["value"]) for f in data["free"]} | query
    _, expected = sweep_evaluator(spec).evaluate(point)
    assert expected
    shown = dom(page, query)
    assert error_text(shown) == expected
    assert set(dom_counts(shown).values()) == {NONE}


@needs_chromium
@pytest.mark.parametrize("query,message", [
    ({"hidden_size": "abc"}, "hidden_size: expected a positive whole number, got 'abc'"),
    ({"hidden_size": "0"}, "hidden_size: this page takes positive values"),
    ({"hidden": "64"}, "the spec has no hyperparameter `hidden`"),
])
def test_a_bad_query_value_is_reported(query, message, tmp_path_factory, dom):
    shown = dom(page_file(BUNDLED, tmp_path_factory), query)
    assert error_text(shown).startswith(message)
    assert set(dom_counts(shown).values()) == {NONE}


@needs_chromium
def test_the_printed_javascript_computes_exactly_what_sympy_does(tmp_path, dom):
    """The printer and its BigInt rationals against sympy's exact values, on the operations
    specs produce (negative and fractional arguments included)."""
    a, b = sympy.symbols("a b", integer=True, positive=True)
    exprs = [
        sympy.floor(a / 3 - b), sympy.ceiling(-a / 7), sympy.Mod(a - 5 * b, 3), sympy.Mod(a, b),
        sympy.Mod(sympy.Rational(7, 2) * a, b + sympy.Rational(1, 3)), sympy.Min(a / 2, b), sympy.Max(a, b / 3, 4),
        sympy.Piecewise((a, a > b), (b**2, True)), (a + b) ** -2, a * sympy.Rational(-3, 4) + b / 6,
        2**b * a, sympy.Eq(sympy.Mod(a, b), 0), sympy.And(a > 1, sympy.Ne(b, 3)), sympy.Or(sympy.Not(a <= b), b >= 7),
        a * b * (a + 1) / (2 * b) + 10**40 * a,
    ]
    points = [(1, 1), (7, 3), (12, 4), (100, 7), (2**70 + 1, 9)]
    script = js_function(exprs, [a, b])
    page = tmp_path / "printer.html"
    page.write_text(
        "<!DOCTYPE html><html><body><script>" + RUNTIME + f"const F = {script};\n"
        + f"const points = {json.dumps([[str(x), str(y)] for x, y in points])};\n"
        + "const text = (x) => typeof x === 'boolean' ? String(x) : x === null ? 'null' : `${x.n}/${x.d}`;\n"
        + "document.body.dataset.out = JSON.stringify(points.map(([x, y]) => F({a: Q.I(BigInt(x)), b: Q.I(BigInt(y))})"
        + ".map(text)));\ndocument.body.dataset.ready = 'true';\n</script></body></html>")
    got = json.loads(html.unescape(re.search(r'data-out="([^"]*)"', dom(page, {})).group(1)))
    for (x, y), row in zip(points, got):
        for expr, text in zip(exprs, row):
            value = expr.xreplace({a: sympy.Integer(x), b: sympy.Integer(y)})
            expected = str(bool(value)).lower() if isinstance(value, sympy.logic.boolalg.BooleanAtom) \
                else f"{value.p}/{value.q}"
            assert text == expected, (expr, x, y)


# ---------------------------------------------------------------- moving a control (WebDriver)


class WebDriver:
    """The few WebDriver commands the tests need, over chromedriver's HTTP interface."""

    ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

    def __init__(self, profile: Path):
        # --port=0: chromedriver takes a free port and prints it once it listens (no port race, no polling)
        self.process = subprocess.Popen([CHROMEDRIVER, "--port=0"], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
        said = []
        for line in self.process.stdout:
            said.append(line)
            started = re.search(r"started successfully on port (\d+)", line)
            if started:
                break
        else:
            raise AssertionError(f"chromedriver did not start: {''.join(said)}")
        # whatever else it prints is read and dropped, so a full pipe never blocks it; the pipe is
        # closed at its end
        self.drain = threading.Thread(target=self._drain, daemon=True)
        self.drain.start()
        self.base = f"http://127.0.0.1:{started.group(1)}"
        options = {"binary": CHROMIUM, "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                                "--disable-background-networking", "--disable-component-update",
                                                "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"]}
        # the page's console (uncaught errors included) is kept, to say why a page did not get ready
        session = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "goog:chromeOptions": options, "goog:loggingPrefs": {"browser": "ALL"}, "pageLoadStrategy": "normal"}}})
        self.session = f"/session/{session['sessionId']}"
        self.opened = "about:blank"

    def _drain(self) -> None:
        with self.process.stdout:
            self.process.stdout.read()

    def call(self, method: str, path: str, body: dict | None = None):
        request = urllib.request.Request(self.base + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as error:  # WebDriver's own message, not just the HTTP status
            raise AssertionError(f"{method} {path}: {error.read().decode(errors='replace')[:2000]}") from None

    def open(self, url: str) -> None:
        """Opens ``url`` and returns once it has loaded (its inline script ran)."""
        self.call("POST", self.session + "/url", {"url": url})
        self.opened = url

    def run(self, script: str, *args):
        return self.call("POST", self.session + "/execute/sync", {"script": script, "args": list(args)})

    def type_into(self, css: str, text: str) -> None:
        element = self.call("POST", self.session + "/element", {"using": "css selector", "value": css})[self.ELEMENT]
        self.call("POST", f"{self.session}/element/{element}/clear", {})
        self.call("POST", f"{self.session}/element/{element}/value", {"text": text})

    # Resolves with the DOM once the body says it is ready: at once if it already does (the page's
    # script runs before `load`), else when an observed mutation makes it so, else after the 5 s
    # that `chromium_dom` gives a page (then the caller's assertion says the page never got ready).
    READY = """
const done = arguments[0];
const ready = () => document.body !== null && document.body.dataset.ready === 'true';
const give = () => done(document.documentElement.outerHTML);
if (ready()) give();
else {
  const watch = new MutationObserver(() => { if (ready()) { watch.disconnect(); give(); } });
  watch.observe(document, {attributes: true, childList: true, subtree: true});
  setTimeout(give, 5000);
}"""

    def dom(self, url: str) -> str:
        """The DOM of ``url`` after its script ran, as `chromium --dump-dom` gives it, in a new
        document (a page opened again over itself could be taken as a reload, which restores
        what its controls held)."""
        if self.opened == url:
            self.open("about:blank")
        self.open(url)
        dom = self.call("POST", self.session + "/execute/async", {"script": self.READY, "args": []})
        assert 'data-ready="true"' in dom, self.call("POST", self.session + "/se/log", {"type": "browser"})
        return dom

    def close(self) -> None:
        try:
            self.call("DELETE", self.session)
        finally:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.drain.join(timeout=30)


@pytest.fixture(scope="session")
def driver_session(tmp_path_factory):
    """One browser for every test of this module in this process (started by the first test that
    needs it: a pytest-xdist worker given none starts none). Session-scoped, so a worker handed
    this module's tests in several runs between other modules' tests still starts one."""
    driver = WebDriver(tmp_path_factory.mktemp("profile"))
    yield driver
    driver.close()


@pytest.fixture
def browser(driver_session):
    """The shared browser, for a test that works the page's controls: afterwards it is left on
    `about:blank`, so what the test typed and the address it wrote are gone (the page keeps no
    storage, no cookies, nothing outside its document)."""
    yield driver_session
    driver_session.open("about:blank")


@pytest.fixture
def dom(request):
    """``dom(path, query)``: the page's DOM after its script ran, in a new document of the shared
    browser where chromedriver is installed (reading a page changes nothing in it: no reset
    needed), else from a `chromium --dump-dom` of its own."""
    if CHROMEDRIVER is None:
        tmp_path = request.getfixturevalue("tmp_path")
        return lambda path, query: chromium_dom(path, query, tmp_path)
    driver = request.getfixturevalue("driver_session")
    return lambda path, query: driver.dom(page_url(path, query))


COUNT = "return document.querySelector('[data-count=\"' + arguments[0] + '\"]').textContent"


@needs_driver
def test_moving_a_control_updates_every_count_and_the_address(browser, tmp_path_factory, capsys):
    page = page_file(BUNDLED, tmp_path_factory)
    browser.open(page.as_uri() + "?num_layers=24")
    assert browser.run("return location.search") == "?num_layers=24"
    browser.type_into('[data-hp="hidden_size"]', "2048")
    expected = estimate_json(BUNDLED, {"hidden_size": 2048, "num_layers": 24}, capsys)
    for key in ("params", "active_params", "non_embedding_params", "memory_bytes", "kv_cache_bytes"):
        assert as_integer(browser.run(COUNT, key)) == expected[key]
    assert dict(urllib.parse.parse_qsl(browser.run("return location.search")[1:])) == \
        {"hidden_size": "2048", "num_layers": "24"}
    # the slider moves the value too
    browser.run("const s = document.querySelector('[data-slider=\"num_layers\"]'); s.value = '40';"
                "s.dispatchEvent(new Event('input'))")
    expected = estimate_json(BUNDLED, {"hidden_size": 2048, "num_layers": 40}, capsys)
    assert as_integer(browser.run(COUNT, "params")) == expected["params"]
    assert "num_layers=40" in browser.run("return location.search")
    # an invalid value says why; a valid one clears it
    browser.type_into('[data-hp="hidden_size"]', "2050")
    assert "head_dim = hidden_size/num_heads is 1025/16, not an integer" in browser.run(
        "return document.getElementById('error').textContent")
    assert browser.run(COUNT, "params") == NONE
    browser.type_into('[data-hp="hidden_size"]', "4096")
    assert browser.run("return document.getElementById('error').hidden") is True
    # the sweep chart has a point per value, and the page fetched nothing
    assert browser.run("return document.querySelectorAll('#sweep-chart circle').length") > 5
    assert browser.run("return performance.getEntriesByType('resource').length") == 0
