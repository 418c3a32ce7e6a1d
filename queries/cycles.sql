-- The inspection cycles in order, with the years each covered and its grading scale.
SELECT cycle, years, first_year, last_year, scale, framework, cycle_order,
       (first_year + last_year) / 2.0 AS x_position
FROM cycles ORDER BY cycle_order;
