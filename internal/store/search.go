package store

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
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

// searchVector is the text form of the tsvector PostgreSQL's search_grams
// makes of s: each gram with its position (1, 2, …; at most 16383).
// Grams hold no quote or backslash (ASCII other than letters and digits
// separates runs).
func searchVector(s string) string {
	var b strings.Builder
	for i, g := range strings.Fields(searchGrams(s)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(g)
		b.WriteString("':")
		b.WriteString(strconv.Itoa(min(i+1, 16383)))
	}
	return b.String()
}

// searchLoad writes the search index's rows of a bulk load (DB.Generate)
// on PostgreSQL, with the search triggers disabled and the GIN index
// dropped until finish; on SQLite it does nothing and the triggers index
// each row.
type searchLoad struct {
	ctx   context.Context
	tx    *Tx
	args  []any
	index []string
}

var searchTriggers = map[string]string{"nodes": "search_nodes", "tasks": "search_tasks", "reports": "search_reports", "feedback": "search_feedback"}

func newSearchLoad(ctx context.Context, tx *Tx) (*searchLoad, error) {
	l := &searchLoad{ctx: ctx, tx: tx}
	if tx.db.dialect != Postgres {
		return l, nil
	}
	for table, trigger := range searchTriggers {
		if _, err := tx.exec(ctx, `ALTER TABLE `+table+` DISABLE TRIGGER `+trigger); err != nil {
			return nil, err
		}
	}
	var err error
	l.index, err = dropSecondaryIndexes(ctx, tx, "search")
	return l, err
}

// add writes the row of record key (id × 4 + kind) whose text is text.
func (l *searchLoad) add(key, plan int64, text string) error {
	if l.tx.db.dialect != Postgres {
		return nil
	}
	l.args = append(l.args, key, plan, searchVector(text))
	if len(l.args) >= 3*bulkRows {
		return l.flush()
	}
	return nil
}

func (l *searchLoad) flush() error {
	if len(l.args) == 0 {
		return nil
	}
	q := `INSERT INTO search (id, plan_id, grams) VALUES ` + strings.TrimSuffix(strings.Repeat(`(?, ?, CAST(CAST(? AS text) AS tsvector)), `, len(l.args)/3), ", ")
	if _, err := l.tx.exec(l.ctx, q, l.args...); err != nil {
		return fmt.Errorf("search load: %w", err)
	}
	l.args = l.args[:0]
	return nil
}

// finish writes the last rows, rebuilds the GIN index and enables the
// triggers again.
func (l *searchLoad) finish() error {
	if l.tx.db.dialect != Postgres {
		return nil
	}
	if err := l.flush(); err != nil {
		return err
	}
	for _, ddl := range l.index {
		if _, err := l.tx.exec(l.ctx, ddl); err != nil {
			return fmt.Errorf("recreate index: %w", err)
		}
	}
	for table, trigger := range searchTriggers {
		if _, err := l.tx.exec(l.ctx, `ALTER TABLE `+table+` ENABLE TRIGGER `+trigger); err != nil {
			return err
		}
	}
	return nil
}

