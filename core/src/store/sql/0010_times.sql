-- Migration 10: every stored time with exactly three digits of seconds'
-- fraction. Times were written as RFC 3339 with the fraction's trailing
-- zeros dropped ("…:24Z" for .000, "…:24.8Z" for .800), and lists sort by
-- the text: "…:24Z" came after "…:24.804Z" ('Z' sorts after '.'), so
-- highlights made within one second could list out of order. From now on
-- core/src/stamp.rs writes "…:24.000Z"; this rewrites the rows written
-- before in the same form (about one in ten: those whose milliseconds end
-- in 0). `strftime('%f')` gives seconds with three decimals; a value it
-- cannot read is left as it is.
UPDATE articles SET imported_at = strftime('%Y-%m-%dT%H:%M:%fZ', imported_at)
 WHERE imported_at NOT GLOB '*.[0-9][0-9][0-9]Z'
   AND strftime('%Y-%m-%dT%H:%M:%fZ', imported_at) IS NOT NULL;
UPDATE articles SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', updated_at)
 WHERE updated_at NOT GLOB '*.[0-9][0-9][0-9]Z'
   AND strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS NOT NULL;
UPDATE annotations SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at)
 WHERE created_at NOT GLOB '*.[0-9][0-9][0-9]Z'
   AND strftime('%Y-%m-%dT%H:%M:%fZ', created_at) IS NOT NULL;
UPDATE annotations SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', updated_at)
 WHERE updated_at NOT GLOB '*.[0-9][0-9][0-9]Z'
   AND strftime('%Y-%m-%dT%H:%M:%fZ', updated_at) IS NOT NULL;
UPDATE reading SET opened_at = strftime('%Y-%m-%dT%H:%M:%fZ', opened_at)
 WHERE opened_at IS NOT NULL AND opened_at NOT GLOB '*.[0-9][0-9][0-9]Z'
   AND strftime('%Y-%m-%dT%H:%M:%fZ', opened_at) IS NOT NULL;
