"""Activation memory for training: what each layer keeps for its backward pass, for one
micro-batch, under a named profile (``estimator/profiles.yaml``).

Layer types declare ``activations:`` beside their tensors (``layers.yaml``, a spec's
``layer_types:``, or the profile file's ``layer_types:`` for types defined in the bundled
blocks and family templates): named saved tensors, each a number of elements (an expression of
``micro_batch``, ``seq_len`` and the type's arguments) with a dtype, the profiles it belongs
to and a condition. This module sums them per module (as the breakdown names modules) and in
total, exactly: Python integers, or sympy formulas where symbols are free.

Recompute ``full``: every layer under a ``repeat`` (a checkpointed block) keeps only its
input, the first declaration marked ``input: true`` below it, in the activation dtype;
modules outside the repeated layers keep what they declare. ``selective`` (megatron): the
declarations read ``selective_recompute``.
MoE layers assume the balanced routing: tokens x top_k spread evenly over the experts (for the
hf profiles the measured memory is linear in the routed pairs, so this is exact).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from estimator.core.errors import COMMAND_LINE, did_you_mean, EstimatorError, Location
from estimator.core.expressions import describe, evaluate, normalise, product, require_integral, Scope
from estimator.engine.expand import ActivationSite, Inventory, Repeat
from estimator.engine.totals import PathNames
from estimator.spec.loader import load_yaml_file
from estimator.spec.model import PACKAGE_DIR

PROFILES_FILE = PACKAGE_DIR / "profiles.yaml"
ELEMENT_BYTES = {"fp32": 4, "int64": 8, "int32": 4, "uint8": 1}  # `act`: the activation dtype
RECOMPUTE_MODES = ("none", "selective", "full")


@lru_cache(maxsize=1)
def profile_document() -> Any:
    return load_yaml_file(str(PROFILES_FILE))


def profiles() -> dict:
    """Profile name -> its definition (doc, source, recompute modes)."""
    return dict(profile_document().data.get("profiles", {}))


@dataclass(frozen=True)
class ActivationSums:
    total: Any
    modules: dict  # breakdown path -> bytes


def check_profile(profile: str, recompute: str) -> dict:
    where = Location(COMMAND_LINE)
    known = profiles()
    if profile not in known:
        raise EstimatorError(f"--activations {profile}: unknown profile{did_you_mean(profile, known)}"
                             f" (profiles: {', '.join(known)})", where)
    modes = known[profile].get("recompute", ["none"])
    if recompute not in modes:
        raise EstimatorError(f"--recompute {recompute}: profile {profile} has {', '.join(modes)}", where)
    return known[profile]


def _declarations(site: ActivationSite, overlay: dict, overlay_doc: Any) -> list[tuple]:
    """``(name, entry, document, json path)`` of a site's declarations: its type's, then the
    profile file's for that type name."""
    found = [(name, entry, site.document, site.json_path + (name,)) for name, entry in site.declarations.items()]
    extra = overlay.get(site.type_name, {}).get("activations", {})
    found += [(name, entry, overlay_doc, ("layer_types", site.type_name, "activations", name))
              for name, entry in extra.items()]
    return found


def _layer_path(path: tuple) -> tuple | None:
    """The repeated layer (a checkpointed block) a site sits in: its path up to the first repeat,
    or up to the first numbered copy (`layers.3`, a repeat expanded copy by copy)."""
    for end, segment in enumerate(path):
        if isinstance(segment, Repeat) or (isinstance(segment, str) and segment.isdigit()):
            return path[:end + 1]
    return None


