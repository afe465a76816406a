"""Our YAML bank format: safe loading, the schema, reading and writing."""
