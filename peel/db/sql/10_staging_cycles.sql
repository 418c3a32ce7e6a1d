-- Staging: each cycle with where it sits on a time axis (the middle of its years) and its short label
-- (its name where the CSV gives none).
CREATE VIEW stg_cycles AS
SELECT cycle, years, first_year, last_year, scale, framework, cycle_order,
       (first_year + last_year) / 2.0 AS x_position,
       coalesce(nullif(short_label, ''), cycle) AS short_label
FROM cycles;
