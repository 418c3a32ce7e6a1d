-- Headline numbers for one pillar or theme in the latest cycle that graded it: grades as awarded, and how
-- many forces sit at or above Good under the chosen mapping (which decides where Adequate counts).
WITH cells AS (
    SELECT * FROM coverage_mapped WHERE mapping = $mapping AND in_filter($theme, theme)
), latest AS (
    SELECT * FROM cells WHERE cycle_order = (SELECT max(cycle_order) FROM cells WHERE status = 'graded')
)
SELECT first(cycle) AS cycle, first(scale) AS scale, count(*) AS forces,
       count(*) FILTER (WHERE grade IN ('Outstanding', 'Good')) AS good_or_better,
       count(*) FILTER (WHERE grade = 'Adequate') AS adequate,
       count(*) FILTER (WHERE grade IN ('Requires improvement', 'Inadequate')) AS below_adequate,
       count(*) FILTER (WHERE grade = 'Inadequate') AS inadequate,
       count(*) FILTER (WHERE status = 'unknown') AS unknown,
       count(*) FILTER (WHERE status = 'not graded') AS not_graded,
       count(*) FILTER (WHERE status = 'not inspected') AS not_inspected,
       count(*) FILTER (WHERE at_or_above_good) AS at_or_above_good
FROM latest;
