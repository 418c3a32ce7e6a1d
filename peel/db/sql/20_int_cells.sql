-- Intermediate: the force x cycle x theme cells and what is known of each, before the marts put them together.

-- Every cell that the cycle could grade (the cycle graded some area of the theme).
CREATE VIEW int_cells AS
SELECT f.force, f.region, c.cycle, c.cycle_order, c.years, c.x_position, c.scale,
       t.theme, t.kind AS theme_kind, t.sort_order AS theme_order
FROM forces f CROSS JOIN stg_cycles c CROSS JOIN stg_themes t
WHERE EXISTS (SELECT 1 FROM areas a WHERE a.cycle = c.cycle AND a.theme = t.theme);

-- Each cell known to carry no grade (not_graded.csv, by area), one row per cell: 'not inspected' first,
-- then the area that would give the theme's headline grade.
CREATE VIEW int_not_graded_cells AS
SELECT n.force, n.cycle, a.theme,
       first(n.status ORDER BY n.status = 'not inspected', a.theme_priority) AS status,
       first(n.reason ORDER BY n.status = 'not inspected', a.theme_priority) AS reason,
       first(n.source_url ORDER BY n.status = 'not inspected', a.theme_priority) AS source_url
FROM not_graded n JOIN areas a ON a.cycle = n.cycle AND a.area = n.area
GROUP BY ALL;
