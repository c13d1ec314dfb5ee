"""Storage: the tables (models), the chronology (audit) and its read log, and keyset paging."""
