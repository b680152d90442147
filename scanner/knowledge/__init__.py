"""The rules: what the product knows (labs, licenses, listings, ...) and the checks over it."""

from scanner.knowledge.index import Knowledge, normalize_package
from scanner.knowledge.load import bundled_rules_dir, load_rules, schema_path, validate_document

__all__ = [
    "Knowledge",
    "bundled_rules_dir",
    "load_rules",
    "normalize_package",
    "schema_path",
    "validate_document",
]
