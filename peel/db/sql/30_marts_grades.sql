-- Marts: the relations the app and journalists read. A public interface: keep every column's name and meaning
-- (add, never rename); peel/db/columns.py describes each column.

-- Every grade, one row per force, cycle and area as graded that cycle. A carried-over grade (HMICFRS kept an
-- earlier cycle's judgment for a question it did not re-inspect) shows in the cycle that stated it, with
-- awarded_in naming the cycle it was awarded in. A table (grade_facts) behind a view: the file is rebuilt
-- whenever a CSV changes, and a query then reads one table instead of re-running eight joins.
CREATE TABLE grade_facts AS
SELECT g.force, f.region, f.country,
       g.cycle, c.cycle_order, c.years, c.first_year, c.scale, c.framework,
       g.area, a.level, a.pillar, a.theme, t.kind AS theme_kind, a.theme_priority,
       g.grade, s.tier_rank, n.tiers AS tiers_in_scale, m.position AS harmonised,
       g.awarded_in, g.carried_over,
       g.source_url, coalesce(d.title, g.document) AS source_title,
       -- a user grade was read from a document someone uploaded or pasted: never the kind of an address typed
       CASE WHEN g.origin = 'user' THEN 'document' ELSE sf.source_kind END AS source_kind, sf.source_domain,
       r.report_url, g.notes, g.origin,
       g.grade AS category, c.x_position,
       g.document, g.document_hash, g.accepted_by, g.accepted_at
FROM stg_grade_rows g
JOIN forces f ON f.force = g.force
JOIN stg_cycles c ON c.cycle = g.cycle
JOIN areas a ON a.cycle = g.cycle AND a.area = g.area
JOIN themes t ON t.theme = a.theme
JOIN scales s ON s.scale = c.scale AND s.grade = g.grade
JOIN (SELECT scale, count(*) AS tiers FROM scales GROUP BY scale) n ON n.scale = c.scale
JOIN mappings m ON m.grade = g.grade AND m.is_default
JOIN int_sources sf ON sf.source_url = g.source_url
LEFT JOIN documents d ON d.document = g.source_url
LEFT JOIN reports r ON r.force = g.force AND r.cycle = g.cycle;
CREATE VIEW grades AS SELECT * FROM grade_facts;

-- Every grade under every harmonised mapping: filter on mapping to switch between them (harmonised is the
-- position under that mapping).
CREATE VIEW grades_mapped AS
SELECT g.* EXCLUDE (harmonised), m.mapping, m.position AS harmonised
FROM grades g JOIN mappings m ON m.grade = g.grade;
