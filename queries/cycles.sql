-- The inspection cycles in order, with the years each covered, its grading scale, where it sits on a time
-- axis (the middle of its years) and its short label.
SELECT cycle, years, first_year, last_year, scale, framework, cycle_order, x_position, short_label
FROM stg_cycles ORDER BY cycle_order;
