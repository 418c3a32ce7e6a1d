-- For each of the forces in $force (a list) and each pillar and theme: its latest graded cell (the headline
-- grade of the latest cycle that graded it), or, where it has never been graded on it, its latest cell
-- (unknown or not graded). Never a blank: every force x theme pair it could have been graded on appears.
WITH cells AS (
    SELECT cv.*, d.title AS source_title,
           row_number() OVER (PARTITION BY cv.force, cv.theme
                              ORDER BY (cv.status = 'graded') DESC, cv.cycle_order DESC) AS pick
    FROM coverage cv LEFT JOIN documents d ON d.document = cv.source_url
    WHERE list_contains($force, cv.force)
)
SELECT force, region, theme, theme_kind, theme_order, cycle, cycle_order, status, grade, area, source_url,
       source_title, source_kind, report_url, awarded_in, carried_over, not_graded_reason
FROM cells
WHERE pick = 1
ORDER BY theme_order, force;
