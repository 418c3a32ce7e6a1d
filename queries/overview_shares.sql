-- For one pillar or theme ($theme: a one-item list), how many of the forces got each grade in each cycle,
-- with the cells that were not graded, not inspected or whose grade is unknown as categories of their own.
SELECT cycle, cycle_order, years, x_position, scale, category, count(*) AS forces,
       count(*) / sum(count(*)) OVER (PARTITION BY cycle) AS share
FROM coverage
WHERE in_filter($theme, theme)
GROUP BY cycle, cycle_order, years, x_position, scale, category
ORDER BY cycle_order, category;
