"""The spec: YAML with locations, the schema, layer types, composition (extends, include, patch)."""
