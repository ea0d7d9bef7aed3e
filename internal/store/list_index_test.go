package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"duban/internal/duban"
)

// listRow is what the brute-force filter of TestListIndexes needs of an
// assignment.
type listRow struct {
	id, plan, aspect, unit int64
	status                 duban.Status
	kind                   duban.DeadlineKind
	due                    string // sort_deadline
	taskID                 int64
}

// listCase is one combination of list filters.
type listCase struct {
	name string
	p    *duban.Principal
	f    duban.AssignmentFilter
}

// listCases is every combination of plan, unit (asked for, or a liaison's
// own), aspect, status (one, several open, several with closed), overdue and
// deadline range.
func listCases(unit, aspect int64, today duban.Date, text string) []listCase {
	var out []listCase
	liaison := &duban.Principal{Username: "liaison", Role: duban.RoleLiaison, UnitID: unit}
	statuses := map[string][]duban.Status{"": nil, "one": {duban.StatusDraft}, "open2": {duban.StatusDraft, duban.StatusClosureRequested},
		"closed2": {duban.StatusClosed, duban.StatusAssigned}, "closed": {duban.StatusClosed}}
	for _, plan := range []int64{0, 1} {
		for _, who := range []string{"", "unit", "liaison"} {
			for _, asp := range []int64{0, aspect} {
				for sname, sts := range statuses {
					for _, overdue := range []bool{false, true} {
						for _, span := range []bool{false, true} {
							for _, q := range []string{"", text} {
								p, f := duban.System, duban.AssignmentFilter{PlanID: plan, AspectID: asp, Statuses: sts, Text: q, Page: duban.Page{Limit: 20}}
								switch who {
								case "unit":
									f.UnitID = unit
								case "liaison":
									p = liaison
								}
								if overdue {
									f.OverdueAsOf = today
								}
								if span {
									f.DeadlineFrom, f.DeadlineTo = today.AddDays(-200), today.AddDays(100)
								}
								out = append(out, listCase{fmt.Sprintf("plan%d/%s/aspect%d/status-%s/overdue-%v/range-%v/q-%s", plan, who, asp, sname, overdue, span, q), p, f})
							}
						}
					}
				}
			}
		}
	}
	return out
}

// want filters rows as ListAssignments must, in its order; texts are the
// tasks' titles and contents.
func (c listCase) want(rows []listRow, texts map[int64]string) []int64 {
	f := c.f
	var out []int64
	for _, r := range rows {
		switch {
		case f.PlanID != 0 && r.plan != f.PlanID, f.AspectID != 0 && r.aspect != f.AspectID, f.UnitID != 0 && r.unit != f.UnitID,
			!c.p.ReadsAll() && (r.unit != c.p.UnitID || r.status == duban.StatusDraft), len(f.Statuses) > 0 && !slices.Contains(f.Statuses, r.status),
			f.Open && r.status == duban.StatusClosed,
			!f.OverdueAsOf.IsZero() && (r.status == duban.StatusClosed || r.kind != duban.DeadlineDate || r.due >= f.OverdueAsOf.String()),
			!f.DeadlineFrom.IsZero() && r.due < f.DeadlineFrom.String(), !f.DeadlineTo.IsZero() && r.due > f.DeadlineTo.String(),
			f.Text != "" && !strings.Contains(texts[r.taskID], f.Text):
			continue
		}
		out = append(out, r.id)
	}
	return out
}

// TestListIndexes asks every combination of list filters on a generated
// plan, first page and by cursor, checks the pages against a brute-force
// filter, and fails when the query plan walks more than the filters' own
// range: on SQLite, when the index searched does not have every equality
// filter in its key or the rows are sorted; on PostgreSQL, when EXPLAIN
// ANALYZE shows more than 200 assignment rows read for a page of 20.
func TestListIndexes(t *testing.T) {
	eachDialect(t, func(t *testing.T, open func() *DB) {
		ctx := context.Background()
		db := open()
		g, err := db.Generate(ctx, GenShape{Units: 8, Aspects: 3, ProblemsPerAspect: 4, Tasks: 6000, Seed: 3, Today: benchToday})
		if err != nil {
			t.Fatal(err)
		}
		var rows []listRow
		rs, err := db.read.QueryContext(ctx, `SELECT id, plan_id, aspect_id, unit_id, status, deadline_kind, sort_deadline, task_id FROM assignments ORDER BY sort_deadline, id`)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var r listRow
			if err := rs.Scan(&r.id, &r.plan, &r.aspect, &r.unit, &r.status, &r.kind, &r.due, &r.taskID); err != nil {
				t.Fatal(err)
			}
			rows = append(rows, r)
		}
		rs.Close()
		texts := map[int64]string{}
		rs, err = db.read.QueryContext(ctx, `SELECT id, title, content FROM tasks`)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var id int64
			var title, content string
			if err := rs.Scan(&id, &title, &content); err != nil {
				t.Fatal(err)
			}
			texts[id] = title + " " + content
		}
		rs.Close()
		unit, aspect, text := int64(3), int64(2), "公务用车"
		matched := 0.0 // the assignments of the measures that name the text
		for _, r := range rows {
			if strings.Contains(texts[r.taskID], text) {
				matched++
			}
		}
		for _, c := range listCases(unit, aspect, benchToday, text) {
			want := c.want(rows, texts)
			var got []int64
			cursor := ""
			for page := 1; page <= 2; page++ {
				f := c.f
				f.Cursor = cursor
				l, err := db.ListAssignments(ctx, c.p, f, benchToday)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				for _, x := range l.Items {
					got = append(got, x.ID)
				}
				if err := checkListPlan(ctx, db, c.p, f, matched); err != nil {
					t.Errorf("%s, page %d: %v", c.name, page, err)
				}
				if cursor = l.NextCursor; cursor == "" {
					break
				}
			}
			if n := min(len(want), 40); !slices.Equal(got, want[:n]) {
				t.Errorf("%s: got %d ids %v…, want %d %v…", c.name, len(got), head(got), n, head(want))
			}
		}
		_ = g
	})
}

