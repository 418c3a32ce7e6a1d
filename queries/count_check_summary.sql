-- For each force and cycle where a source stated how many areas got each grade: how many grades that
-- implies, how many are named in the data, and how many are still unnamed.
SELECT force, cycle, sum(stated) AS stated, sum(named) AS named, sum(unnamed) AS unnamed,
       string_agg(grade || ': ' || named || ' of ' || coalesce(stated::VARCHAR, '?'), '; ' ORDER BY grade) AS by_grade,
       CASE WHEN bool_or(status = 'named exceed stated') THEN 'named exceed stated'
            WHEN sum(unnamed) > 0 THEN 'some unnamed' ELSE 'all named' END AS status,
       bool_or(sources_disagree) AS sources_disagree, first(sources) AS sources
FROM count_check
GROUP BY force, cycle
ORDER BY unnamed DESC, force, cycle;
