-- Every force x cycle cell of the chosen themes (a list; empty means all), under one mapping:
-- its status (graded, not graded, unknown), the headline grade as awarded, the area as named that cycle,
-- the harmonised position under $mapping, the source, and the force's latest graded position on the theme
-- (among the cycles chosen). Filter forces, regions and cycles with lists too (empty means all).
SELECT cv.force, cv.region, cv.cycle, cv.cycle_order, c.years, (c.first_year + c.last_year) / 2.0 AS x_position,
       cv.scale, cv.theme, cv.theme_kind, cv.theme_order, cv.status,
       cv.grade, cv.area, m.position AS harmonised, cv.graded_areas,
       cv.source_url, d.title AS source_title, cv.source_kind, cv.report_url, cv.awarded_in, cv.carried_over,
       cv.not_graded_reason,
       last_value(m.position IGNORE NULLS) OVER (PARTITION BY cv.force, cv.theme ORDER BY cv.cycle_order
           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS latest_position
FROM coverage cv
JOIN cycles c ON c.cycle = cv.cycle
LEFT JOIN mappings m ON m.grade = cv.grade AND m.mapping = $mapping
LEFT JOIN documents d ON d.document = cv.source_url
WHERE (len($theme) = 0 OR list_contains($theme, cv.theme))
  AND (len($force) = 0 OR list_contains($force, cv.force))
  AND (len($region) = 0 OR list_contains($region, cv.region))
  AND (len($cycle) = 0 OR list_contains($cycle, cv.cycle))
ORDER BY cv.theme_order, cv.force, cv.cycle_order;
