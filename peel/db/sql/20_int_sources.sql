-- Intermediate: what kind of source each grade's source_url is: a document listed in documents.csv, else the
-- kind of the longest domain in source_kinds.csv that the address's host ends with, else 'news or other'.
-- A table, not a view: the marts below read it once per grade.
CREATE TABLE int_sources AS
WITH hosts AS (
    SELECT DISTINCT source_url,
           regexp_replace(lower(regexp_extract(source_url, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:]+)', 1)),
                          '^www\.', '') AS host
    FROM stg_grade_rows
), matched AS (
    SELECT h.source_url, arg_max(k.kind, length(k.domain)) AS kind
    FROM hosts h JOIN source_kinds k
      ON h.host = lower(k.domain) OR ends_with(h.host, '.' || lower(k.domain))
    GROUP BY h.source_url
)
SELECT h.source_url, h.host AS source_domain,
       CASE WHEN d.document IS NOT NULL THEN 'document' ELSE coalesce(m.kind, 'news or other') END AS source_kind
FROM hosts h
LEFT JOIN matched m ON m.source_url = h.source_url
LEFT JOIN documents d ON d.document = h.source_url;
