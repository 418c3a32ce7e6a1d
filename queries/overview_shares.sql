-- For one pillar or theme ($theme: a one-item list), how many of the forces got each grade in each cycle,
-- with the cells that were not graded, not inspected or whose grade is unknown as categories of their own.
WITH cells AS (
    SELECT cycle, cycle_order, scale, coalesce(grade, CASE status WHEN 'not graded' THEN 'Not graded'
                                           WHEN 'not inspected' THEN 'Not inspected' ELSE 'Unknown' END) AS category
    FROM coverage
    WHERE len($theme) = 0 OR list_contains($theme, theme)
)
SELECT cells.cycle, cells.cycle_order, c.years, (c.first_year + c.last_year) / 2.0 AS x_position, cells.scale,
       category, count(*) AS forces,
       count(*) / sum(count(*)) OVER (PARTITION BY cells.cycle) AS share
FROM cells JOIN cycles c ON c.cycle = cells.cycle
GROUP BY cells.cycle, cells.cycle_order, c.years, c.first_year, c.last_year, cells.scale, category
ORDER BY cells.cycle_order, category;
