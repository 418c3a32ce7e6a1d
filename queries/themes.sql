-- Pillars and themes in display order, with the cycles each was graded in and the pillar it sat under
-- before 2021 (a pillar is its own; a theme graded only from 2021/22 on has none).
SELECT t.theme, t.kind, t.sort_order, t.description,
       min(c.cycle_order) AS first_order, max(c.cycle_order) AS last_order,
       first(c.cycle ORDER BY c.cycle_order) AS first_cycle,
       last(c.cycle ORDER BY c.cycle_order) AS last_cycle,
       CASE WHEN t.kind = 'pillar' THEN t.theme
            ELSE mode(a.pillar) FILTER (WHERE a.pillar IS NOT NULL AND a.pillar <> '') END AS pillar,
       t.short_label
FROM stg_themes t
JOIN areas a ON a.theme = t.theme
JOIN cycles c ON c.cycle = a.cycle
GROUP BY t.theme, t.kind, t.sort_order, t.description, t.short_label
ORDER BY t.sort_order;
