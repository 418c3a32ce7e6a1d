-- Staging: the loaded CSV tables, renamed and cast only. No joins, no rules.
-- The loaded tables (one per CSV under data/): forces, cycles, scales, mappings, themes, areas, documents,
-- statuses, not_graded, counts, source_kinds, reports, and grade_rows (data/grades.csv and
-- data/user_grades.csv together, with origin).

-- Every grade row, with an empty awarded_in made NULL and carried_over spelt out. A user grade (origin 'user')
-- also names the document it was read from and the editor who accepted it, when; a curated one has them NULL.
CREATE VIEW stg_grade_rows AS
SELECT force, cycle, area, grade, source_url, notes,
       nullif(awarded_in, '') AS awarded_in, coalesce(awarded_in, '') <> '' AS carried_over,
       origin, source_line,
       nullif(document, '') AS document, nullif(document_hash, '') AS document_hash,
       nullif(accepted_by, '') AS accepted_by, nullif(accepted_at, '') AS accepted_at
FROM grade_rows;
