-- Staging: each cycle with where it sits on a time axis (the middle of its years) and its short label
-- (its name where the CSV gives none).
CREATE VIEW stg_cycles AS
SELECT cycle, years, first_year, last_year, scale, framework, cycle_order,
       (first_year + last_year) / 2.0 AS x_position,
       coalesce(nullif(short_label, ''), cycle) AS short_label
FROM cycles;

-- Staging: each comparability break HMICFRS declares (data/breaks.csv), with the order of the cycles either side.
CREATE VIEW stg_breaks AS
SELECT b.from_cycle, b.to_cycle, f.cycle_order AS from_order, t.cycle_order AS to_order, b.label, b.words,
       b.source_url
FROM breaks b
JOIN cycles f ON f.cycle = b.from_cycle
JOIN cycles t ON t.cycle = b.to_cycle;

-- The label of a break HMICFRS declares between the cycles in these two positions (either order), or NULL
-- when grades of the two can be compared directly; where several lie between, their labels joined by '; '.
CREATE MACRO break_between(a, b) AS (
    SELECT string_agg(label, '; ' ORDER BY from_order) FROM stg_breaks
    WHERE from_order >= least(a, b) AND to_order <= greatest(a, b)
);
