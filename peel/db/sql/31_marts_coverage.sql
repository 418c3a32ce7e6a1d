-- Every force x cycle x theme cell that the cycle could grade, with its status (data/statuses.csv):
-- 'graded' (the headline grade: the graded area with the lowest theme_priority, a curated grade before any
-- user grade, so a user's grade never displaces a curated headline; carried_over and awarded_in
-- say whether HMICFRS kept an earlier cycle's grade), 'not graded' (known not to have been graded),
-- 'not inspected' (HMICFRS says it did not inspect it that cycle and states no grade), or 'unknown' (no grade
-- found). category is what a chart or table shows for the cell: the grade, else the status's label.
-- A table behind a view, as grades.
CREATE TABLE coverage_facts AS
WITH ranked AS (
    SELECT force, cycle, theme, area, grade, tier_rank, harmonised, awarded_in, carried_over,
           source_url, source_kind, source_title, origin, accepted_by, accepted_at,
           row_number() OVER (PARTITION BY force, cycle, theme
                              ORDER BY origin = 'user', theme_priority, area) AS pick,
           count(*) OVER (PARTITION BY force, cycle, theme) AS graded_areas
    FROM grade_facts
), cells AS (
    SELECT cells.*, r.area, r.grade, r.tier_rank, r.harmonised, r.awarded_in, r.carried_over,
           r.source_url AS graded_source_url, r.source_kind, r.graded_areas,
           r.source_title AS graded_source_title, r.origin, r.accepted_by, r.accepted_at,
           ng.status AS not_graded_status, ng.source_url AS not_graded_source_url, ng.reason AS not_graded_reason
    FROM int_cells cells
    LEFT JOIN ranked r ON r.force = cells.force AND r.cycle = cells.cycle AND r.theme = cells.theme AND r.pick = 1
    LEFT JOIN int_not_graded_cells ng ON ng.force = cells.force AND ng.cycle = cells.cycle AND ng.theme = cells.theme
), statused AS (
    SELECT *, CASE WHEN grade IS NOT NULL THEN 'graded' ELSE coalesce(not_graded_status, 'unknown') END AS status,
           coalesce(graded_source_url, not_graded_source_url) AS source_url
    FROM cells
)
SELECT c.force, c.region, c.cycle, c.cycle_order, c.scale,
       c.theme, c.theme_kind, c.theme_order,
       c.status,
       c.area, c.grade, c.tier_rank, c.harmonised,
       c.awarded_in, coalesce(c.carried_over, false) AS carried_over,
       c.source_url, c.source_kind,
       rp.report_url,
       coalesce(c.graded_areas, 0) AS graded_areas,
       c.not_graded_reason,
       coalesce(c.grade, s.label) AS category, coalesce(d.title, c.graded_source_title) AS source_title,
       c.years, c.x_position, c.origin, c.accepted_by, c.accepted_at
FROM statused c
JOIN statuses s ON s.status = c.status
LEFT JOIN documents d ON d.document = c.source_url
LEFT JOIN reports rp ON rp.force = c.force AND rp.cycle = c.cycle;
CREATE VIEW coverage AS SELECT * FROM coverage_facts;

-- Every cell under every harmonised mapping: filter on mapping to switch between them. position is the
-- cell's grade's position under that mapping (NULL where the cell has no grade); at_or_above_good says
-- whether it sits at or above Good there (the mapping decides where Adequate counts).
CREATE VIEW coverage_mapped AS
WITH positions AS (
    SELECT m.mapping, m.grade, m.position, m.position >= g.position AS at_or_above_good
    FROM mappings m JOIN mappings g ON g.mapping = m.mapping AND g.grade = 'Good'
)
SELECT cv.* EXCLUDE (harmonised), mm.mapping, p.position, coalesce(p.at_or_above_good, false) AS at_or_above_good
FROM coverage cv
CROSS JOIN (SELECT DISTINCT mapping FROM mappings) mm
LEFT JOIN positions p ON p.mapping = mm.mapping AND p.grade = cv.grade;
