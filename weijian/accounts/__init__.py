"""Users, their roles and the divisions they may see: the one place access is decided."""
