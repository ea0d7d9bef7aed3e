package store

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// TestSearchGramsAgree checks that PostgreSQL's search_grams splits texts
// exactly as the Go function the SQLite index and every query use.
func TestSearchGramsAgree(t *testing.T) {
	if got, want := searchGrams("公务用车，ABC 2021年8月"), "公务 务用 用车 车 ab bc c 20 02 21 1年 年8 8月 月"; got != want {
		t.Errorf("searchGrams = %q, want %q", got, want)
	}
	eachDialect(t, func(t *testing.T, open func() *DB) {
		db := open()
		if db.dialect != Postgres {
			t.Skip("the SQLite index calls the Go function itself")
		}
		texts := []string{"公务用车，ABC 2021年8月", "单", "a", "  ", "督办〔2021〕3号：请于2021年8月26日前书面回复。", "x-y_z!?" + searchSeparators + "尾"}
		for _, r := range searchSeparators {
			texts = append(texts, "前"+string(r)+"后")
		}
		for _, text := range texts {
			var got string
			if err := db.read.QueryRow(`SELECT COALESCE(string_agg(lexeme, ' ' ORDER BY pos), '') FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(search_grams($1))) g`, text).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if want := searchGrams(text); got != want {
				t.Errorf("search_grams(%q) = %q, Go gives %q", text, got, want)
			}
			var same bool
			if err := db.read.QueryRow(`SELECT search_grams($1) = CAST(CAST($2 AS text) AS tsvector)`, text, searchVector(text)).Scan(&same); err != nil {
				t.Fatal(err)
			}
			if !same {
				t.Errorf("searchVector(%q) = %q, not search_grams's tsvector", text, searchVector(text))
			}
		}
	})
}

