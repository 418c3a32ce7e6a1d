-- Each force's headline grade on one pillar or theme ($theme: a one-item list) in two cycles, and whether
-- its harmonised position under $mapping went up, stayed or went down. A missing grade is never a move.
WITH cells AS (
    SELECT cv.force, cv.region, cv.cycle, cv.status, cv.grade, cv.area, cv.source_url, m.position
    FROM coverage cv LEFT JOIN mappings m ON m.grade = cv.grade AND m.mapping = $mapping
    WHERE (len($theme) = 0 OR list_contains($theme, cv.theme)) AND cv.cycle IN ($from_cycle, $to_cycle)
)
SELECT f.force, f.region,
       coalesce(a.grade, CASE a.status WHEN 'not graded' THEN 'Not graded' ELSE 'Unknown' END) AS from_grade,
       coalesce(b.grade, CASE b.status WHEN 'not graded' THEN 'Not graded' ELSE 'Unknown' END) AS to_grade,
       a.position AS from_position, b.position AS to_position, b.position - a.position AS change,
       CASE WHEN a.position IS NULL OR b.position IS NULL THEN 'no comparison'
            WHEN b.position > a.position THEN 'improved'
            WHEN b.position < a.position THEN 'declined'
            ELSE 'held' END AS movement,
       a.area AS from_area, b.area AS to_area, a.source_url AS from_source, b.source_url AS to_source
FROM forces f
LEFT JOIN cells a ON a.force = f.force AND a.cycle = $from_cycle
LEFT JOIN cells b ON b.force = f.force AND b.cycle = $to_cycle
WHERE a.force IS NOT NULL OR b.force IS NOT NULL
ORDER BY CASE movement WHEN 'improved' THEN 1 WHEN 'held' THEN 2 WHEN 'declined' THEN 3 ELSE 4 END,
         change DESC NULLS LAST, f.force;