// searchRuns splits s into runs between separators, ASCII letters lowered.
func searchRuns(s string) [][]rune {
	var runs [][]rune
	var run []rune
	for _, r := range s {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		if searchSeparates(r) {
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

// searchGrams is the indexed form of s: the grams of each run of
// searchRuns (two characters at a time, overlapping, and the run's last
// character alone) separated by spaces. Written in one pass without
// building the runs: SQLite calls it for every measure, node and report an
// import writes (a tenth of a 10,000-row import's writer time was spent
// here when it built them).
func searchGrams(s string) string {
	b := make([]byte, 0, len(s)*7/3+4) // a CJK character (3 bytes) is in two grams and gives two spaces
	prev, in := rune(0), false         // the run's character before r, if any
	for _, r := range s {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		if searchSeparates(r) {
			if in {
				b = appendGram(b, prev, -1)
			}
			in = false
			continue
		}
		if in {
			b = appendGram(b, prev, r)
		}
		prev, in = r, true
	}
	if in {
		b = appendGram(b, prev, -1)
	}
	return string(b)
}

// appendGram appends a gram of one character (r2 < 0) or two, after a
// space unless it is the first.
func appendGram(b []byte, r1, r2 rune) []byte {
	if len(b) > 0 {
		b = append(b, ' ')
	}
	b = utf8.AppendRune(b, r1)
	if r2 >= 0 {
		b = utf8.AppendRune(b, r2)
	}
	return b
}

// searchSeparates tells whether r ends a run (r lowered).
func searchSeparates(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	case 0x4e00 <= r && r <= 0x9fff: // CJK Unified Ideographs: no separator among them
		return false
	}
	return strings.ContainsRune(searchSeparators, r)
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

// searchRareGram is the most records a gram may be held by for a SQLite
// search to ask the index for it instead of the whole term: above it, the
// index's own phrase match (positions of every gram) costs less than
// checking each found record's grams.
const searchRareGram = 20000

// textMatch is how the search index is asked for a text. On SQLite a term
// of several grams is found through its two rarest grams (from the counts of
// search_vocab, migration 0032) and checked whole in the grams of each record
// found: the phrase match reads the positions of every gram, and 整改 or 举措
// are in every measure (a 9-gram measure number took 12 ms as a phrase, 0.3
// ms through its two rarest grams). On PostgreSQL the GIN index intersects
// the grams itself and the phrase is checked on the rows it finds.
type textMatch struct {
	query   string   // FTS5 MATCH expression or tsquery
	phrases []string // SQLite: each term of two characters or more, as its grams with spaces around
	chars   []string // SQLite: each term of one character
	partial bool     // SQLite: query names only some grams; the phrases must be checked
	common  bool     // PostgreSQL: every gram is in a tenth of the records or more
}

// searchCommonGram is the share of records that makes a gram common on
// PostgreSQL: when each gram of a term is held by this share or more
// (整改 by nearly all), the rows are read in the table's order and checked
// until enough match, instead of through the GIN index, which would first
// intersect the grams' whole posting lists (tens of milliseconds for five
// common grams).
const searchCommonGram = 0.1

// from is the FROM clause of a query over search rows s. For a common term
// on PostgreSQL the table is read behind a fence (OFFSET 0), so that the
// condition is checked row by row and the query stops at its LIMIT.
func (m textMatch) from(d Dialect) string {
	if d == Postgres && m.common {
		return " FROM (SELECT id, plan_id, grams FROM search OFFSET 0) s"
	}
	return " FROM search s"
}

// textMatch turns what the user typed into the index's question; ok is
// false when nothing searchable was typed.
func (db *DB) textMatch(ctx context.Context, text string) (m textMatch, ok bool, err error) {
	m.query, ok = searchQuery(db.dialect, text)
	if !ok {
		return m, ok, nil
	}
	if db.dialect == Postgres {
		m.common, err = db.commonTerm(ctx, searchTerms(text))
		return m, err == nil, err
	}
	var grams, prefixes []string
	for _, t := range searchTerms(text) {
		if len(t) == 1 && utf8.RuneCountInString(t[0]) == 1 {
			m.chars = append(m.chars, t[0])
			prefixes = append(prefixes, `"`+t[0]+`" *`)
			continue
		}
		m.phrases = append(m.phrases, " "+strings.Join(t, " ")+" ")
		for _, g := range t {
			if !slices.Contains(grams, g) {
				grams = append(grams, g)
			}
		}
	}
	if len(grams) <= 2 && len(m.phrases) <= 1 {
		return m, true, nil // the phrase is its grams: nothing to gain
	}
	counts, err := db.gramCounts(ctx, grams)
	if err != nil {
		return m, false, err
	}
	slices.SortStableFunc(grams, func(a, b string) int { return cmp.Compare(counts[a], counts[b]) })
	if counts[grams[0]] > searchRareGram {
		return m, true, nil
	}
	terms := prefixes
	for _, g := range grams[:min(2, len(grams))] {
		terms = append(terms, `"`+g+`"`)
	}
	m.query, m.partial = strings.Join(terms, " AND "), true
	return m, true, nil
}

// cond is the condition that search row s (FROM search s) matches, with
// its arguments.
func (m textMatch) cond(d Dialect) (string, []any) {
	if d != SQLite {
		return "s.grams @@ CAST(? AS tsquery)", []any{m.query}
	}
	c, args := "search MATCH ?", []any{m.query}
	if m.partial {
		for _, p := range m.phrases {
			c += " AND instr(' ' || s.grams || ' ', ?) > 0"
			args = append(args, p)
		}
	}
	return c, args
}

// rowCond is a condition true when the search record whose id is the SQL
// expression key matches: one lookup of that record, as a scalar subquery,
// which neither planner turns into a join.
func (m textMatch) rowCond(d Dialect, key string) (string, []any) {
	if d != SQLite {
		return `(SELECT s.grams @@ CAST(? AS tsquery) FROM search s WHERE s.id = ` + key + `)`, []any{m.query}
	}
	var conds []string
	var args []any
	for _, p := range m.phrases {
		conds, args = append(conds, "instr(' ' || s.grams || ' ', ?) > 0"), append(args, p)
	}
	for _, c := range m.chars {
		conds, args = append(conds, "instr(' ' || s.grams, ?) > 0"), append(args, " "+c)
	}
	return `(SELECT 1 FROM search s WHERE s.rowid = ` + key + ` AND ` + strings.Join(conds, " AND ") + `) IS NOT NULL`, args
}

// commonTerm reports whether every gram of the terms (PostgreSQL) is among
// the most common elements of the search index's statistics with a share
// of searchCommonGram or more. The statistics are read from pg_stats (kept
// by ANALYZE and autovacuum) and remembered for ten minutes.
func (db *DB) commonTerm(ctx context.Context, terms [][]string) (bool, error) {
	freq, ok := db.gramFreq.get("")
	if !ok {
		freq = map[string]float64{}
		rows, err := db.reader().QueryContext(ctx, `SELECT e, f FROM pg_stats, unnest(CAST(CAST(most_common_elems AS text) AS text[]), most_common_elem_freqs) AS x(e, f)
			WHERE schemaname = current_schema() AND tablename = 'search' AND attname = 'grams' AND e IS NOT NULL`)
		if err != nil {
			return false, fmt.Errorf("store: search: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var e string
			var f float64
			if err := rows.Scan(&e, &f); err != nil {
				return false, fmt.Errorf("store: search: %w", err)
			}
			freq[e] = f
		}
		if err := rows.Err(); err != nil {
			return false, fmt.Errorf("store: search: %w", err)
		}
		db.gramFreq.put("", freq)
	}
	for _, t := range terms {
		for _, g := range t {
			if utf8.RuneCountInString(g) < 2 || freq[g] < searchCommonGram {
				return false, nil
			}
		}
	}
	return len(terms) > 0, nil
}

// gramCounts returns how many records of the search index hold each gram
// (SQLite), remembered for ten minutes: the counts only choose which grams
// the index is asked for, never what a search finds.
func (db *DB) gramCounts(ctx context.Context, grams []string) (map[string]int, error) {
	out := map[string]int{}
	var ask []any
	for _, g := range grams {
		if n, ok := db.grams.get(g); ok {
			out[g] = n
		} else {
			out[g] = 0
			ask = append(ask, g)
		}
	}
	if len(ask) == 0 {
		return out, nil
	}
	// Lists of varying length are not kept prepared (the cache would fill).
	rows, err := db.read.QueryContext(ctx, `SELECT term, doc FROM search_vocab WHERE term IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(ask)), ", ")+`)`, ask...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g string
		var n int
		if err := rows.Scan(&g, &n); err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		out[g] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	for _, g := range ask {
		db.grams.put(g.(string), out[g.(string)])
	}
	return out, nil
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

// searchWalkTasks is how many measures a text must be held by for a list
// filtered by it to walk its filters' index and check each row (DB.listText).
// Below it, the list reads the matches' assignments and sorts them: for a
// text in 1 measure of 50 or fewer, that reads fewer rows than a walk to
// fill a page.
const searchWalkTasks = 2000

// listText is a list's text filter as the search index is asked for it.
type listText struct {
	m    textMatch
	ok   bool // there is a text to search for
	walk bool // most measures hold it: see DB.listText
}

// listText decides how a list filtered by text is read: by walking its
// other filters' index and checking each row's measure (walk), or by
// reading the measures the text matches and sorting their assignments. It
// counts the matching measures up to searchWalkTasks+1 (the index stops
// there), and remembers the answer for a while: it decides only how the
// list is read, never what it holds.
func (db *DB) listText(ctx context.Context, text string) (listText, error) {
	m, ok, err := db.textMatch(ctx, text)
	if !ok || err != nil {
		return listText{}, err
	}
	key := m.query + "\x00" + strings.Join(m.phrases, "\x00")
	if walk, ok := db.walks.get(key); ok {
		return listText{m, true, walk}, nil
	}
	cond, args := m.cond(db.dialect)
	var n int
	if err := db.reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1`+m.from(db.dialect)+` WHERE `+cond+` AND `+searchID(db.dialect)+` % 4 = 1 LIMIT ?) m`,
		append(args, searchWalkTasks+1)...).Scan(&n); err != nil {
		return listText{}, fmt.Errorf("store: search: %w", err)
	}
	db.walks.put(key, n > searchWalkTasks)
	return listText{m, true, n > searchWalkTasks}, nil
}

// hintCache remembers answers that only choose how the search index is
// read (listText's, gramCounts') for ten minutes, at most 4,096 of them.
type hintCache[V any] struct {
	mu sync.Mutex
	m  map[string]hintEntry[V]
}

type hintEntry[V any] struct {
	v  V
	at time.Time
}

func (c *hintCache[V]) get(k string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || time.Since(e.at) > 10*time.Minute {
		var zero V
		return zero, false
	}
	return e.v, true
}

func (c *hintCache[V]) put(k string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= 4096 {
		c.m = map[string]hintEntry[V]{}
	}
	c.m[k] = hintEntry[V]{v, time.Now()}
}

// SearchFilter selects search results.
type SearchFilter struct {
	Text   string
	PlanID int64
	Limit  int // at most 100; 20 when 0
}

// searchCandidates bounds the matches a search ranks. The index finds the
// matches (a phrase of grams, exactly where the term occurs) and stops at
// this many; they are ranked in Go from their grams. A term that occurs in
// more records than this (整改 is in nearly every measure and report of a
// plan) is ranked among the first matches the index yields, so that no
// search reads and scores a whole plan: ranking every one of 240,000
// matches took 0.15 s in SQLite's own C build and far more in the pure-Go
// one.
const searchCandidates = 400

// Search returns the records whose text holds every term of f.Text, best
// first: problems and other nodes, measures, reports and feedback. A liaison
// finds only its unit's measures and reports; feedback only those who may
// read it.
func (db *DB) Search(ctx context.Context, p *duban.Principal, f SearchFilter) ([]duban.SearchHit, error) {
	m, ok, err := db.textMatch(ctx, f.Text)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, duban.Errorf(duban.Invalid, "请输入要搜索的文字")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	var rows *sql.Rows
	if p.ReadsAll() {
		rows, err = db.searchRows(ctx, m, f.PlanID, canReadFeedback(p))
	} else {
		rows, err = db.searchUnitRows(ctx, m, f.PlanID, p.UnitID)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	terms := searchTerms(f.Text)
	var hits []duban.SearchHit
	for rows.Next() {
		var h duban.SearchHit
		var key int64
		var planID *int64
		var g string
		if err := rows.Scan(&key, &planID, &g); err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		if db.dialect == Postgres {
			g = strings.Join(searchDoc(g), " ")
		}
		h.Kind, h.ID, h.Rank = searchKinds[key%4], key/4, searchScore(terms, g)
		if planID != nil {
			h.PlanID = *planID
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	rows.Close()
	slices.SortStableFunc(hits, func(a, b duban.SearchHit) int {
		if c := cmp.Compare(b.Rank, a.Rank); c != 0 {
			return c
		}
		if c := cmp.Compare(searchKindOrder(a.Kind), searchKindOrder(b.Kind)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	hits = hits[:min(len(hits), limit)]
	if err := db.describeHits(ctx, hits); err != nil {
		return nil, err
	}
	return hits, nil
}

// searchKindOrder puts problems first among equally ranked hits, then
// measures, reports and feedback.
func searchKindOrder(kind string) int {
	return slices.Index(searchKinds[:], kind)
}

// searchTerms are the terms of a query as the index holds them: each run's
// grams (or its one character, matched as a prefix of a gram).
func searchTerms(text string) [][]string {
	var terms [][]string
	for _, run := range searchRuns(text) {
		if len(run) == 1 {
			terms = append(terms, []string{string(run)})
			continue
		}
		var grams []string
		for i := 0; i+1 < len(run); i++ {
			grams = append(grams, string(run[i:i+2]))
		}
		terms = append(terms, grams)
	}
	return terms
}

// searchDoc puts the grams of a PostgreSQL tsvector's text ('公务':1
// '务用':2,7 …) back in the order of their positions. Grams hold no quote
// (ASCII other than letters and digits separates runs).
func searchDoc(v string) []string {
	var doc []string
	for _, part := range strings.Fields(v) {
		i := strings.LastIndex(part, "':")
		if i < 1 || part[0] != '\'' {
			continue
		}
		gram := part[1:i]
		for _, p := range strings.Split(part[i+2:], ",") {
			n, err := strconv.Atoi(strings.TrimRight(p, "ABCD"))
			if err != nil || n < 1 {
				continue
			}
			for len(doc) < n {
				doc = append(doc, "")
			}
			doc[n-1] = gram
		}
	}
	return doc
}

// searchScore ranks a record from its indexed grams (space separated, in
// order) with BM25: for each term the times it occurs, against the record's
// length in grams, summed over the terms. Shorter records that name the
// term more often rank higher.
func searchScore(terms [][]string, grams string) float64 {
	const k1, b, avg = 1.2, 0.75, 40.0 // avg: a measure's length in grams, about
	doc := " " + grams + " "
	norm := k1 * (1 - b + b*float64(strings.Count(grams, " ")+1)/avg)
	score := 0.0
	for _, t := range terms {
		tf := strings.Count(doc, " "+strings.Join(t, " ")+" ")
		if len(t) == 1 && utf8.RuneCountInString(t[0]) == 1 {
			tf = strings.Count(doc, " "+t[0]) // a prefix of a gram
		}
		score += float64(tf) * (k1 + 1) / (float64(tf) + norm)
	}
	return score
}

// searchRows reads the matches of m (in plan, when not 0), at most
// searchCandidates, with their plan and grams. No order: the index yields
// its matches as it finds them and the query stops at the bound (an ORDER
// BY would read every match first).
func (db *DB) searchRows(ctx context.Context, m textMatch, plan int64, feedback bool) (*sql.Rows, error) {
	w := &where{}
	cond, args := m.cond(db.dialect)
	w.add(cond, args...)
	w.add(planShownOf("s.plan_id"))
	if plan != 0 {
		w.add("s.plan_id = ?", plan)
	}
	if !feedback {
		w.add(searchID(db.dialect) + " % 4 <> 3")
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT `+searchID(db.dialect)+`, s.plan_id, `+searchGramsCol(db.dialect)+m.from(db.dialect)+w.String()+` LIMIT ?`,
		append(w.args, searchCandidates)...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return rows, nil
}

// searchUnitScan bounds the matches a liaison's search looks through for
// its unit's: about one record in a hundred is a unit's, so the bound
// leaves a few hundred of them to rank.
const searchUnitScan = 5000

// searchUnitRows reads the matches of m a unit may see: the measures it
// was handed and their reports. The matches' keys are read from the index,
// up to searchUnitScan of them; when there are any, the unit's records (a
// few thousand keys) are read in one walk of its assignments, and the
// matches that are the unit's kept, so that the search does not look up
// each match's assignments.
func (db *DB) searchUnitRows(ctx context.Context, m textMatch, plan, unit int64) (*sql.Rows, error) {
	cond, args := m.cond(db.dialect)
	found, err := db.reader().QueryContext(ctx, `SELECT `+searchID(db.dialect)+m.from(db.dialect)+` WHERE `+cond+` LIMIT ?`, append(args, searchUnitScan)...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	var keys []int64
	for found.Next() {
		var k int64
		if err := found.Scan(&k); err != nil {
			found.Close()
			return nil, fmt.Errorf("store: search: %w", err)
		}
		if k%4 == searchTask || k%4 == searchReport {
			keys = append(keys, k)
		}
	}
	found.Close()
	if err := found.Err(); err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	var ids []any
	if len(keys) > 0 {
		// One walk of the unit's assignments in the plan, with each one's
		// reports from their index.
		planCond, args := " AND "+planShownOf("a.plan_id"), []any{unit}
		if plan != 0 {
			planCond += " AND a.plan_id = ?"
			args = append(args, plan)
		}
		rows, err := db.reader().QueryContext(ctx, `SELECT a.task_id, COALESCE(r.id, 0) FROM assignments a LEFT JOIN reports r ON r.assignment_id = a.id
			WHERE a.unit_id = ? AND a.`+handedOver+planCond, args...)
		if err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		mine := map[int64]bool{}
		for rows.Next() {
			var task, report int64
			if err := rows.Scan(&task, &report); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: search: %w", err)
			}
			mine[task*4+searchTask] = true
			if report != 0 {
				mine[report*4+searchReport] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: search: %w", err)
		}
		for _, k := range keys {
			if mine[k] && len(ids) < searchCandidates {
				ids = append(ids, k)
			}
		}
	}
	if len(ids) == 0 {
		ids = append(ids, -1) // no row has it
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT `+searchID(db.dialect)+`, s.plan_id, `+searchGramsCol(db.dialect)+` FROM search s WHERE `+searchID(db.dialect)+
		` IN (`+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+`)`), ids...)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return rows, nil
}

// searchGramsCol is the grams of search row s as text: SQLite's in order;
// PostgreSQL's tsvector as text ('公务':1 '务用':2 …, read by searchDoc).
func searchGramsCol(d Dialect) string {
	if d == Postgres {
		return "CAST(s.grams AS text)"
	}
	return "s.grams"
}

// describeHits fills the title, text and links of the hits from their
// records: one query for each kind of record among them.
func (db *DB) describeHits(ctx context.Context, hits []duban.SearchHit) error {
	for _, kind := range searchKinds {
		byID := map[int64]*duban.SearchHit{}
		var ids []any
		for i := range hits {
			if hits[i].Kind == kind {
				byID[hits[i].ID] = &hits[i]
				ids = append(ids, hits[i].ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		var q string
		switch kind {
		case "node":
			q = `SELECT id, title, description, 0, 0 FROM nodes WHERE id IN `
		case "task":
			q = `SELECT id, title, content, id, 0 FROM tasks WHERE id IN `
		case "report":
			q = `SELECT r.id, a.task_title, r.content, a.task_id, a.id FROM reports r JOIN assignments a ON a.id = r.assignment_id WHERE r.id IN `
		default:
			q = `SELECT id, name, content, COALESCE(task_id, 0), 0 FROM feedback WHERE id IN `
		}
		rows, err := db.read.QueryContext(ctx, db.rebind(q+`(`+strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+`)`), ids...)
		if err != nil {
			return fmt.Errorf("store: search: %w", err)
		}
		n := 0
		for rows.Next() {
			var id int64
			var x duban.SearchHit
			if err := rows.Scan(&id, &x.Title, &x.Text, &x.TaskID, &x.AssignmentID); err != nil {
				rows.Close()
				return fmt.Errorf("store: search: %w", err)
			}
			if h := byID[id]; h != nil {
				h.Title, h.Text, h.TaskID, h.AssignmentID = x.Title, x.Text, x.TaskID, x.AssignmentID
				n++
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: search: %w", err)
		}
		if n != len(ids) {
			return fmt.Errorf("store: search: %d of %d %s records found", n, len(ids), kind)
		}
	}
	return nil
}
