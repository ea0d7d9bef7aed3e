-- A ledger imported as a new plan is written in batches while the plan is
-- staged (migration 0030). Indexed row by row, the full-text index wrote a
-- segment of its own for every measure (FTS5 flushes at each statement of a
-- transaction) and the import spent a tenth of its time merging them. The
-- insert triggers now skip a staged plan's rows; the import indexes each
-- batch's rows in one statement (store/import_staged.go, indexStaged).
-- Updates and deletes are indexed as before.
DROP TRIGGER search_nodes_insert;
CREATE TRIGGER search_nodes_insert AFTER INSERT ON nodes
WHEN NEW.plan_id NOT IN (SELECT plan_id FROM staged_plans) BEGIN
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4, search_grams(NEW.title || ' ' || NEW.description), NEW.plan_id);
END;

DROP TRIGGER search_tasks_insert;
CREATE TRIGGER search_tasks_insert AFTER INSERT ON tasks
WHEN NEW.plan_id NOT IN (SELECT plan_id FROM staged_plans) BEGIN
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4 + 1, search_grams(NEW.title || ' ' || NEW.content), NEW.plan_id);
END;

DROP TRIGGER search_reports_insert;
CREATE TRIGGER search_reports_insert AFTER INSERT ON reports
WHEN (SELECT plan_id FROM assignments WHERE id = NEW.assignment_id) NOT IN (SELECT plan_id FROM staged_plans) BEGIN
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4 + 2, search_grams(NEW.content), (SELECT plan_id FROM assignments WHERE id = NEW.assignment_id));
END;
