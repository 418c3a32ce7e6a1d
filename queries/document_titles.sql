-- The title of each stored document that grades were read from (data/documents.csv), to show instead of its file name.
SELECT document, title FROM documents ORDER BY document;
