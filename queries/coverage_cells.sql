-- Every force x cycle cell of the chosen themes (a list; empty means all), under one mapping:
-- its status, the headline grade as awarded, the area as named that cycle, the harmonised position under
-- $mapping, the source, and the force's latest graded position on the theme (among the cycles chosen).
-- Filter forces, regions and cycles with lists too (empty means all).
SELECT force, region, cycle, cycle_order, years, x_position, scale, theme, theme_kind, theme_order, status,
       grade, area, position AS harmonised, graded_areas, source_url, source_title, source_kind, report_url,
       awarded_in, carried_over, not_graded_reason, origin, accepted_by, accepted_at,
       last_value(position IGNORE NULLS) OVER (PARTITION BY force, theme ORDER BY cycle_order
           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS latest_position
FROM coverage_mapped
WHERE mapping = $mapping
  AND in_filter($theme, theme) AND in_filter($force, force) AND in_filter($region, region)
  AND in_filter($cycle, cycle)
ORDER BY theme_order, force, cycle_order;
