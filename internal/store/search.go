package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode/utf8"

	"modernc.org/sqlite"

	"duban/internal/duban"
)

// The search index (migration 0014) holds each text as overlapping
// two-character grams, plus the last character of each run between
// separators, in order: "公务用车" is 公务 务用 用车 车. A term of two
// characters or more is then the phrase of its grams, which matches exactly
// where the term occurs in a run; a single character is a prefix of a gram.
// SQLite keeps the grams in an FTS5 table (ranked by bm25), PostgreSQL in a
// tsvector with positions under a GIN index (ranked by ts_rank), so neither
// needs an extension or a Chinese word list.

// searchSeparators end a run, besides ASCII other than letters and digits.
// The PostgreSQL function search_grams lists the same characters.
const searchSeparators = "，。、；：？！“”‘’（）《》〈〉【】〔〕…—·「」『』　～－／％＋＝＜＞＃＆＊＠＿｜"

// Kinds of search records: the low two bits of a search row's id.
const (
	searchNode = iota
	searchTask
	searchReport
	searchFeedback
)

var searchKinds = [...]string{"node", "task", "report", "feedback"}

func init() {
	// The SQLite triggers of migration 0014 call search_grams.
	sqlite.MustRegisterDeterministicScalarFunction("search_grams", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, _ := args[0].(string)
		return searchGrams(s), nil
	})
}

// searchRuns splits s into runs between separators, ASCII letters lowered.
func searchRuns(s string) [][]rune {
	var runs [][]rune
	var run []rune
	for _, r := range s {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		if r < utf8.RuneSelf && !('a' <= r && r <= 'z' || '0' <= r && r <= '9') || strings.ContainsRune(searchSeparators, r) {
			if len(run) > 0 {
				runs, run = append(runs, run), nil
			}
			continue
		}
		run = append(run, r)
	}
	if len(run) > 0 {
		runs = append(runs, run)
	}
	return runs
}

// searchGrams is the indexed form of s: its grams separated by spaces.
func searchGrams(s string) string {
	var b strings.Builder
	for _, run := range searchRuns(s) {
		for i := 0; i+1 < len(run); i++ {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(string(run[i : i+2]))
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(run[len(run)-1:]))
	}
	return b.String()
}

// searchQuery turns what the user typed into the dialect's query: every
// run must occur (a phrase of its grams, or a prefix for one character).
// ok is false when nothing searchable was typed.
func searchQuery(d Dialect, text string) (q string, ok bool) {
	var terms []string
	for _, run := range searchRuns(text) {
		var grams []string
		for i := 0; i+1 < len(run); i++ {
			grams = append(grams, string(run[i:i+2]))
		}
		switch {
		case d == SQLite && len(run) == 1:
			terms = append(terms, `"`+string(run)+`" *`)
		case d == SQLite:
			terms = append(terms, `"`+strings.Join(grams, " ")+`"`)
		case len(run) == 1:
			terms = append(terms, `'`+string(run)+`':*`)
		default:
			terms = append(terms, `'`+strings.Join(grams, `' <-> '`)+`'`)
		}
	}
	if d == SQLite {
		return strings.Join(terms, " "), len(terms) > 0
	}
	return strings.Join(terms, " & "), len(terms) > 0
}

// searchMatch is the condition that search row s matches query argument ?.
func searchMatch(d Dialect) string {
	if d == SQLite {
		return "search MATCH ?"
	}
	return "s.grams @@ CAST(? AS tsquery)"
}

// searchID is the id column of search row s.
func searchID(d Dialect) string {
	if d == SQLite {
		return "s.rowid"
	}
	return "s.id"
}

// SearchFilter selects search results.
type SearchFilter struct {
	Text   string
	PlanID int64
	Limit  int // at most 100; 20 when 0
}

// Search returns the records whose text holds every term of f.Text, best
// first: problems and other nodes, measures, reports and feedback. A liaison
// finds only its unit's measures and reports; feedback only those who may
// read it.
func (db *DB) Search(ctx context.Context, p *duban.Principal, f SearchFilter) ([]duban.SearchHit, error) {
	q, ok := searchQuery(db.dialect, f.Text)
	if !ok {
		return nil, duban.Errorf(duban.Invalid, "请输入要搜索的文字")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	w := &where{}
	w.add(searchMatch(db.dialect), q)
	w.add(planShownOf("s.plan_id"))
	if f.PlanID != 0 {
		w.add("s.plan_id = ?", f.PlanID)
	}
	id, rank := "s.rowid", "bm25(search)"
	from := " FROM search s"
	if db.dialect == SQLite {
		from = " FROM search AS s"
	} else {
		id, rank = "s.id", "-ts_rank(s.grams, CAST(? AS tsquery))"
	}
	switch {
	case !p.ReadsAll():
		w.add("(("+id+" % 4 = 1 AND EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = "+id+" / 4 AND a.unit_id = ? AND a."+handedOver+")) OR ("+id+
			" % 4 = 2 AND EXISTS (SELECT 1 FROM reports r JOIN assignments a ON a.id = r.assignment_id WHERE r.id = "+id+" / 4 AND a.unit_id = ? AND a."+handedOver+")))", p.UnitID, p.UnitID)
	case !canReadFeedback(p):
		w.add(id + " % 4 <> 3")
	}
	args := w.args
	if db.dialect == Postgres {
		args = append([]any{q}, args...)
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT `+id+`, s.plan_id, `+rank+` AS r`+from+w.String()+` ORDER BY r, `+id+` LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	var hits []duban.SearchHit
	for rows.Next() {
		var h duban.SearchHit
		var key int64
		var planID *int64
		if err := rows.Scan(&key, &planID, &h.Rank); err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		h.Kind, h.ID, h.Rank = searchKinds[key%4], key/4, -h.Rank
		if planID != nil {
			h.PlanID = *planID
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	rows.Close()
	for i := range hits {
		if err := db.describeHit(ctx, &hits[i]); err != nil {
			return nil, err
		}
	}
	return hits, nil
}

// describeHit fills the title, text and links of a hit from its record.
func (db *DB) describeHit(ctx context.Context, h *duban.SearchHit) error {
	var q string
	switch h.Kind {
	case "node":
		q = `SELECT title, description, 0, 0 FROM nodes WHERE id = ?`
	case "task":
		q = `SELECT title, content, id, 0 FROM tasks WHERE id = ?`
	case "report":
		q = `SELECT a.task_title, r.content, a.task_id, a.id FROM reports r JOIN assignments a ON a.id = r.assignment_id WHERE r.id = ?`
	default:
		q = `SELECT name, content, COALESCE(task_id, 0), 0 FROM feedback WHERE id = ?`
	}
	if err := db.reader().QueryRowContext(ctx, q, h.ID).Scan(&h.Title, &h.Text, &h.TaskID, &h.AssignmentID); err != nil {
		return fmt.Errorf("store: search: %s %d: %w", h.Kind, h.ID, err)
	}
	return nil
}
