-- Every value an export filter can take (force, region, cycle, area, theme, source kind, mapping), so what a user typed
-- is matched in any case and an unknown value is named rather than silently matching nothing.
SELECT DISTINCT filter, value FROM (
    SELECT 'force' AS filter, force AS value FROM forces
    UNION ALL SELECT 'region', region FROM forces
    UNION ALL SELECT 'cycle', cycle FROM cycles
    UNION ALL SELECT 'area', area FROM areas
    UNION ALL SELECT 'theme', theme FROM themes
    UNION ALL SELECT 'source_kind', kind FROM source_kinds
    UNION ALL SELECT 'source_kind', source_kind FROM grades
    UNION ALL SELECT 'mapping', mapping FROM mappings
)
ORDER BY filter, value;