def activation_sums(inventory: Inventory, profile: str, micro_batch: Any, seq_len: Any, act_bytes: int,
                    recompute: str = "none", tp: Any = 1, sp: bool = False) -> ActivationSums:
    """Bytes kept for backward, per module and in total (see the module doc)."""
    check_profile(profile, recompute)
    document = profile_document()
    overlay = document.data.get("layer_types", {}) or {}
    full = recompute == "full"
    names = {"micro_batch": micro_batch, "seq_len": seq_len, "tp": tp, "sp": sp, "fp32": act_bytes == 4,
             "full_recompute": full, "selective_recompute": recompute == "selective"}
    modules: dict = {}
    total: Any = 0
    kept_inputs: set = set()
    declared = False  # whether any layer of the model declares what it keeps under this profile
    paths = PathNames()  # the modules holding a site: worked out from its parent's
    profiles_file = Location(str(PROFILES_FILE))  # where the profile's names are set (one value, shared)

    def add(path: tuple, value: Any) -> None:
        nonlocal total
        if value == 0:
            return
        total = normalise(total + value)
        for key in paths.holders(path):
            modules[key] = normalise(modules.get(key, 0) + value)

    for site in inventory.activation_sites:
        entries = _declarations(site, overlay, document)
        if not entries:
            continue
        scope = Scope(label=site.type_name, parent=site.scope)
        for name, value in names.items():
            scope.set_value(name, value, profiles_file)
        layer = _layer_path(site.path) if full else None
        for name, entry, doc, json_path in entries:
            tags = entry.get("profiles")
            if tags is not None and profile not in tags:
                continue
            declared = True
            if layer is not None:
                if not entry.get("input") or layer in kept_inputs:
                    continue
                kept_inputs.add(layer)
                elements = _elements(entry, doc, json_path, scope)
                add(layer, normalise(elements * act_bytes * product(
                    seg.count for seg in layer if isinstance(seg, Repeat))))
                continue
            if "if" in entry:
                where = doc.where(json_path + ("if",))
                holds = evaluate(entry["if"], where, scope)
                if not isinstance(holds, bool):
                    raise EstimatorError(f"activation `{name}`: `if` is {describe(holds)}, not true or false", where)
                if not holds:
                    continue
            elements = _elements(entry, doc, json_path, scope)
            dtype = entry.get("dtype", "act")
            size = act_bytes if dtype == "act" else ELEMENT_BYTES.get(dtype)
            if size is None:
                raise EstimatorError(f"activation `{name}`: dtype {dtype} is not one of act, "
                                     f"{', '.join(ELEMENT_BYTES)}", doc.where(json_path + ("dtype",)))
            add(site.path, normalise(elements * size * site.multiplicity * site.uses))
    if not declared:  # 0 bytes would read as a measured figure: say that nothing is covered
        raise EstimatorError(f"--activations {profile}: no layer of this model declares what it keeps for backward "
                             "(declared for transformer layers: embeddings, norms, attention, MLPs, MoE; "
                             "see docs/activations.md)", Location(COMMAND_LINE))
    return ActivationSums(total, modules)


def declared_tensors(inventory: Inventory, profile: str, micro_batch: Any, seq_len: Any, act_bytes: int,
                     names: tuple) -> list[tuple[ActivationSite, str, str, Any]]:
    """``(site, entry name, dtype, bytes)`` of one copy of each declared tensor whose name starts with
    one of ``names``, in ``profile`` without recompute, whose `if` holds: the single tensors the
    inference transient reads (eager scores, an RMSNorm's fp32 input, fp32 routing weights)."""
    document = profile_document()
    overlay = document.data.get("layer_types", {}) or {}
    values = {"micro_batch": micro_batch, "seq_len": seq_len, "tp": 1, "sp": False, "fp32": act_bytes == 4,
              "full_recompute": False, "selective_recompute": False}
    found: list = []
    # the sites of one type share its declarations: which of them are read is worked out once per type
    # (a model's layers are the same few types), as (from the type's own, name, entry)
    chosen: dict[tuple, list] = {}
    where = Location(str(PROFILES_FILE))
    for site in inventory.activation_sites:
        key = (id(site.declarations), site.type_name)
        picked = chosen.get(key)
        if picked is None:
            extra = overlay.get(site.type_name, {}).get("activations", {})
            picked = chosen[key] = [
                (own, name, entry) for own, declarations in ((True, site.declarations), (False, extra))
                for name, entry in declarations.items() if name.startswith(names)
                and (entry.get("profiles") is None or profile in entry["profiles"])]
        if not picked:
            continue
        entries = [(name, entry, site.document, site.json_path + (name,)) if own else
                   (name, entry, document, ("layer_types", site.type_name, "activations", name))
                   for own, name, entry in picked]  # as _declarations gives them
        scope = Scope(label=site.type_name, parent=site.scope)
        for name, value in values.items():
            scope.set_value(name, value, where)
        for name, entry, doc, json_path in entries:
            if "if" in entry and evaluate(entry["if"], doc.where(json_path + ("if",)), scope) is not True:
                continue
            dtype = entry.get("dtype", "act")
            size = act_bytes if dtype == "act" else ELEMENT_BYTES.get(dtype, act_bytes)
            found.append((site, name, dtype, normalise(_elements(entry, doc, json_path, scope) * size)))
    return found


def _elements(entry: dict, doc: Any, json_path: tuple, scope: Scope) -> Any:
    where = doc.where(json_path + ("elements",))
    raw = entry.get("elements", 0)
    value = evaluate(raw, where, scope)
    return require_integral(value, "activation elements", raw, where, scope)
