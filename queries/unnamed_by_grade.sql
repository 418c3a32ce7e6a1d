-- Grades a release counted but the data does not name yet, for a list of grades by force: each force, cycle and
-- grade with unnamed > 0, filtered like the list it goes with ($force, $region, $cycle, $grades: lists, empty
-- for all). Counts never say which area they were for, so no pillar or theme filter applies to them.
SELECT k.cycle, k.grade, k.force, k.unnamed, k.sources
FROM count_check k
JOIN forces f ON f.force = k.force
WHERE k.unnamed > 0 AND in_filter($force, k.force) AND in_filter($region, f.region) AND in_filter($cycle, k.cycle)
      AND in_filter($grades, k.grade)
ORDER BY k.cycle_order, k.tier_rank, k.unnamed DESC, k.force;
