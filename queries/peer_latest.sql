-- For each of the forces in $force (a list): its current picture, every pillar and theme cell of its latest
-- cycle (latest_cycle: the latest with anything known of it) as that cycle left it (a grade, unknown, not
-- graded or not inspected), never an older cycle's grade in its place; with the grades a release counted
-- in that cycle that are not named yet (unnamed, unnamed_grades: '3 Inadequate, ...').
SELECT cv.force, cv.region, cv.theme, cv.theme_kind, cv.theme_order, cv.cycle, cv.cycle_order, cv.status,
       cv.grade, cv.area, cv.source_url, cv.source_title, cv.source_kind, cv.report_url, cv.awarded_in,
       cv.carried_over, cv.not_graded_reason, cv.origin, cv.accepted_by, cv.accepted_at, lc.unnamed,
       lc.unnamed_grades
FROM coverage cv
JOIN latest_cycle lc ON lc.force = cv.force AND lc.cycle_order = cv.cycle_order
WHERE list_contains($force, cv.force)
ORDER BY cv.theme_order, cv.force;
