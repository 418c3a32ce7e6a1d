-- The harmonised mappings (one row each), default first, with each grade's position as a column.
SELECT mapping, first(label) AS label, bool_or(is_default) AS is_default,
       max(position) FILTER (WHERE grade = 'Outstanding') AS "Outstanding",
       max(position) FILTER (WHERE grade = 'Good') AS "Good",
       max(position) FILTER (WHERE grade = 'Adequate') AS "Adequate",
       max(position) FILTER (WHERE grade = 'Requires improvement') AS "Requires improvement",
       max(position) FILTER (WHERE grade = 'Inadequate') AS "Inadequate"
FROM mappings
GROUP BY mapping
ORDER BY is_default DESC, mapping;
