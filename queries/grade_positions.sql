-- Every grade, best first, with its position under the chosen mapping (for axis labels and colour order).
SELECT m.grade, m.position, row_number() OVER (ORDER BY d.position DESC) AS grade_order
FROM mappings m JOIN mappings d ON d.grade = m.grade AND d.is_default
WHERE m.mapping = $mapping
ORDER BY grade_order;
