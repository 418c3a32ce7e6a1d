-- For one force ($force: a one-item list), each pillar and theme's latest graded cell: the headline grade of
-- the latest cycle that graded it, with the kind of source it was read from and whether it was carried over;
-- where it was never graded, its latest cell (unknown, not graded or not inspected).
WITH cells AS (
    SELECT cv.*, row_number() OVER (PARTITION BY cv.force, cv.theme
                                    ORDER BY (cv.status = 'graded') DESC, cv.cycle_order DESC) AS pick
    FROM coverage cv
    WHERE list_contains($force, cv.force)
)
SELECT theme, theme_kind, theme_order, cycle, cycle_order, status, grade, area, carried_over, awarded_in,
       source_kind, source_url
FROM cells
WHERE pick = 1
ORDER BY theme_order;
