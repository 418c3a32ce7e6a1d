-- Each force's headline grade on one pillar or theme ($theme: a one-item list) in two cycles, and whether
-- its harmonised position under $mapping went up, stayed or went down. A missing grade is never a move: the
-- cell shows its category (the grade, or its status's label: not graded, not inspected, unknown).
WITH cells AS (
    SELECT force, region, cycle, category, area, source_url, position
    FROM coverage_mapped
    WHERE mapping = $mapping AND in_filter($theme, theme) AND cycle IN ($from_cycle, $to_cycle)
), forces AS (
    SELECT DISTINCT force, region FROM cells
)
SELECT f.force, f.region, a.category AS from_grade, b.category AS to_grade,
       a.position AS from_position, b.position AS to_position, b.position - a.position AS change,
       CASE WHEN a.position IS NULL OR b.position IS NULL THEN 'no comparison'
            WHEN b.position > a.position THEN 'improved'
            WHEN b.position < a.position THEN 'declined'
            ELSE 'held' END AS movement,
       a.area AS from_area, b.area AS to_area, a.source_url AS from_source, b.source_url AS to_source
FROM forces f
LEFT JOIN cells a ON a.force = f.force AND a.cycle = $from_cycle
LEFT JOIN cells b ON b.force = f.force AND b.cycle = $to_cycle
ORDER BY CASE movement WHEN 'improved' THEN 1 WHEN 'held' THEN 2 WHEN 'declined' THEN 3 ELSE 4 END,
         change DESC NULLS LAST, f.force;
