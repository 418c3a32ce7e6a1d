-- Every grade matching the filters, with its source: the rows a CSV export holds.
-- Each filter is a list; an empty list matches everything. $q is text searched for in the area name
-- (case-insensitive; empty matches everything).
SELECT force, region, cycle, scale, area, level, pillar, theme, grade, tier_rank,
       harmonised, mapping, awarded_in, carried_over, source_kind, source_url, source_title,
       report_url, notes
FROM grades_mapped
WHERE mapping = $mapping
  AND (len($force) = 0 OR list_contains($force, force))
  AND (len($cycle) = 0 OR list_contains($cycle, cycle))
  AND (len($area) = 0 OR list_contains($area, area))
  AND (len($theme) = 0 OR list_contains($theme, theme))
  AND (len($region) = 0 OR list_contains($region, region))
  AND (len($source_kind) = 0 OR list_contains($source_kind, source_kind))
  AND (len($grades) = 0 OR list_contains($grades, grade))
  AND contains(lower(area), lower(trim($q)))
ORDER BY force, cycle_order, level, area;
