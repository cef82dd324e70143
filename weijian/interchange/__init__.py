"""Imports and exports of the canonical files (DOMAIN.md §5)."""

# The kinds, in the order a full import must follow (this module imports no Django code,
# so the command line can list them before Django is set up).
KIND_NAMES = (
    "divisions", "persons", "births", "deaths", "marriages", "migrations", "services", "aggregate", "targets",
)
