-- Every source grades were read from, with its title (for documents) and how many grades it gave.
SELECT g.source_url, g.source_title, d.publisher, d.published,
       count(*) AS grades, count(DISTINCT g.force) AS forces,
       string_agg(DISTINCT g.cycle, ', ' ORDER BY g.cycle) AS cycles
FROM grades g LEFT JOIN documents d ON d.document = g.source_url
GROUP BY ALL
ORDER BY grades DESC, g.source_url;
