-- For the forces in $force (a list), each one's current picture (latest_cycle): its latest cycle, the grades
-- named and the cells unknown there, and the grades a release counted there that are not named yet.
SELECT force, cycle, cycle_order, graded_cells, unknown_cells, cells, named_grades, unnamed, unnamed_grades
FROM latest_cycle
WHERE list_contains($force, force)
ORDER BY force;
