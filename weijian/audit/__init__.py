"""The audit trail: who changed what, when, before and after; who saw full ID numbers."""
