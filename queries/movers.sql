-- Each force's headline grade on one pillar or theme ($theme: a one-item list) in two cycles, and whether
-- its harmonised position under $mapping went up, stayed or went down. A missing grade is never a move: the
-- cell shows its category (the grade, or its status's label: not graded, not inspected, unknown). Where
-- HMICFRS declares a break between the two cycles (breaks), no move is called improved or declined: it
-- 'moved across the break' (or kept the same position), with the break's label and the force's HMICFRS report
-- of the later cycle. Every row carries both cycles and the mapping, so a downloaded list says what it compares.
WITH cells AS (
    SELECT force, region, cycle, cycle_order, category, area, source_url, report_url, position
    FROM coverage_mapped
    WHERE mapping = $mapping AND in_filter($theme, theme) AND cycle IN ($from_cycle, $to_cycle)
), forces AS (
    SELECT DISTINCT force, region FROM cells
), pair AS (
    SELECT break_between(f.cycle_order, t.cycle_order) AS break
    FROM stg_cycles f, stg_cycles t WHERE f.cycle = $from_cycle AND t.cycle = $to_cycle
)
SELECT f.force, f.region, $from_cycle AS from_cycle, $to_cycle AS to_cycle, $mapping AS mapping,
       a.category AS from_grade, b.category AS to_grade,
       a.position AS from_position, b.position AS to_position, b.position - a.position AS change,
       CASE WHEN a.position IS NULL OR b.position IS NULL THEN 'no comparison'
            WHEN pair.break IS NOT NULL AND b.position <> a.position THEN 'moved across the break'
            WHEN pair.break IS NOT NULL THEN 'same position across the break'
            WHEN b.position > a.position THEN 'improved'
            WHEN b.position < a.position THEN 'declined'
            ELSE 'held' END AS movement,
       pair.break AS break,
       a.area AS from_area, b.area AS to_area, a.source_url AS from_source, b.source_url AS to_source,
       CASE WHEN pair.break IS NOT NULL THEN b.report_url END AS report_url
FROM forces f
CROSS JOIN pair
LEFT JOIN cells a ON a.force = f.force AND a.cycle = $from_cycle
LEFT JOIN cells b ON b.force = f.force AND b.cycle = $to_cycle
ORDER BY CASE movement WHEN 'improved' THEN 1 WHEN 'held' THEN 2 WHEN 'declined' THEN 3
                       WHEN 'moved across the break' THEN 4 WHEN 'same position across the break' THEN 5 ELSE 6 END,
         change DESC NULLS LAST, f.force;
