package store

// The outline as the ledger export and the notice read it before it was
// read a batch at a time: the whole tree of the plan (Tree), then every
// measure and progress. TestScanOutlineMatchesTree holds ScanOutline to it.

import (
	"context"
	"fmt"
	"strings"

	"duban/internal/duban"
)

// treeOutline is OutlineOf as it was computed from the plan's whole tree.
func (db *DB) treeOutline(ctx context.Context, p *duban.Principal, planID, unitID int64, asOf duban.Date, keep map[int64]bool) (*duban.Outline, error) {
	if !p.ReadsAll() {
		unitID = p.UnitID
	}
	tree, err := db.Tree(ctx, p, planID, asOf)
	if err != nil {
		return nil, err
	}
	o := &duban.Outline{Meta: duban.OutlineMeta{Title: tree.Plan.Title, AsOf: tree.AsOf}}
	if err := outlineMeta(ctx, db.reader(), &tree.Plan, &o.Meta); err != nil {
		return nil, err
	}
	tasks, err := db.treeOutlineTasks(ctx, planID)
	if err != nil {
		return nil, err
	}
	progress, err := db.treeLatestProgress(ctx, planID, unitID, tree.AsOf)
	if err != nil {
		return nil, err
	}
	var walk func(items []*duban.TreeItem) []*duban.OutlineNode
	walk = func(items []*duban.TreeItem) []*duban.OutlineNode {
		var out []*duban.OutlineNode
		for _, it := range items {
			if it.Kind == "task" {
				continue
			}
			n := &duban.OutlineNode{Kind: duban.NodeKind(it.Kind), Title: it.Title, Children: walk(it.Children)}
			for _, c := range it.Children {
				if c.Kind == "task" && treeShares(c, unitID) && (keep == nil || keep[c.ID]) {
					m := tasks[c.ID]
					m.Status, m.Light, m.Progress = c.Rollup.Status, c.Rollup.Light, progress[c.ID]
					n.Measures = append(n.Measures, m)
				}
			}
			if (unitID == 0 && keep == nil) || len(n.Measures) > 0 || len(n.Children) > 0 {
				out = append(out, n)
			}
		}
		return out
	}
	o.Aspects = walk(tree.Children)
	return o, nil
}

func treeShares(task *duban.TreeItem, unitID int64) bool {
	if unitID == 0 {
		return true
	}
	for _, a := range task.Assignments {
		if a.Unit.ID == unitID {
			return true
		}
	}
	return false
}

// outlineTasks reads every task of the plan as a measure with unit names.
func (db *DB) treeOutlineTasks(ctx context.Context, planID int64) (map[int64]*duban.OutlineMeasure, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT t.id, t.title, t.content, t.target, t.requirements, t.deadline_kind, t.deadline,
		t.responsible_leader, t.responsible_person, u.short_name, tu.lead
		FROM tasks t JOIN task_units tu ON tu.task_id = t.id JOIN units u ON u.id = tu.unit_id
		WHERE t.plan_id = ? ORDER BY t.id, tu.lead DESC, u.sort, u.id`, planID)
	if err != nil {
		return nil, fmt.Errorf("store: outline tasks: %w", err)
	}
	defer rows.Close()
	out := map[int64]*duban.OutlineMeasure{}
	for rows.Next() {
		var id int64
		var m duban.OutlineMeasure
		var unit string
		var lead bool
		if err := rows.Scan(&id, &m.Title, &m.Content, &m.Target, &m.Requirements, &m.DeadlineKind, &m.Deadline,
			&m.ResponsibleLeader, &m.ResponsiblePerson, &unit, &lead); err != nil {
			return nil, fmt.Errorf("store: outline tasks: %w", err)
		}
		if out[id] == nil {
			m.DeadlineText = duban.DeadlineLabel(m.DeadlineKind, m.Deadline)
			out[id] = &m
		}
		if lead {
			out[id].LeadUnit = unit
		} else {
			out[id].CoopUnits = append(out[id].CoopUnits, unit)
		}
	}
	return out, rows.Err()
}

// latestProgress returns, per task, the latest accepted report of each of
// its units up to asOf, joined as "单位：进展" when several units report.
func (db *DB) treeLatestProgress(ctx context.Context, planID, unitID int64, asOf duban.Date) (map[int64]string, error) {
	q := `SELECT a.id, a.task_id, u.short_name, r.content FROM reports r
		JOIN assignments a ON a.id = r.assignment_id JOIN units u ON u.id = a.unit_id
		WHERE a.plan_id = ? AND r.review = 'accepted' AND r.submitted_at < ?`
	args := []any{planID, asOf.AddDays(1).Time()}
	if unitID != 0 {
		q += ` AND a.unit_id = ?`
		args = append(args, unitID)
	}
	rows, err := db.reader().QueryContext(ctx, q+` ORDER BY a.task_id, a.lead DESC, a.id, r.period DESC, r.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: latest progress: %w", err)
	}
	defer rows.Close()
	parts := map[int64][]string{}
	seen := map[int64]bool{}
	for rows.Next() {
		var aid, tid int64
		var unit, content string
		if err := rows.Scan(&aid, &tid, &unit, &content); err != nil {
			return nil, fmt.Errorf("store: latest progress: %w", err)
		}
		if seen[aid] {
			continue
		}
		seen[aid] = true
		parts[tid] = append(parts[tid], unit+"："+strings.TrimRight(strings.TrimSpace(content), "。；;"))
	}
	out := map[int64]string{}
	for tid, ps := range parts {
		if len(ps) == 1 {
			_, ps[0], _ = strings.Cut(ps[0], "：")
		}
		out[tid] = strings.Join(ps, "\n")
	}
	return out, rows.Err()
}
