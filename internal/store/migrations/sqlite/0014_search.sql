-- Full-text search over problems (and every node), measures, reports and
-- feedback. Texts are indexed as overlapping two-character grams plus each
-- run's last character (search_grams, a Go function the store registers:
-- store/search.go), so that any Chinese term of two characters or more is a
-- phrase of grams, and one character a prefix. The rowid is the record's id
-- times 4 plus its kind: 0 node, 1 task, 2 report, 3 feedback. Triggers keep
-- it current in the writing transaction.
CREATE VIRTUAL TABLE search USING fts5(grams, plan_id UNINDEXED, tokenize = 'ascii');

INSERT INTO search (rowid, grams, plan_id) SELECT id * 4, search_grams(title || ' ' || description), plan_id FROM nodes;
INSERT INTO search (rowid, grams, plan_id) SELECT id * 4 + 1, search_grams(title || ' ' || content), plan_id FROM tasks;
INSERT INTO search (rowid, grams, plan_id) SELECT r.id * 4 + 2, search_grams(r.content), a.plan_id FROM reports r JOIN assignments a ON a.id = r.assignment_id;
INSERT INTO search (rowid, grams, plan_id) SELECT id * 4 + 3, search_grams(content || ' ' || reply), plan_id FROM feedback;

CREATE TRIGGER search_nodes_insert AFTER INSERT ON nodes BEGIN
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4, search_grams(NEW.title || ' ' || NEW.description), NEW.plan_id);
END;
CREATE TRIGGER search_nodes_update AFTER UPDATE OF title, description ON nodes BEGIN
    DELETE FROM search WHERE rowid = OLD.id * 4;
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4, search_grams(NEW.title || ' ' || NEW.description), NEW.plan_id);
END;
CREATE TRIGGER search_nodes_delete AFTER DELETE ON nodes BEGIN
    DELETE FROM search WHERE rowid = OLD.id * 4;
END;

CREATE TRIGGER search_tasks_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4 + 1, search_grams(NEW.title || ' ' || NEW.content), NEW.plan_id);
END;
CREATE TRIGGER search_tasks_update AFTER UPDATE OF title, content ON tasks BEGIN
    DELETE FROM search WHERE rowid = OLD.id * 4 + 1;
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4 + 1, search_grams(NEW.title || ' ' || NEW.content), NEW.plan_id);
END;
CREATE TRIGGER search_tasks_delete AFTER DELETE ON tasks BEGIN
    DELETE FROM search WHERE rowid = OLD.id * 4 + 1;
END;

CREATE TRIGGER search_reports_insert AFTER INSERT ON reports BEGIN
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4 + 2, search_grams(NEW.content), (SELECT plan_id FROM assignments WHERE id = NEW.assignment_id));
END;
CREATE TRIGGER search_reports_update AFTER UPDATE OF content ON reports BEGIN
    DELETE FROM search WHERE rowid = OLD.id * 4 + 2;
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4 + 2, search_grams(NEW.content), (SELECT plan_id FROM assignments WHERE id = NEW.assignment_id));
END;
CREATE TRIGGER search_reports_delete AFTER DELETE ON reports BEGIN
    DELETE FROM search WHERE rowid = OLD.id * 4 + 2;
END;

CREATE TRIGGER search_feedback_insert AFTER INSERT ON feedback BEGIN
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4 + 3, search_grams(NEW.content || ' ' || NEW.reply), NEW.plan_id);
END;
CREATE TRIGGER search_feedback_update AFTER UPDATE OF content, reply, plan_id ON feedback BEGIN
    DELETE FROM search WHERE rowid = OLD.id * 4 + 3;
    INSERT INTO search (rowid, grams, plan_id) VALUES (NEW.id * 4 + 3, search_grams(NEW.content || ' ' || NEW.reply), NEW.plan_id);
END;
CREATE TRIGGER search_feedback_delete AFTER DELETE ON feedback BEGIN
    DELETE FROM search WHERE rowid = OLD.id * 4 + 3;
END;
