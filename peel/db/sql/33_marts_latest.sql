-- Each force's current picture: its latest cycle, the latest in which anything is known of it (a grade named,
-- a cell a source says was not graded or not inspected, or grades a release counted), with how many grades are
-- named there, how many of its cells are unknown and how many counted grades are not named yet. A cycle that
-- has begun with nothing known of the force (all unknown) is not its latest picture.
CREATE VIEW latest_cycle AS
WITH known AS (
    SELECT force, cycle_order FROM coverage WHERE status <> 'unknown'
    UNION ALL
    SELECT force, cycle_order FROM count_check WHERE stated > 0
), latest AS (
    SELECT force, max(cycle_order) AS cycle_order FROM known GROUP BY force
), cells AS (
    SELECT cv.force, cv.cycle, cv.cycle_order,
           count(*) FILTER (WHERE cv.status = 'graded') AS graded_cells,
           count(*) FILTER (WHERE cv.status = 'unknown') AS unknown_cells,
           count(*) AS cells
    FROM coverage cv JOIN latest l ON l.force = cv.force AND l.cycle_order = cv.cycle_order
    GROUP BY ALL
), unnamed AS (
    SELECT k.force, sum(k.unnamed) AS unnamed,
           string_agg(k.unnamed || ' ' || k.grade, ', ' ORDER BY k.tier_rank) FILTER (WHERE k.unnamed > 0)
               AS unnamed_grades
    FROM count_check k JOIN latest l ON l.force = k.force AND l.cycle_order = k.cycle_order
    GROUP BY ALL
)
SELECT c.force, c.cycle, c.cycle_order, c.graded_cells, c.unknown_cells, c.cells,
       (SELECT count(*) FROM grades g WHERE g.force = c.force AND g.cycle = c.cycle) AS named_grades,
       coalesce(u.unnamed, 0)::INTEGER AS unnamed, u.unnamed_grades
FROM cells c LEFT JOIN unnamed u ON u.force = c.force;
