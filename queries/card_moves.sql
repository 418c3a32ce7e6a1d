-- For one force ($force: a one-item list), each pillar and theme graded in both its latest graded cycle and
-- the graded cycle before it: the two grades and whether the harmonised position under $mapping went up,
-- stayed or went down. A theme missing in either cycle is listed as 'no comparison', never as a move. Where
-- HMICFRS declares a break between the two cycles (break: what changed), a move is 'moved across the break',
-- never improved or declined, and report_url is the force's HMICFRS report of the later cycle.
WITH cells AS (
    SELECT theme, theme_order, cycle, cycle_order, scale, status, grade, position, report_url
    FROM coverage_mapped
    WHERE list_contains($force, force) AND mapping = $mapping
), pair AS (
    SELECT max(cycle_order) FILTER (WHERE status = 'graded') AS latest,
           max(cycle_order) FILTER (WHERE status = 'graded' AND cycle_order < (
               SELECT max(cycle_order) FROM cells WHERE status = 'graded')) AS previous
    FROM cells
), crossed AS (
    SELECT latest, previous, break_between(previous, latest) AS break FROM pair
)
SELECT b.theme, a.cycle AS from_cycle, b.cycle AS to_cycle, a.grade AS from_grade, b.grade AS to_grade,
       crossed.break, b.report_url,
       CASE WHEN a.position IS NULL OR b.position IS NULL THEN 'no comparison'
            WHEN crossed.break IS NOT NULL AND b.position <> a.position THEN 'moved across the break'
            WHEN crossed.break IS NOT NULL THEN 'same position across the break'
            WHEN b.position > a.position THEN 'improved'
            WHEN b.position < a.position THEN 'declined'
            ELSE 'held' END AS movement
FROM crossed
JOIN cells b ON b.cycle_order = crossed.latest
JOIN cells a ON a.cycle_order = crossed.previous AND a.theme = b.theme
ORDER BY b.theme_order;
