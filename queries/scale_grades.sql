-- Every grade word any scale has, best first.
SELECT grade FROM scales GROUP BY grade ORDER BY min(tier_rank), grade;
