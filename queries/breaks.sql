-- Every point where HMICFRS says grades either side cannot be compared directly, in time order: the two
-- cycles, what changed, HMICFRS's words and its page.
SELECT from_cycle, to_cycle, from_order, to_order, label, words, source_url
FROM stg_breaks ORDER BY from_order;
