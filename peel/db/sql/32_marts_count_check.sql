-- Named grades against the counts a release stated (5-tier cycles): how many of a force's grades are still
-- unnamed, and where the named ones exceed or contradict the stated counts. cycle_order and tier_rank
-- (1 = best on the cycle's scale) order the rows.
CREATE VIEW count_check AS
WITH stated AS (
    SELECT force, cycle, grade, max("count") AS stated, string_agg(DISTINCT source_url, ' ; ') AS sources,
           count(DISTINCT "count") > 1 AS sources_disagree
    FROM counts GROUP BY ALL
), named AS (
    SELECT force, cycle, grade, count(*) AS named FROM grades
    WHERE cycle IN (SELECT DISTINCT cycle FROM counts) GROUP BY ALL
), checked AS (
    SELECT coalesce(s.force, n.force) AS force, coalesce(s.cycle, n.cycle) AS cycle,
           coalesce(s.grade, n.grade) AS grade, s.stated, coalesce(n.named, 0) AS named,
           CASE WHEN s.force IS NULL THEN 'named but no count stated'
                WHEN coalesce(n.named, 0) > s.stated THEN 'named exceed stated'
                WHEN coalesce(n.named, 0) = s.stated THEN 'all named'
                ELSE 'some unnamed' END AS status,
           greatest(coalesce(s.stated, 0) - coalesce(n.named, 0), 0) AS unnamed,
           coalesce(s.sources_disagree, false) AS sources_disagree, s.sources
    FROM stated s FULL JOIN named n ON n.force = s.force AND n.cycle = s.cycle AND n.grade = s.grade
    WHERE s.force IS NOT NULL OR n.force IN (SELECT force FROM counts c WHERE c.cycle = n.cycle)
)
SELECT k.*, c.cycle_order, sc.tier_rank
FROM checked k
JOIN cycles c ON c.cycle = k.cycle
LEFT JOIN scales sc ON sc.scale = c.scale AND sc.grade = k.grade;
