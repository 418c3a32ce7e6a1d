-- Pillars and themes in display order, with the cycles each was graded in.
SELECT t.theme, t.kind, t.sort_order, t.description,
       min(c.cycle_order) AS first_order, max(c.cycle_order) AS last_order,
       first(c.cycle ORDER BY c.cycle_order) AS first_cycle,
       last(c.cycle ORDER BY c.cycle_order) AS last_cycle
FROM themes t
JOIN areas a ON a.theme = t.theme
JOIN cycles c ON c.cycle = a.cycle
GROUP BY ALL
ORDER BY t.sort_order;
