-- Counts per value of each Data page filter, as Datasette shows facets: each facet counts the grades that
-- match every other filter (so choosing a force still shows how many grades each other force has).
WITH g AS (
    SELECT force, region, cycle, cycle_order, theme, grade, source_kind,
           in_filter($force, force) AS by_force,
           in_filter($region, region) AS by_region,
           in_filter($cycle, cycle) AS by_cycle,
           in_filter($theme, theme) AS by_theme,
           in_filter($grades, grade) AS by_grade,
           in_filter($source_kind, source_kind) AS by_kind,
           contains(lower(area), lower(trim($q))) AS by_text
    FROM grades
)
SELECT 'force' AS facet, force AS value, count(*) FILTER (WHERE by_region AND by_cycle AND by_theme AND by_grade AND by_text AND by_kind) AS n
FROM g GROUP BY force
UNION ALL
SELECT 'region', region, count(*) FILTER (WHERE by_force AND by_cycle AND by_theme AND by_grade AND by_text AND by_kind) FROM g GROUP BY region
UNION ALL
SELECT 'cycle', cycle, count(*) FILTER (WHERE by_force AND by_region AND by_theme AND by_grade AND by_text AND by_kind) FROM g GROUP BY cycle
UNION ALL
SELECT 'theme', theme, count(*) FILTER (WHERE by_force AND by_region AND by_cycle AND by_grade AND by_text AND by_kind) FROM g GROUP BY theme
UNION ALL
SELECT 'grade', grade, count(*) FILTER (WHERE by_force AND by_region AND by_cycle AND by_theme AND by_text AND by_kind) FROM g GROUP BY grade
UNION ALL
SELECT 'source_kind', source_kind, count(*) FILTER (WHERE by_force AND by_region AND by_cycle AND by_theme AND by_grade AND by_text) FROM g GROUP BY source_kind
ORDER BY facet, value;
