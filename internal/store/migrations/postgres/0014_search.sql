-- Full-text search over problems (and every node), measures, reports and
-- feedback, on a stock PostgreSQL (no extension). Texts are indexed as
-- overlapping two-character grams plus each run's last character, with
-- their positions, in a tsvector built without a text-search parser, so that
-- any Chinese term of two characters or more is a phrase of grams (<->) and
-- one character a prefix. search_grams must split exactly as the Go function
-- of the same name (store/search.go; a test compares them). The id is the
-- record's id times 4 plus its kind: 0 node, 1 task, 2 report, 3 feedback.
-- Triggers keep it current in the writing transaction.
CREATE FUNCTION search_grams(t text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    run text;
    n int;
    pos int := 0;
    parts text[] := '{}';
BEGIN
    FOREACH run IN ARRAY regexp_split_to_array(translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
        '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f，。、；：？！“”‘’（）《》〈〉【】〔〕…—·「」『』　～－／％＋＝＜＞＃＆＊＠＿｜]+') LOOP
        n := char_length(run);
        CONTINUE WHEN n = 0;
        FOR i IN 1 .. n - 1 LOOP
            pos := pos + 1;
            parts := parts || ('''' || substr(run, i, 2) || ''':' || least(pos, 16383));
        END LOOP;
        pos := pos + 1;
        parts := parts || ('''' || substr(run, n, 1) || ''':' || least(pos, 16383));
    END LOOP;
    RETURN array_to_string(parts, ' ')::tsvector;
END $$;

CREATE TABLE search (
    id       BIGINT PRIMARY KEY,
    plan_id  BIGINT,
    grams    TSVECTOR NOT NULL
);
CREATE INDEX search_grams ON search USING GIN (grams);

INSERT INTO search (id, grams, plan_id) SELECT id * 4, search_grams(title || ' ' || description), plan_id FROM nodes;
INSERT INTO search (id, grams, plan_id) SELECT id * 4 + 1, search_grams(title || ' ' || content), plan_id FROM tasks;
INSERT INTO search (id, grams, plan_id) SELECT r.id * 4 + 2, search_grams(r.content), a.plan_id FROM reports r JOIN assignments a ON a.id = r.assignment_id;
INSERT INTO search (id, grams, plan_id) SELECT id * 4 + 3, search_grams(content || ' ' || reply), plan_id FROM feedback;

CREATE FUNCTION search_index() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind int := CASE TG_TABLE_NAME WHEN 'nodes' THEN 0 WHEN 'tasks' THEN 1 WHEN 'reports' THEN 2 ELSE 3 END;
    txt text;
    plan bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search WHERE id = OLD.id * 4 + kind;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN NULL;
    END IF;
    CASE kind
    WHEN 0 THEN txt := NEW.title || ' ' || NEW.description; plan := NEW.plan_id;
    WHEN 1 THEN txt := NEW.title || ' ' || NEW.content; plan := NEW.plan_id;
    WHEN 2 THEN txt := NEW.content; SELECT a.plan_id INTO plan FROM assignments a WHERE a.id = NEW.assignment_id;
    ELSE txt := NEW.content || ' ' || NEW.reply; plan := NEW.plan_id;
    END CASE;
    INSERT INTO search (id, grams, plan_id) VALUES (NEW.id * 4 + kind, search_grams(txt), plan);
    RETURN NULL;
END $$;

CREATE TRIGGER search_nodes AFTER INSERT OR DELETE OR UPDATE OF title, description ON nodes FOR EACH ROW EXECUTE FUNCTION search_index();
CREATE TRIGGER search_tasks AFTER INSERT OR DELETE OR UPDATE OF title, content ON tasks FOR EACH ROW EXECUTE FUNCTION search_index();
CREATE TRIGGER search_reports AFTER INSERT OR DELETE OR UPDATE OF content ON reports FOR EACH ROW EXECUTE FUNCTION search_index();
CREATE TRIGGER search_feedback AFTER INSERT OR DELETE OR UPDATE OF content, reply, plan_id ON feedback FOR EACH ROW EXECUTE FUNCTION search_index();
