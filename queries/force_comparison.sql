-- One force against its region and England and Wales, on each pillar and theme in the latest cycle that
-- graded it: the force's grade, and the share of graded forces at or above Good and the mean harmonised
-- position under $mapping in its region and nationally ($force: a one-item list).
WITH cells AS (
    SELECT cv.*, m.position,
           max(cv.cycle_order) FILTER (WHERE cv.status = 'graded') OVER (PARTITION BY cv.theme) AS latest_order
    FROM coverage cv LEFT JOIN mappings m ON m.grade = cv.grade AND m.mapping = $mapping
), latest AS (
    SELECT * FROM cells WHERE cycle_order = latest_order
), good AS (
    SELECT position FROM mappings WHERE mapping = $mapping AND grade = 'Good'
)
SELECT me.theme, me.theme_kind, me.theme_order, me.cycle, me.force, me.status,
       coalesce(me.grade, CASE me.status WHEN 'not graded' THEN 'Not graded' ELSE 'Unknown' END) AS grade,
       me.position AS force_position,
       count(r.position) FILTER (WHERE r.region = me.region) AS region_graded,
       round(avg(r.position) FILTER (WHERE r.region = me.region), 2) AS region_mean_position,
       round(100 * avg((r.position >= (SELECT position FROM good))::INT) FILTER (WHERE r.region = me.region))
           AS region_pct_good_or_above,
       count(r.position) AS national_graded,
       round(avg(r.position), 2) AS national_mean_position,
       round(100 * avg((r.position >= (SELECT position FROM good))::INT)) AS national_pct_good_or_above,
       me.area, me.source_url
FROM latest me JOIN latest r ON r.theme = me.theme
WHERE len($force) = 0 OR list_contains($force, me.force)
GROUP BY ALL
ORDER BY me.theme_order, me.force;
