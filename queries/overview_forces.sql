-- The forces behind an Overview number or bar: on one pillar or theme ($theme: a one-item list) in one cycle,
-- each force whose cell falls in $categories (grades as awarded, or 'Unknown', 'Not graded', 'Not inspected'),
-- with the area as named, the kind of source, the source and the HMICFRS report page.
WITH cells AS (
    SELECT cv.*, coalesce(cv.grade, CASE cv.status WHEN 'not graded' THEN 'Not graded'
                                                   WHEN 'not inspected' THEN 'Not inspected'
                                                   ELSE 'Unknown' END) AS category
    FROM coverage cv
    WHERE list_contains($theme, cv.theme) AND cv.cycle = $cycle
)
SELECT c.force, c.region, c.cycle, c.category AS grade, c.area, c.awarded_in, c.source_kind, c.source_url,
       d.title AS source_title, c.report_url
FROM cells c LEFT JOIN documents d ON d.document = c.source_url
WHERE list_contains($categories, c.category)
ORDER BY c.force;
