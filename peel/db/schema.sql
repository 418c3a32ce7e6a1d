-- Views over the loaded tables. These views are a public interface: journalists open the file directly.
-- Tables (one per CSV under data/): forces, cycles, scales, mappings, themes, areas, documents,
-- not_graded, counts, source_kinds, reports, grade_rows (data/grades.csv and data/user_grades.csv
-- together, with origin).
-- The joins behind `grades` and `coverage` are computed once here, into grade_facts and coverage_facts:
-- the file is rebuilt whenever a CSV changes, and a query then reads one table instead of re-running
-- eight joins (about 20 ms each time on DuckDB, against 1 ms).

-- What kind of source each grade's source_url is: a document listed in documents.csv, else the kind of
-- the longest domain in source_kinds.csv that the address's host ends with, else 'news or other'.
CREATE TABLE source_facts AS
WITH hosts AS (
    SELECT DISTINCT source_url,
           regexp_replace(lower(regexp_extract(source_url, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:]+)', 1)),
                          '^www\.', '') AS host
    FROM grade_rows
), matched AS (
    SELECT h.source_url, arg_max(k.kind, length(k.domain)) AS kind
    FROM hosts h JOIN source_kinds k
      ON h.host = lower(k.domain) OR ends_with(h.host, '.' || lower(k.domain))
    GROUP BY h.source_url
)
SELECT h.source_url, h.host AS source_domain,
       CASE WHEN d.document IS NOT NULL THEN 'document' ELSE coalesce(m.kind, 'news or other') END AS source_kind
FROM hosts h
LEFT JOIN matched m ON m.source_url = h.source_url
LEFT JOIN documents d ON d.document = h.source_url;

-- Every grade, one row per force, cycle and area as graded that cycle. A carried-over grade (HMICFRS
-- kept an earlier cycle's judgment for a question it did not re-inspect) shows in the cycle that stated
-- it, with awarded_in naming the cycle it was awarded in.
CREATE TABLE grade_facts AS
SELECT g.force, f.region, f.country,
       g.cycle, c.cycle_order, c.years, c.first_year, c.scale, c.framework,
       g.area, a.level, a.pillar, a.theme, t.kind AS theme_kind, a.theme_priority,
       g.grade, s.tier_rank, n.tiers AS tiers_in_scale, m.position AS harmonised,
       nullif(g.awarded_in, '') AS awarded_in, coalesce(g.awarded_in, '') <> '' AS carried_over,
       g.source_url, d.title AS source_title, sf.source_kind, sf.source_domain,
       r.report_url, g.notes, g.origin
FROM grade_rows g
JOIN forces f ON f.force = g.force
JOIN cycles c ON c.cycle = g.cycle
JOIN areas a ON a.cycle = g.cycle AND a.area = g.area
JOIN themes t ON t.theme = a.theme
JOIN scales s ON s.scale = c.scale AND s.grade = g.grade
JOIN (SELECT scale, count(*) AS tiers FROM scales GROUP BY scale) n ON n.scale = c.scale
JOIN mappings m ON m.grade = g.grade AND m.is_default
JOIN source_facts sf ON sf.source_url = g.source_url
LEFT JOIN documents d ON d.document = g.source_url
LEFT JOIN reports r ON r.force = g.force AND r.cycle = g.cycle;
CREATE VIEW grades AS SELECT * FROM grade_facts;

-- Every grade under every harmonised mapping: filter on mapping to switch between them.
CREATE VIEW grades_mapped AS
SELECT g.* EXCLUDE (harmonised), m.mapping, m.position AS harmonised
FROM grades g JOIN mappings m ON m.grade = g.grade;

-- Every force x cycle x theme cell that the cycle could grade, with its status:
-- 'graded' (the headline grade: the graded area with the lowest theme_priority; carried_over and
-- awarded_in say whether HMICFRS kept an earlier cycle's grade), 'not graded' (known not to have been
-- graded), 'not inspected' (HMICFRS says it did not inspect it that cycle and states no grade), or
-- 'unknown' (no grade found).
CREATE TABLE coverage_facts AS
WITH cells AS (
    SELECT f.force, f.region, c.cycle, c.cycle_order, c.scale, t.theme, t.kind AS theme_kind, t.sort_order
    FROM forces f CROSS JOIN cycles c CROSS JOIN themes t
    WHERE EXISTS (SELECT 1 FROM areas a WHERE a.cycle = c.cycle AND a.theme = t.theme)
), ranked AS (
    SELECT force, cycle, theme, area, grade, tier_rank, harmonised, awarded_in, carried_over,
           source_url, source_kind,
           row_number() OVER (PARTITION BY force, cycle, theme ORDER BY theme_priority, area) AS pick,
           count(*) OVER (PARTITION BY force, cycle, theme) AS graded_areas
    FROM grades
), not_graded_cells AS (
    SELECT n.force, n.cycle, a.theme,
           first(n.status ORDER BY n.status = 'not inspected', a.theme_priority) AS status,
           first(n.reason ORDER BY n.status = 'not inspected', a.theme_priority) AS reason,
           first(n.source_url ORDER BY n.status = 'not inspected', a.theme_priority) AS source_url
    FROM not_graded n JOIN areas a ON a.cycle = n.cycle AND a.area = n.area
    GROUP BY ALL
)
SELECT cells.force, cells.region, cells.cycle, cells.cycle_order, cells.scale,
       cells.theme, cells.theme_kind, cells.sort_order AS theme_order,
       CASE WHEN r.grade IS NOT NULL THEN 'graded'
            WHEN ng.force IS NOT NULL THEN ng.status
            ELSE 'unknown' END AS status,
       r.area, r.grade, r.tier_rank, r.harmonised,
       r.awarded_in, coalesce(r.carried_over, false) AS carried_over,
       coalesce(r.source_url, ng.source_url) AS source_url, r.source_kind,
       rp.report_url,
       coalesce(r.graded_areas, 0) AS graded_areas,
       ng.reason AS not_graded_reason
FROM cells
LEFT JOIN ranked r ON r.force = cells.force AND r.cycle = cells.cycle AND r.theme = cells.theme AND r.pick = 1
LEFT JOIN not_graded_cells ng ON ng.force = cells.force AND ng.cycle = cells.cycle AND ng.theme = cells.theme
LEFT JOIN reports rp ON rp.force = cells.force AND rp.cycle = cells.cycle;
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
