-- For one force ($force: a one-item list), the grades a source counted but the data does not yet name,
-- by cycle and grade (best grade first), with the sources that stated the counts.
SELECT cc.cycle, cc.grade, cc.unnamed, cc.sources
FROM count_check cc
JOIN cycles c ON c.cycle = cc.cycle
JOIN mappings m ON m.grade = cc.grade AND m.is_default
WHERE list_contains($force, cc.force) AND cc.unnamed > 0
ORDER BY c.cycle_order, m.position DESC;