func head(ids []int64) []int64 { return ids[:min(len(ids), 5)] }

// checkListPlan explains the list query for p and f (see TestListIndexes).
// A text filter reads the assignments of the measures that hold the text
// (matched of them), found through the search index, and sorts them.
func checkListPlan(ctx context.Context, db *DB, p *duban.Principal, f duban.AssignmentFilter, matched float64) error {
	f, none := listStatuses(f)
	if none {
		return nil // answered without a query
	}
	w, err := assignmentWhere(db.dialect, p, f)
	if err != nil {
		return err
	}
	index, arms := listArms(db.dialect, listIndex(p, f), f)
	q, args := listAssignmentsQuery(db.dialect, w, index, arms, f.PageLimit()+1)
	if db.dialect == SQLite {
		lines, err := explainSQLite(ctx, db, q, args...)
		if err != nil {
			return err
		}
		plan := strings.Join(lines, "; ")
		if f.Text != "" {
			if !strings.Contains(plan, "SEARCH a USING INDEX sqlite_autoindex_assignments_1 (task_id=?") || !strings.Contains(plan, "VIRTUAL TABLE INDEX") {
				return fmt.Errorf("a text filter is not answered from the search index and the assignments of its matches: %s", plan)
			}
			return nil
		}
		var search string
		var armLines []string
		for _, l := range lines {
			if (strings.HasPrefix(l, "SEARCH a ") || strings.HasPrefix(l, "SCAN a")) && !strings.Contains(l, "INTEGER PRIMARY KEY") {
				search = l
				armLines = append(armLines, l)
			}
			if strings.Contains(l, "TEMP B-TREE") {
				return fmt.Errorf("the matches are sorted, not read in order: %s", plan)
			}
		}
		if len(arms) > 0 {
			// One range of the status index per status, merged in order.
			if len(armLines) != len(arms) || (len(arms) > 1 && !strings.Contains(plan, "MERGE (UNION ALL)")) {
				return fmt.Errorf("%d statuses are not read as %d ranges merged in order: %s", len(arms), len(arms), plan)
			}
			for _, l := range armLines {
				if !strings.Contains(l, "INDEX "+index+" ") || !strings.Contains(l, "status=?") {
					return fmt.Errorf("a status is not read from its range of %s: %s", index, plan)
				}
			}
		}
		var keys []string
		switch {
		case f.AspectID != 0:
			keys = append(keys, "aspect_id=?")
		case f.PlanID != 0:
			keys = append(keys, "plan_id=?")
		}
		if f.UnitID != 0 || !p.ReadsAll() {
			keys = append(keys, "unit_id=?")
		}
		if len(f.Statuses) == 1 {
			keys = append(keys, "status=?")
		}
		if len(arms) == 0 && !strings.Contains(search, "USING INDEX "+index+" ") && !(len(keys) == 0 && strings.Contains(search, "USING INDEX "+index)) {
			return fmt.Errorf("assignments are not read through %s: %s", index, plan)
		}
		for _, l := range armLines {
			for _, k := range keys {
				if !strings.Contains(l, k) {
					return fmt.Errorf("the index's key lacks %s, so rows are walked and filtered: %s", k, plan)
				}
			}
		}
		return nil
	}
	var out string
	if err := db.read.QueryRowContext(ctx, `EXPLAIN (ANALYZE, FORMAT JSON) `+db.rebind(q), args...).Scan(&out); err != nil {
		return err
	}
	var plans []struct{ Plan pgPlan }
	if err := json.Unmarshal([]byte(out), &plans); err != nil {
		return err
	}
	limit := 200.0
	if f.Text != "" {
		limit += matched
	}
	if n := plans[0].Plan.assignmentRows(); n > limit {
		return fmt.Errorf("%.0f assignment rows read for a page of %d: %s", n, f.PageLimit(), out)
	}
	return nil
}

// pgPlan is a node of PostgreSQL's EXPLAIN (ANALYZE, FORMAT JSON).
type pgPlan struct {
	Relation string   `json:"Relation Name"`
	Rows     float64  `json:"Actual Rows"`
	Loops    float64  `json:"Actual Loops"`
	Removed  float64  `json:"Rows Removed by Filter"`
	Recheck  float64  `json:"Rows Removed by Index Recheck"`
	Plans    []pgPlan `json:"Plans"`
}

// assignmentRows is the number of rows the plan read from assignments.
func (p pgPlan) assignmentRows() float64 {
	n := 0.0
	if p.Relation == "assignments" {
		n = (p.Rows + p.Removed + p.Recheck) * max(p.Loops, 1)
	}
	for _, c := range p.Plans {
		n += c.assignmentRows()
	}
	return n
}

// listQueryFor is the list query ListAssignments sends for p and f (with
// no text that also names units), for w = assignmentWhere(p, f).
func listQueryFor(d Dialect, w *where, p *duban.Principal, f duban.AssignmentFilter, limit int) (string, []any) {
	index, arms := listArms(d, listIndex(p, f), f)
	return listAssignmentsQuery(d, w, index, arms, limit)
}
