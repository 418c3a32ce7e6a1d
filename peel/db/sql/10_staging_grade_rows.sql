-- Staging: the loaded CSV tables, renamed and cast only. No joins, no rules.
-- The loaded tables (one per CSV under data/): forces, cycles, scales, mappings, themes, areas, documents,
-- statuses, not_graded, counts, source_kinds, reports, and grade_rows (data/grades.csv and
-- data/user_grades.csv together, with origin).

-- Every grade row, with an empty awarded_in made NULL and carried_over spelt out.
CREATE VIEW stg_grade_rows AS
SELECT force, cycle, area, grade, source_url, notes,
       nullif(awarded_in, '') AS awarded_in, coalesce(awarded_in, '') <> '' AS carried_over,
       origin, source_line
FROM grade_rows;
