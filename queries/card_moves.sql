-- For one force ($force: a one-item list), each pillar and theme graded in both its latest graded cycle and
-- the graded cycle before it: the two grades and whether the harmonised position under $mapping went up,
-- stayed or went down. A theme missing in either cycle is listed as 'no comparison', never as a move.
WITH cells AS (
    SELECT theme, theme_order, cycle, cycle_order, scale, status, grade, position
    FROM coverage_mapped
    WHERE list_contains($force, force) AND mapping = $mapping
), pair AS (
    SELECT max(cycle_order) FILTER (WHERE status = 'graded') AS latest,
           max(cycle_order) FILTER (WHERE status = 'graded' AND cycle_order < (
               SELECT max(cycle_order) FROM cells WHERE status = 'graded')) AS previous
    FROM cells
)
SELECT b.theme, a.cycle AS from_cycle, b.cycle AS to_cycle, a.grade AS from_grade, b.grade AS to_grade,
       a.scale <> b.scale AS across_scale_change,
       CASE WHEN a.position IS NULL OR b.position IS NULL THEN 'no comparison'
            WHEN b.position > a.position THEN 'improved'
            WHEN b.position < a.position THEN 'declined'
            ELSE 'held' END AS movement
FROM pair
JOIN cells b ON b.cycle_order = pair.latest
JOIN cells a ON a.cycle_order = pair.previous AND a.theme = b.theme
ORDER BY b.theme_order;
