-- Every cell held as not graded or not inspected: what a harvested `not graded` reading compares against.
SELECT force, cycle, area, status, reason, source_url
FROM not_graded
ORDER BY force, cycle, area
