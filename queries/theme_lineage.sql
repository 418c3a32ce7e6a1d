-- How each cycle's graded areas map onto the pillars and themes that persist (data/areas.csv).
SELECT t.theme, t.kind AS theme_kind, a.cycle, c.scale, a.area, a.level, a.pillar, a.theme_priority, a.aliases
FROM areas a JOIN themes t ON t.theme = a.theme JOIN cycles c ON c.cycle = a.cycle
ORDER BY t.sort_order, c.cycle_order, a.theme_priority;
