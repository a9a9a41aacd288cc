"""Write estimator/spec/schema_check.py: a pure-Python yes/no validator for
schemas/architecture.schema.json (JSON Schema 2020-12), so that a valid spec is checked
without importing jsonschema (about 0.1 s of a 0.6 s run). jsonschema still words the error
of an invalid one (estimator.spec.model.validate_schema).

    python3 tools/make_schema_check.py            # rewrite the module
    python3 tools/make_schema_check.py --check    # exit 1 if the committed module is stale

Only the keywords the schema uses are implemented, each as jsonschema 4 applies it (types as
its draft 2020-12 type checker sees them: an integral float is an integer, a bool is not a
number; `pattern` with re.search; `enum` with its bool-aware equality); any other keyword
makes this script refuse, so the schema cannot outgrow the generated code unnoticed.
tests/test_schema_check.py checks that the module equals this script's output and agrees
with jsonschema on every bundled document, the fixtures, the hostile corpus and random
mutations.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "architecture.schema.json"
OUTPUT_FILE = ROOT / "estimator" / "spec" / "schema_check.py"

ANNOTATIONS = {"description", "title", "$comment", "examples", "default"}  # no effect on validity
ROOT_ONLY = {"$schema", "$id", "$defs"}
IMPLEMENTED = {"type", "enum", "$ref", "anyOf", "minLength", "pattern", "minimum", "items", "minItems", "maxItems",
               "properties", "additionalProperties", "required", "propertyNames", "minProperties", "maxProperties"}
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# jsonschema's draft 2020-12 type checker, as expressions of the instance `{0}`
TYPES = {
    "null": "{0} is None",
    "boolean": "isinstance({0}, bool)",
    "integer": "(isinstance({0}, int) and not isinstance({0}, bool) or isinstance({0}, float) and {0}.is_integer())",
    "number": "(isinstance({0}, Number) and not isinstance({0}, bool))",
    "string": "isinstance({0}, str)",
    "array": "isinstance({0}, list)",
    "object": "isinstance({0}, dict)",
}


class Refused(Exception):
    """The schema uses something this generator does not implement."""


class Generator:
    def __init__(self, schema: dict):
        self.schema = schema
        self.functions: list[str] = []  # generated function definitions, in order
        self.constants: list[str] = []  # compiled patterns, property tables
        self.patterns: dict[str, str] = {}
        self.defs = schema.get("$defs", {})
        if not isinstance(self.defs, dict):
            raise Refused("$defs must be an object")
        self.counter = 0
        self.bodies: dict[str, str] = {}  # a generated body -> its function, made once

    def fresh(self, hint: str) -> str:
        self.counter += 1
        return f"_{re.sub(r'[^A-Za-z0-9_]', '_', hint)}_{self.counter}"

    def run(self) -> str:
        if self.schema.get("$schema") != DIALECT:
            raise Refused(f"$schema must be {DIALECT}")
        for name, definition in self.defs.items():
            self.function(definition, f"_def_{self.ident(name)}", "#/$defs/" + name)
        root = self.function(self.schema, "_root", "#", root=True)
        return self.module(root)

    @staticmethod
    def ident(name: str) -> str:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise Refused(f"$defs name {name!r} is not an identifier")
        return name

    def check_keywords(self, schema: object, where: str, root: bool = False) -> dict:
        if not isinstance(schema, dict):
            raise Refused(f"{where}: a boolean or non-object schema is not implemented")
        allowed = IMPLEMENTED | ANNOTATIONS | (ROOT_ONLY if root else set())
        unknown = sorted(set(schema) - allowed)
        if unknown:
            raise Refused(f"{where}: keyword(s) {', '.join(unknown)} not implemented")
        return schema

    def function(self, schema: object, name: str | None, where: str, hint: str = "", root: bool = False) -> str:
        """Define a function ``(x) -> bool`` for ``schema`` and return its name: ``name``, or
        (None) a fresh one, or that of an earlier function with the same body."""
        schema = self.check_keywords(schema, where, root)
        body = "".join(f"    {line}\n" for line in self.body(schema, where))
        if name is None:
            if body in self.bodies:
                return self.bodies[body]
            name = self.fresh(hint)
            self.bodies[body] = name
        self.functions.append(f"def {name}(x: Any) -> bool:\n" + body)
        return name

    def callable_for(self, schema: object, where: str, hint: str) -> str:
        """The name of a function that checks ``schema``: a $defs function when the schema is
        just a $ref (with annotations), else a new one."""
        schema = self.check_keywords(schema, where)
        if set(schema) - ANNOTATIONS == {"$ref"}:
            return self.ref(schema["$ref"], where)
        return self.function(schema, None, where, hint)

    def ref(self, reference: object, where: str) -> str:
        if not isinstance(reference, str) or not reference.startswith("#/$defs/") \
                or reference[len("#/$defs/"):] not in self.defs:
            raise Refused(f"{where}: $ref {reference!r} is not a #/$defs/NAME of this schema")
        return f"_def_{self.ident(reference[len('#/$defs/'):])}"

    def expression(self, schema: object, where: str, var: str, hint: str) -> str:
        """A boolean expression of ``var`` for a subschema (a call when it needs statements)."""
        schema = self.check_keywords(schema, where)
        simple = {"type", "enum", "$ref", "anyOf", "minLength", "pattern", "minimum"} | ANNOTATIONS
        if set(schema) <= simple:
            conditions = self.conditions(schema, where, var)  # each one parenthesised or a call
            return conditions[0] if len(conditions) == 1 else "(" + " and ".join(conditions) + ")" if conditions else "True"
        return f"{self.callable_for(schema, where, hint)}({var})"

    def conditions(self, schema: dict, where: str, var: str) -> list[str]:
        """Conditions (all must hold) for the keywords that need no loop."""
        out = []
        types = schema.get("type")
        if types is not None:
            names = [types] if isinstance(types, str) else types
            if not isinstance(names, list) or not names or any(n not in TYPES for n in names):
                raise Refused(f"{where}: type {types!r} is not implemented")
            out.append("(" + " or ".join(TYPES[n].format(var) for n in names) + ")")
        only = names[0] if types is not None and len(names) == 1 else None
        if "enum" in schema:
            values = schema["enum"]
            if not isinstance(values, list) or not values:
                raise Refused(f"{where}: enum must be a non-empty list")
            parts = []
            strings = [v for v in values if isinstance(v, str)]
            if strings:
                parts.append(f"isinstance({var}, str) and {var} in {tuple(strings)!r}")
            for value in values:
                if value is True or value is False or value is None:
                    parts.append(f"{var} is {value!r}")  # jsonschema's equal: True is not 1
                elif not isinstance(value, str):
                    raise Refused(f"{where}: enum value {value!r} is not implemented (strings, booleans, null)")
            out.append("(" + " or ".join(parts) + ")")
        if "$ref" in schema:
            out.append(f"{self.ref(schema['$ref'], where)}({var})")
        if "anyOf" in schema:
            branches = schema["anyOf"]
            if not isinstance(branches, list) or not branches:
                raise Refused(f"{where}: anyOf must be a non-empty list")
            out.append("(" + " or ".join(self.expression(branch, f"{where}/anyOf/{i}", var, "any")
                                         for i, branch in enumerate(branches)) + ")")
        string = []
        if "minLength" in schema:
            string.append(f"len({var}) >= {self.count(schema['minLength'], where)}")
        if "pattern" in schema:
            string.append(f"{self.pattern(schema['pattern'], where)}.search({var}) is not None")
        if string:
            out.append(self.guarded(" and ".join(string), "string", only, var))
        if "minimum" in schema:
            minimum = schema["minimum"]
            if isinstance(minimum, bool) or not isinstance(minimum, int):
                raise Refused(f"{where}: minimum {minimum!r} is not an integer")
            # `not <` as jsonschema writes it (a NaN passes)
            out.append(self.guarded(f"not {var} < {minimum}", "number", only, var))
        return out

    @staticmethod
    def guarded(condition: str, kind: str, only: str | None, var: str) -> str:
        """A keyword that applies only to instances of one kind: holds for any other."""
        if only == kind or (kind == "number" and only == "integer"):
            return f"({condition})"
        return f"(not {TYPES[kind].format(var)} or {condition})"

    @staticmethod
    def count(value: object, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise Refused(f"{where}: {value!r} is not a non-negative integer")
        return value

    def pattern(self, pattern: object, where: str) -> str:
        if not isinstance(pattern, str):
            raise Refused(f"{where}: pattern must be a string")
        re.compile(pattern)
        if pattern not in self.patterns:
            name = f"_PATTERN_{len(self.patterns)}"
            self.patterns[pattern] = name
            self.constants.append(f"{name} = re.compile({pattern!r})")
        return self.patterns[pattern]

    def body(self, schema: dict, where: str) -> list[str]:
        lines = [line for condition in self.conditions(schema, where, "x")
                 for line in (f"if not {condition}:", "    return False")]
        types = schema.get("type")
        only = types if isinstance(types, str) else (types[0] if isinstance(types, list) and len(types) == 1 else None)
        array = self.array(schema, where)
        if array:
            lines += self.block(array, "array", only)
        obj = self.object(schema, where)
        if obj:
            lines += self.block(obj, "object", only)
        return lines + ["return True"]

    @staticmethod
    def block(lines: list[str], kind: str, only: str | None) -> list[str]:
        if only == kind:
            return lines
        return [f"if {TYPES[kind].format('x')}:"] + ["    " + line for line in lines]

    def array(self, schema: dict, where: str) -> list[str]:
        lines = []
        if "minItems" in schema:
            lines += [f"if len(x) < {self.count(schema['minItems'], where)}:", "    return False"]
        if "maxItems" in schema:
            lines += [f"if len(x) > {self.count(schema['maxItems'], where)}:", "    return False"]
        if "items" in schema:
            items = schema["items"]
            if not isinstance(items, dict):
                raise Refused(f"{where}: items must be a schema object (prefixItems and boolean items are not implemented)")
            check = self.expression(items, f"{where}/items", "item", "item")
            lines += ["for item in x:", f"    if not {check}:", "        return False"]
        return lines

    def object(self, schema: dict, where: str) -> list[str]:
        lines = []
        if "minProperties" in schema:
            lines += [f"if len(x) < {self.count(schema['minProperties'], where)}:", "    return False"]
        if "maxProperties" in schema:
            lines += [f"if len(x) > {self.count(schema['maxProperties'], where)}:", "    return False"]
        if "required" in schema:
            required = schema["required"]
            if not isinstance(required, list) or not all(isinstance(name, str) for name in required):
                raise Refused(f"{where}: required must be a list of strings")
            for name in required:
                lines += [f"if {name!r} not in x:", "    return False"]
        properties = schema.get("properties", {})
        if not isinstance(properties, dict):
            raise Refused(f"{where}: properties must be an object")
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        if not properties and extra is True and names is None:
            return lines
        loop = ["for key, value in x.items():"]
        if names is not None:
            check = self.expression(names, f"{where}/propertyNames", "key", "name")
            loop += [f"    if not {check}:", "        return False"]
        if properties:
            table = self.fresh("PROPERTIES").upper()
            entries = ", ".join(f"{key!r}: {self.callable_for(sub, f'{where}/properties/{key}', key)}"
                                for key, sub in properties.items())
            self.constants.append(f"{table}: dict[str, Callable[[Any], bool]] = {{{entries}}}")
            loop += [f"    check = {table}.get(key)", "    if check is not None:", "        if not check(value):",
                     "            return False", "        continue"]
        if extra is False:
            loop += ["    return False"]
        elif isinstance(extra, dict):
            check = self.expression(extra, f"{where}/additionalProperties", "value", "extra")
            loop += [f"    if not {check}:", "        return False"]
        elif extra is not True:
            raise Refused(f"{where}: additionalProperties must be a schema or a boolean")
        if loop[-1] == "        continue":  # nothing after the properties: the loop needs no continue
            loop.pop()
        return lines + loop

    def module(self, root: str) -> str:
        # functions call each other by name at run time, so their order does not matter;
        # the tables of functions are built after every function exists
        header = f'''"""Generated by tools/make_schema_check.py from schemas/architecture.schema.json: do not edit.

Whether a document is valid against the schema, as jsonschema's Draft202012Validator would
say, in plain Python (importing jsonschema costs about 0.1 s). Only a yes/no:
estimator.spec.model.validate_schema asks jsonschema to word the error of an invalid one.
tests/test_schema_check.py checks that this file is what the script writes for the schema
and that it agrees with jsonschema.
"""
from __future__ import annotations

import re
from numbers import Number
from typing import Any, Callable


def is_valid(instance: Any) -> bool:
    """Whether ``instance`` is valid against schemas/architecture.schema.json."""
    return {root}(instance)
'''
        patterns = [line for line in self.constants if line.startswith("_PATTERN_")]
        tables = [line for line in self.constants if not line.startswith("_PATTERN_")]
        return "\n".join([header, "\n".join(patterns), "", *("\n" + f for f in self.functions), "", *tables]) + "\n"


def generate(schema: dict) -> str:
    return Generator(schema).run()


def main() -> int:
    text = generate(json.loads(SCHEMA_FILE.read_text()))
    if sys.argv[1:] == ["--check"]:
        if OUTPUT_FILE.read_text() != text:
            print(f"{OUTPUT_FILE} is stale: run python3 tools/make_schema_check.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT_FILE.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
