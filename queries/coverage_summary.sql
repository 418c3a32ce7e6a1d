-- For each cycle and pillar or theme it could grade: how many forces have a grade (and how many of those
-- HMICFRS carried over from an earlier cycle), are known not to have been graded, were not inspected that
-- cycle with no grade stated, or have no grade found (unknown).
SELECT cv.cycle, cv.cycle_order, cv.theme, cv.theme_kind, cv.theme_order,
       count(*) FILTER (WHERE status = 'graded') AS graded,
       count(*) FILTER (WHERE status = 'graded' AND carried_over) AS carried_over,
       count(*) FILTER (WHERE status = 'not graded') AS not_graded,
       count(*) FILTER (WHERE status = 'not inspected') AS not_inspected,
       count(*) FILTER (WHERE status = 'unknown') AS unknown,
       count(*) AS forces
FROM coverage cv
GROUP BY ALL
ORDER BY cv.theme_order, cv.cycle_order;
