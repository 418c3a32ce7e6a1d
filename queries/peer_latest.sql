-- For each of the forces in $force (a list) and each pillar and theme: its latest graded cell (the headline
-- grade of the latest cycle that graded it), or, where it has never been graded on it, its latest cell
-- (unknown, not graded or not inspected). Never a blank: every force x theme pair it could have been graded
-- on appears.
SELECT force, region, theme, theme_kind, theme_order, cycle, cycle_order, status, grade, area, source_url,
       source_title, source_kind, report_url, awarded_in, carried_over, not_graded_reason, origin, accepted_by,
       accepted_at
FROM coverage
WHERE list_contains($force, force)
QUALIFY row_number() OVER (PARTITION BY force, theme ORDER BY (status = 'graded') DESC, cycle_order DESC) = 1
ORDER BY theme_order, force;
