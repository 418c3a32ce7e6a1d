-- For one force ($force: a one-item list), each pillar and theme's latest graded cell: the headline grade of
-- the latest cycle that graded it, with the kind of source it was read from and whether it was carried over;
-- where it was never graded, its latest cell (unknown, not graded or not inspected).
SELECT theme, theme_kind, theme_order, cycle, cycle_order, status, grade, area, carried_over, awarded_in,
       source_kind, source_url, origin
FROM coverage
WHERE list_contains($force, force)
QUALIFY row_number() OVER (PARTITION BY force, theme ORDER BY (status = 'graded') DESC, cycle_order DESC) = 1
ORDER BY theme_order;
