-- For one force ($force: a one-item list), its current picture first: every pillar and theme of its latest
-- cycle (latest_cycle) as that cycle left it (a grade, unknown, not graded or not inspected; latest true),
-- then each pillar and theme with an older grade (the latest cycle that graded it, before the current one;
-- latest false): older_cycle and older_grade on a current cell that has no grade say what went before it.
WITH cells AS (
    SELECT cv.*, lc.cycle_order AS current_order
    FROM coverage cv JOIN latest_cycle lc ON lc.force = cv.force
    WHERE list_contains($force, cv.force)
), current AS (
    SELECT * FROM cells WHERE cycle_order = current_order
), older AS (
    SELECT * FROM cells WHERE status = 'graded' AND cycle_order < current_order
    QUALIFY row_number() OVER (PARTITION BY theme ORDER BY cycle_order DESC) = 1
)
SELECT c.theme, c.theme_kind, c.theme_order, true AS latest, c.cycle, c.cycle_order, c.status, c.grade, c.area,
       c.carried_over, c.awarded_in, c.source_kind, c.source_url, c.origin,
       CASE WHEN c.status <> 'graded' THEN o.cycle END AS older_cycle,
       CASE WHEN c.status <> 'graded' THEN o.grade END AS older_grade
FROM current c LEFT JOIN older o ON o.theme = c.theme
UNION ALL
SELECT o.theme, o.theme_kind, o.theme_order, false, o.cycle, o.cycle_order, o.status, o.grade, o.area,
       o.carried_over, o.awarded_in, o.source_kind, o.source_url, o.origin, NULL, NULL
FROM older o WHERE o.theme NOT IN (SELECT theme FROM current)
ORDER BY latest DESC, theme_order;
