-- Every grade matching the filters, with its source: the rows a CSV export holds.
-- Each filter is a list; an empty list matches everything. $q is text searched for in the area name
-- (case-insensitive; empty matches everything).
SELECT force, region, cycle, scale, area, level, pillar, theme, grade, tier_rank,
       harmonised, mapping, awarded_in, carried_over, source_kind, source_url, source_title,
       report_url, notes, origin, document, accepted_by, accepted_at
FROM grades_mapped
WHERE mapping = $mapping
  AND in_filter($force, force)
  AND in_filter($cycle, cycle)
  AND in_filter($area, area)
  AND in_filter($theme, theme)
  AND in_filter($region, region)
  AND in_filter($source_kind, source_kind)
  AND in_filter($grades, grade)
  AND contains(lower(area), lower(trim($q)))
ORDER BY force, cycle_order, level, area;
