-- The 43 forces with their region and country: the choices for force and region pickers.
SELECT force, region, country FROM forces ORDER BY force;
