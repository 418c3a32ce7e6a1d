-- Views over the loaded tables. These views are a public interface: journalists open the file directly.
-- Tables (one per CSV under data/): forces, cycles, scales, mappings, themes, areas, documents,
-- not_graded, counts, grade_rows (data/grades.csv and data/user_grades.csv together, with origin).
-- The joins behind `grades` and `coverage` are computed once here, into grade_facts and coverage_facts:
-- the file is rebuilt whenever a CSV changes, and a query then reads one table instead of re-running
-- eight joins (about 20 ms each time on DuckDB, against 1 ms).

-- Every grade, one row per force, cycle and area as graded that cycle.
CREATE TABLE grade_facts AS
SELECT g.force, f.region, f.country,
       g.cycle, c.cycle_order, c.years, c.first_year, c.scale, c.framework,
       g.area, a.level, a.pillar, a.theme, t.kind AS theme_kind, a.theme_priority,
       g.grade, s.tier_rank, n.tiers AS tiers_in_scale, m.position AS harmonised,
       g.source_url, d.title AS source_title, g.notes, g.origin
FROM grade_rows g
JOIN forces f ON f.force = g.force
JOIN cycles c ON c.cycle = g.cycle
JOIN areas a ON a.cycle = g.cycle AND a.area = g.area
JOIN themes t ON t.theme = a.theme
JOIN scales s ON s.scale = c.scale AND s.grade = g.grade
JOIN (SELECT scale, count(*) AS tiers FROM scales GROUP BY scale) n ON n.scale = c.scale
JOIN mappings m ON m.grade = g.grade AND m.is_default
LEFT JOIN documents d ON d.document = g.source_url;
CREATE VIEW grades AS SELECT * FROM grade_facts;

-- Every grade under every harmonised mapping: filter on mapping to switch between them.
CREATE VIEW grades_mapped AS
SELECT g.* EXCLUDE (harmonised), m.mapping, m.position AS harmonised
FROM grades g JOIN mappings m ON m.grade = g.grade;

-- Every force x cycle x theme cell that the cycle could grade, with its status:
-- 'graded' (the headline grade: the graded area with the lowest theme_priority), 'not graded'
-- (known not to have been graded), or 'unknown' (no grade found).
CREATE TABLE coverage_facts AS
WITH cells AS (
    SELECT f.force, f.region, c.cycle, c.cycle_order, c.scale, t.theme, t.kind AS theme_kind, t.sort_order
    FROM forces f CROSS JOIN cycles c CROSS JOIN themes t
    WHERE EXISTS (SELECT 1 FROM areas a WHERE a.cycle = c.cycle AND a.theme = t.theme)
), ranked AS (
    SELECT force, cycle, theme, area, grade, tier_rank, harmonised, source_url,
           row_number() OVER (PARTITION BY force, cycle, theme ORDER BY theme_priority, area) AS pick,
           count(*) OVER (PARTITION BY force, cycle, theme) AS graded_areas
    FROM grades
), not_graded_cells AS (
    SELECT n.force, n.cycle, a.theme, first(n.reason ORDER BY a.theme_priority) AS reason,
           first(n.source_url ORDER BY a.theme_priority) AS source_url
    FROM not_graded n JOIN areas a ON a.cycle = n.cycle AND a.area = n.area
    GROUP BY ALL
)
SELECT cells.force, cells.region, cells.cycle, cells.cycle_order, cells.scale,
       cells.theme, cells.theme_kind, cells.sort_order AS theme_order,
       CASE WHEN r.grade IS NOT NULL THEN 'graded'
            WHEN ng.force IS NOT NULL THEN 'not graded'
            ELSE 'unknown' END AS status,
       r.area, r.grade, r.tier_rank, r.harmonised,
       coalesce(r.source_url, ng.source_url) AS source_url,
       coalesce(r.graded_areas, 0) AS graded_areas,
       ng.reason AS not_graded_reason
FROM cells
LEFT JOIN ranked r ON r.force = cells.force AND r.cycle = cells.cycle AND r.theme = cells.theme AND r.pick = 1
LEFT JOIN not_graded_cells ng ON ng.force = cells.force AND ng.cycle = cells.cycle AND ng.theme = cells.theme;
CREATE VIEW coverage AS SELECT * FROM coverage_facts;

-- Named grades against the counts a release stated (5-tier cycles): how many of a force's grades are
-- still unnamed, and where the named ones exceed or contradict the stated counts.
CREATE VIEW count_check AS
WITH stated AS (
    SELECT force, cycle, grade, max("count") AS stated, string_agg(DISTINCT source_url, ' ; ') AS sources,
           count(DISTINCT "count") > 1 AS sources_disagree
    FROM counts GROUP BY ALL
), named AS (
    SELECT force, cycle, grade, count(*) AS named FROM grades
    WHERE cycle IN (SELECT DISTINCT cycle FROM counts) GROUP BY ALL
)
SELECT coalesce(s.force, n.force) AS force, coalesce(s.cycle, n.cycle) AS cycle,
       coalesce(s.grade, n.grade) AS grade, s.stated, coalesce(n.named, 0) AS named,
       CASE WHEN s.force IS NULL THEN 'named but no count stated'
            WHEN coalesce(n.named, 0) > s.stated THEN 'named exceed stated'
            WHEN coalesce(n.named, 0) = s.stated THEN 'all named'
            ELSE 'some unnamed' END AS status,
       greatest(coalesce(s.stated, 0) - coalesce(n.named, 0), 0) AS unnamed,
       coalesce(s.sources_disagree, false) AS sources_disagree, s.sources
FROM stated s FULL JOIN named n ON n.force = s.force AND n.cycle = s.cycle AND n.grade = s.grade
WHERE s.force IS NOT NULL OR n.force IN (SELECT force FROM counts c WHERE c.cycle = n.cycle);
