-- Macros the queries use. Stored in the database file, so a connection that attaches it (peel/db/queries.py
-- connect) and any client opening the file directly can call them.

-- The empty-filter idiom: a filter list matches everything when empty, else the values it lists.
--   WHERE in_filter($force, force)
CREATE MACRO in_filter(lst, v) AS len(lst) = 0 OR list_contains(lst, v);
