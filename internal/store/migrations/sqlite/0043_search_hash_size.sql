-- FTS5 holds the grams a statement adds in memory and writes them to the
-- index as a new segment when they pass its hash size (1 MiB by default),
-- and its automerge then merges those segments. The statement that indexes
-- one batch of an import (store/import_staged.go, indexStaged) adds several
-- MiB: at 1 MiB it wrote a dozen segments and merged them again, about a
-- tenth of a 10,000-row import's database time. With 32 MiB a batch is one
-- segment. The memory is held only while a statement writes; a server's
-- single-row writes flush at their statement's end as before.
INSERT INTO search (search, rank) VALUES ('hashsize', 33554432);
