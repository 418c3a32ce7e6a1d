-- For one force ($force: a one-item list), the grades a source counted but the data does not yet name,
-- by cycle and grade (best grade first), with the sources that stated the counts.
SELECT cycle, grade, unnamed, sources
FROM count_check
WHERE list_contains($force, force) AND unnamed > 0
ORDER BY cycle_order, tier_rank;
