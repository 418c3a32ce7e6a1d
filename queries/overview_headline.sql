-- Headline numbers for one pillar or theme in the latest cycle that graded it: grades as awarded, and how
-- many forces sit at or above Good under the chosen mapping (which decides where Adequate counts).
WITH latest AS (
    SELECT max(cycle_order) AS cycle_order FROM coverage
    WHERE (len($theme) = 0 OR list_contains($theme, theme)) AND status = 'graded'
), cells AS (
    SELECT cv.*, m.position FROM coverage cv
    JOIN latest USING (cycle_order)
    LEFT JOIN mappings m ON m.grade = cv.grade AND m.mapping = $mapping
    WHERE len($theme) = 0 OR list_contains($theme, cv.theme)
)
SELECT first(cycle) AS cycle, first(scale) AS scale, count(*) AS forces,
       count(*) FILTER (WHERE grade IN ('Outstanding', 'Good')) AS good_or_better,
       count(*) FILTER (WHERE grade = 'Adequate') AS adequate,
       count(*) FILTER (WHERE grade IN ('Requires improvement', 'Inadequate')) AS below_adequate,
       count(*) FILTER (WHERE grade = 'Inadequate') AS inadequate,
       count(*) FILTER (WHERE status = 'unknown') AS unknown,
       count(*) FILTER (WHERE status = 'not graded') AS not_graded,
       count(*) FILTER (WHERE status = 'not inspected') AS not_inspected,
       count(*) FILTER (WHERE position >= (SELECT position FROM mappings WHERE mapping = $mapping AND grade = 'Good'))
           AS at_or_above_good
FROM cells;