// TestSearchGramsOfRuns checks the one-pass searchGrams against its
// definition, the grams of searchRuns' runs that searchQuery asks for, on
// texts of letters, digits, separators, Chinese and broken UTF-8: a gram
// indexed otherwise than it is asked would never be found.
func TestSearchGramsOfRuns(t *testing.T) {
	byRuns := func(s string) string {
		var grams []string
		for _, run := range searchRuns(s) {
			for i := 0; i+1 < len(run); i++ {
				grams = append(grams, string(run[i:i+2]))
			}
			grams = append(grams, string(run[len(run)-1:]))
		}
		return strings.Join(grams, " ")
	}
	pool := []string{"A", "z", "Q", "7", " ", "-", "_", "\n", "，", "。", "（", "）", "—", "　", "整", "改", "督", "办", "年", "Ａ", "\xff", "\xe6\x95", "😀"}
	rnd := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "整", "Ab", " a ", "整改，", "，整改", "\xff\xfe", "督办〔2021〕3号：请于2021年8月26日前书面回复。"}
	for range 3000 {
		var b strings.Builder
		for range rnd.IntN(12) {
			b.WriteString(pool[rnd.IntN(len(pool))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		if got, want := searchGrams(text), byRuns(text); got != want {
			t.Fatalf("searchGrams(%q) = %q, its runs give %q", text, got, want)
		}
	}
}

func BenchmarkSearchGrams(b *testing.B) {
	text := strings.Repeat("严格落实中央八项规定精神，整改公务用车管理不规范问题（2021年8月26日前）。", 3)
	for b.Loop() {
		searchGrams(text)
	}
}

// TestSearch checks ranked search and the list's text filter on a
// generated plan against a substring match of the same texts, and that the
// index follows writes in the same transaction.
func TestSearch(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		db := open()
		g, err := db.Generate(ctx, GenShape{Units: 6, Aspects: 2, ProblemsPerAspect: 3, Tasks: 800, Seed: 5, Today: benchToday})
		if err != nil {
			t.Fatal(err)
		}
		tasksWith := func(term string) []int64 {
			var ids []int64
			rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id FROM tasks WHERE title LIKE ? OR content LIKE ? ORDER BY id`), "%"+term+"%", "%"+term+"%")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				ids = append(ids, id)
			}
			return ids
		}
		for _, term := range []string{"公务用车", "用车", "车", "采购", "整改举措000123", "没有这个词"} {
			want := tasksWith(term)
			var got []int64
			f := duban.TaskFilter{Text: term, Page: duban.Page{Limit: 500}}
			for {
				l, err := db.ListTasks(ctx, duban.System, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range l.Items {
					got = append(got, x.ID)
				}
				if f.Cursor = l.NextCursor; f.Cursor == "" {
					break
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("tasks with %q: got %d %v…, want %d %v…", term, len(got), head(got), len(want), head(want))
			}
		}
		theme := "公务用车"
		if g.ThemeTasks[theme] == 0 {
			t.Fatalf("no task names %s", theme)
		}
		hits, err := db.Search(ctx, duban.System, SearchFilter{Text: theme, PlanID: g.PlanID, Limit: 40})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 40 {
			t.Fatalf("%d hits for %s, want a full 40", len(hits), theme)
		}
		kinds := map[string]bool{}
		for i, h := range hits {
			kinds[h.Kind] = true
			if !strings.Contains(h.Title+h.Text, theme) {
				t.Errorf("hit %d (%s %d) %q %q does not hold %s", i, h.Kind, h.ID, h.Title, h.Text, theme)
			}
			if i > 0 && h.Rank > hits[i-1].Rank {
				t.Errorf("hit %d ranks %v, above hit %d (%v)", i, h.Rank, i-1, hits[i-1].Rank)
			}
		}
		// Ranked: the best hit names the term at least as often as the last.
		if first, last := hits[0], hits[len(hits)-1]; strings.Count(first.Title+first.Text, theme) < strings.Count(last.Title+last.Text, theme) || first.Rank == last.Rank {
			t.Errorf("not ranked: first %+v, last %+v", first, last)
		}
		if len(kinds) < 2 {
			t.Errorf("hits of only %v kinds", kinds)
		}

		// A liaison finds only its unit's measures and reports.
		liaison := &duban.Principal{Username: "l", Role: duban.RoleLiaison, UnitID: 2}
		hits, err = db.Search(ctx, liaison, SearchFilter{Text: "整改"})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			var n int
			q := `SELECT COUNT(*) FROM assignments WHERE unit_id = 2 AND task_id = ?`
			if h.Kind == "report" {
				q = `SELECT COUNT(*) FROM assignments a JOIN reports r ON r.assignment_id = a.id WHERE a.unit_id = 2 AND r.id = ?`
			} else if h.Kind != "task" {
				t.Errorf("a liaison found a %s", h.Kind)
				continue
			}
			db.read.QueryRowContext(ctx, db.rebind(q), h.ID).Scan(&n)
			if n == 0 {
				t.Errorf("a liaison of unit 2 found %s %d of another unit", h.Kind, h.ID)
			}
		}

		// Writes are searchable at once; the old text is gone.
		task, err := findTask(ctx, db.reader(), 17)
		if err != nil {
			t.Fatal(err)
		}
		content := "落实“一岗双责”，清理违规发放津贴补贴。"
		if _, err := db.UpdateTask(ctx, duban.System, task.ID, task.Version, duban.TaskUpdate{Content: &content}); err != nil {
			t.Fatal(err)
		}
		hits, err = db.Search(ctx, duban.System, SearchFilter{Text: "津贴补贴"})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 1 || hits[0].Kind != "task" || hits[0].ID != task.ID {
			t.Errorf("after the update, 津贴补贴 finds %+v, want task %d", hits, task.ID)
		}
		old := task.Content[strings.Index(task.Content, "第"):]
		if hits, _ := db.Search(ctx, duban.System, SearchFilter{Text: old}); len(hits) != 0 {
			t.Errorf("the old content %q is still found: %+v", old, hits)
		}
		if _, err := db.Search(ctx, duban.System, SearchFilter{Text: "，。 "}); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("a search of separators only: got %v, want invalid", err)
		}
	})
}

// TestSearchForms checks that every way the store may ask the search index
// finds the same records: a list filtered by text read from the matches'
// assignments or by walking its index and checking each row, and (SQLite) a
// term asked for through its rarest grams or as a whole phrase.
func TestSearchForms(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		db := open()
		g, err := db.Generate(ctx, GenShape{Units: 6, Aspects: 2, ProblemsPerAspect: 3, Tasks: 600, Seed: 9, Today: benchToday})
		if err != nil {
			t.Fatal(err)
		}
		if db.dialect == Postgres {
			// The generator writes the index's rows itself: they must be
			// what the triggers would have written.
			var rows, differ int
			if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE s.grams IS DISTINCT FROM w.grams) FROM search s FULL JOIN (
				SELECT id * 4 AS id, search_grams(title || ' ' || description) AS grams FROM nodes
				UNION ALL SELECT id * 4 + 1, search_grams(title || ' ' || content) FROM tasks
				UNION ALL SELECT id * 4 + 2, search_grams(content) FROM reports
				UNION ALL SELECT id * 4 + 3, search_grams(content || ' ' || reply) FROM feedback) w ON w.id = s.id`).Scan(&rows, &differ); err != nil {
				t.Fatal(err)
			}
			if rows < 600 || differ != 0 {
				t.Errorf("search rows after generating: %d, of which %d differ from search_grams", rows, differ)
			}
			// The triggers are on again.
			task, err := findTask(ctx, db.reader(), 5)
			if err != nil {
				t.Fatal(err)
			}
			content := "核查违规发放津贴补贴"
			if _, err := db.UpdateTask(ctx, duban.System, task.ID, task.Version, duban.TaskUpdate{Content: &content}); err != nil {
				t.Fatal(err)
			}
			if hits, err := db.Search(ctx, duban.System, SearchFilter{Text: "津贴补贴"}); err != nil || len(hits) != 1 {
				t.Errorf("after an update, 津贴补贴 finds %+v (%v)", hits, err)
			}
		}
		liaison := &duban.Principal{Username: "l", Role: duban.RoleLiaison, UnitID: 3}
		terms := []string{"公务用车", "整改", "车", "整改举措000123", "确保整改到位", "公务用车 整改", "整改 车", "没有这个词", "持续巩固成效"}
		for _, term := range terms {
			m, ok, err := db.textMatch(ctx, term)
			if err != nil || !ok {
				t.Fatalf("%s: %v %v", term, ok, err)
			}
			key := m.query + "\x00" + strings.Join(m.phrases, "\x00")
			for _, c := range []struct {
				p *duban.Principal
				f duban.AssignmentFilter
			}{
				{duban.System, duban.AssignmentFilter{PlanID: g.PlanID}},
				{duban.System, duban.AssignmentFilter{PlanID: g.PlanID, UnitID: 2, Open: true}},
				{liaison, duban.AssignmentFilter{OverdueAsOf: benchToday}},
			} {
				c.f.Text, c.f.Page = term, duban.Page{Limit: 7}
				pages := func(walk bool) (ids []int64, count int) {
					db.walks.put(key, walk)
					f := c.f
					for {
						l, err := db.ListAssignments(ctx, c.p, f, benchToday)
						if err != nil {
							t.Fatal(err)
						}
						for _, x := range l.Items {
							ids = append(ids, x.ID)
						}
						if f.Cursor = l.NextCursor; f.Cursor == "" {
							break
						}
					}
					if count, err = db.CountAssignments(ctx, c.p, c.f); err != nil {
						t.Fatal(err)
					}
					return ids, count
				}
				byMatch, n1 := pages(false)
				byWalk, n2 := pages(true)
				if !slices.Equal(byMatch, byWalk) || n1 != n2 || n1 != len(byMatch) {
					t.Errorf("%q %+v: from the matches %d (count %d) %v…, walking %d (count %d) %v…", term, c.f, len(byMatch), n1, head(byMatch), len(byWalk), n2, head(byWalk))
				}
			}
			// The whole phrase and the rarest grams find the same records.
			if db.dialect == SQLite && m.partial {
				whole := textMatch{query: must(searchQuery(SQLite, term))}
				keys := func(m textMatch) []int64 {
					cond, args := m.cond(SQLite)
					rows, err := db.read.QueryContext(ctx, `SELECT s.rowid FROM search s WHERE `+cond+` ORDER BY s.rowid`, args...)
					if err != nil {
						t.Fatal(err)
					}
					defer rows.Close()
					var ks []int64
					for rows.Next() {
						var k int64
						rows.Scan(&k)
						ks = append(ks, k)
					}
					return ks
				}
				if a, b := keys(m), keys(whole); !slices.Equal(a, b) || len(a) == 0 && term != "没有这个词" {
					t.Errorf("%q: through %s %d records %v…, as a phrase %d %v…", term, m.query, len(a), head(a), len(b), head(b))
				}
			}
		}
	})
}

func must(q string, ok bool) string {
	if !ok {
		panic("no query")
	}
	return q
}
