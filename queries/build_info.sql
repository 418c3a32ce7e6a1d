-- When the database was built, and the content hash of the data/*.csv it was built from.
SELECT built_at, content_hash, csv_files FROM build_info;
