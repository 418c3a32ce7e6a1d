-- The forces behind an Overview number or bar: on one pillar or theme ($theme: a one-item list) in one cycle,
-- each force whose cell's category (the grade as awarded, or its status's label) is in $categories, with the
-- area as named, the kind of source, the source and the HMICFRS report page.
SELECT force, region, cycle, category AS grade, area, awarded_in, source_kind, source_url, source_title, report_url
FROM coverage
WHERE list_contains($theme, theme) AND cycle = $cycle AND list_contains($categories, category)
ORDER BY force;
