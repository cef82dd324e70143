"""The JSON API under /api/v1/: persons, events, services and indicators, scoped and masked."""
