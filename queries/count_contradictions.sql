-- Forces whose named grades of one kind outnumber the count a source stated for that kind.
-- ('named but no count stated' is not flagged: many sources state counts for some grades only.)
SELECT force, cycle, grade, stated, named
FROM count_check
WHERE status = 'named exceed stated'
ORDER BY force, cycle, grade;
