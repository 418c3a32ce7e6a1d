-- Staging: each theme with its short label (its name where the CSV gives none).
CREATE VIEW stg_themes AS
SELECT theme, kind, sort_order, description, coalesce(nullif(short_label, ''), theme) AS short_label
FROM themes;
