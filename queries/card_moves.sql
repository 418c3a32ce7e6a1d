-- For one force ($force: a one-item list), each pillar and theme graded in both its latest graded cycle and
-- the graded cycle before it: the two grades and whether the harmonised position under $mapping went up,
-- stayed or went down. A theme missing in either cycle is listed as 'no comparison', never as a move.
WITH graded AS (
    SELECT DISTINCT cycle, cycle_order FROM coverage
    WHERE list_contains($force, force) AND status = 'graded'
), pair AS (
    SELECT max(cycle_order) AS latest,
           max(cycle_order) FILTER (WHERE cycle_order < (SELECT max(cycle_order) FROM graded)) AS previous
    FROM graded
), cells AS (
    SELECT cv.theme, cv.theme_order, cv.cycle, cv.cycle_order, cv.scale, cv.status, cv.grade, m.position
    FROM coverage cv
    LEFT JOIN mappings m ON m.grade = cv.grade AND m.mapping = $mapping
    WHERE list_contains($force, cv.force)
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
