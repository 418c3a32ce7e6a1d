-- How many grades were read from each kind of source (HMICFRS, PCC or panel, police force, news or other, document).
SELECT source_kind, count(*) AS grades FROM grades GROUP BY source_kind ORDER BY grades DESC, source_kind;
