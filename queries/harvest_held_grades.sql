-- Every grade held (curated and user), with the kind of source it came from: what a harvest compares against.
SELECT force, cycle, area, grade, source_url, source_kind, origin, coalesce(notes, '') AS notes,
       coalesce(awarded_in, '') AS awarded_in
FROM grades
ORDER BY force, cycle, area
