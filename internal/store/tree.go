package store

import (
	"context"
	"fmt"
	"sort"

	"duban/internal/duban"
)

// Tree returns the whole item tree of a plan with roll-ups as of asOf. A
// liaison sees only the branches that hold its unit's assignments.
func (db *DB) Tree(ctx context.Context, p *duban.Principal, planID int64, asOf duban.Date) (*duban.Tree, error) {
	q := db.reader()
	pl, err := seePlan(ctx, q, p, planID)
	if err != nil {
		return nil, err
	}
	day := db.asOf(asOf)
	tree := &duban.Tree{Plan: *pl, AsOf: day, Children: []*duban.TreeItem{}}
	src := db.rowsOn(day)
	nodes, err := treeNodes(ctx, q, planID, src)
	if err != nil {
		return nil, err
	}
	tasks, err := treeTasks(ctx, q, planID, src)
	if err != nil {
		return nil, err
	}
	if err := treeAssignments(ctx, q, p, planID, db.rule(pl, day), tasks, src); err != nil {
		return nil, err
	}
	byID := map[int64]*duban.TreeItem{}
	parent := map[int64]int64{}
	for _, n := range nodes {
		byID[n.item.ID] = n.item
		parent[n.item.ID] = n.parent
	}
	for _, n := range nodes {
		if n.parent == 0 {
			tree.Children = append(tree.Children, n.item)
		} else if par := byID[n.parent]; par != nil {
			par.Children = append(par.Children, n.item)
		}
	}
	for _, t := range tasks {
		if !p.ReadsAll() && len(t.item.Assignments) == 0 {
			continue
		}
		if par := byID[t.node]; par != nil {
			par.Children = append(par.Children, t.item)
		}
	}
	tree.Children = prune(tree.Children, !p.ReadsAll())
	number(tree.Children, 0)
	for _, c := range tree.Children {
		tree.Rollup.Merge(c.Finish())
	}
	tree.Status, tree.Light = tree.Rollup.Status, tree.Rollup.Light
	countTree(tree.Children, &tree.Counts)
	return tree, nil
}

type treeNode struct {
	item   *duban.TreeItem
	parent int64
}

// treeNodes reads the plan's nodes; for a past day, those made by then.
func treeNodes(ctx context.Context, q queryer, planID int64, src rowSource) ([]treeNode, error) {
	query, args := `SELECT id, parent_id, kind, seq, title FROM nodes WHERE plan_id = ?`, []any{planID}
	if src.past {
		query, args = query+` AND created_at < ?`, append(args, src.args[0])
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY seq, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tree nodes: %w", err)
	}
	defer rows.Close()
	var out []treeNode
	for rows.Next() {
		it := &duban.TreeItem{}
		var parent *int64
		if err := rows.Scan(&it.ID, &parent, &it.Kind, &it.Seq, &it.Title); err != nil {
			return nil, fmt.Errorf("store: tree nodes: %w", err)
		}
		n := treeNode{item: it}
		if parent != nil {
			n.parent = *parent
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

type treeTask struct {
	item *duban.TreeItem
	node int64
}

// treeTasks reads the plan's measures; for a past day, those made by then.
func treeTasks(ctx context.Context, q queryer, planID int64, src rowSource) (map[int64]*treeTask, error) {
	query, args := `SELECT id, node_id, seq, title, deadline_kind, deadline FROM tasks WHERE plan_id = ?`, []any{planID}
	if src.past {
		query, args = query+` AND created_at < ?`, append(args, src.args[0])
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tree tasks: %w", err)
	}
	defer rows.Close()
	out := map[int64]*treeTask{}
	for rows.Next() {
		t := &treeTask{item: &duban.TreeItem{Kind: "task"}}
		if err := rows.Scan(&t.item.ID, &t.node, &t.item.Seq, &t.item.Title, &t.item.DeadlineKind, &t.item.Deadline); err != nil {
			return nil, fmt.Errorf("store: tree tasks: %w", err)
		}
		out[t.item.ID] = t
	}
	return out, rows.Err()
}

func treeAssignments(ctx context.Context, q queryer, p *duban.Principal, planID int64, rule duban.LightRule, tasks map[int64]*treeTask, src rowSource) error {
	query := `SELECT a.id, a.task_id, a.unit_id, u.short_name, a.lead, a.status, a.deadline_kind, a.deadline, a.phase_complete, a.notice_due, a.last_period, ` + tsCol("a.assigned_at") + `
		FROM ` + src.table + ` a JOIN units u ON u.id = a.unit_id WHERE a.plan_id = ?`
	args := src.with(planID)
	if !p.ReadsAll() {
		query += ` AND a.unit_id = ? AND a.` + handedOver
		args = append(args, p.UnitID)
	}
	return scanBriefs(ctx, q, query+` ORDER BY a.lead DESC, a.id`, args, rule, tasks)
}

// scanBriefs reads assignments into their tasks' items, with their lights
// under rule, adding each to its task's roll-up.
func scanBriefs(ctx context.Context, q queryer, query string, args []any, rule duban.LightRule, tasks map[int64]*treeTask) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: tree assignments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var b duban.AssignmentBrief
		var taskID int64
		a := duban.Assignment{}
		if err := rows.Scan(&b.ID, &taskID, &b.Unit.ID, &b.Unit.Name, &b.Lead, &b.Status, &a.DeadlineKind, &b.Deadline,
			&a.PhaseComplete, &a.NoticeDue, &a.LastPeriod, scanNullTime{&a.AssignedAt}); err != nil {
			return fmt.Errorf("store: tree assignments: %w", err)
		}
		a.Status, a.Deadline = b.Status, b.Deadline
		b.Light = rule.Of(a.Facts())
		if t := tasks[taskID]; t != nil {
			t.item.Assignments = append(t.item.Assignments, b)
			t.item.Rollup.Add(b.Status, b.Light, 1)
		}
	}
	return rows.Err()
}

// prune sorts siblings (nodes before tasks, then by seq) and, when
// onlyWithTasks, drops branches that hold no task.
func prune(items []*duban.TreeItem, onlyWithTasks bool) []*duban.TreeItem {
	out := items[:0]
	for _, it := range items {
		if it.Kind != "task" {
			it.Children = prune(it.Children, onlyWithTasks)
			if onlyWithTasks && len(it.Children) == 0 {
				continue
			}
		}
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Kind == "task") != (out[j].Kind == "task") {
			return out[j].Kind == "task"
		}
		return out[i].Seq < out[j].Seq
	})
	return out
}

// number labels items as official documents do: 一、 then （一） then 1. then （1）.
func number(items []*duban.TreeItem, depth int) {
	nodes, tasks := 0, 0
	for _, it := range items {
		if it.Kind == "task" {
			tasks++
			it.Number = duban.ChineseNumeral(tasks) + "是"
			continue
		}
		nodes++
		switch depth {
		case 0:
			it.Number = duban.ChineseNumeral(nodes) + "、"
		case 1:
			it.Number = "（" + duban.ChineseNumeral(nodes) + "）"
		case 2:
			it.Number = fmt.Sprintf("%d.", nodes)
		default:
			it.Number = fmt.Sprintf("（%d）", nodes)
		}
		number(it.Children, depth+1)
	}
}

func countTree(items []*duban.TreeItem, c *duban.TreeCounts) {
	for _, it := range items {
		switch it.Kind {
		case "aspect":
			c.Aspects++
		case "problem":
			c.Problems++
		case "subproblem":
			c.Subproblems++
		case "task":
			c.Tasks++
			c.Assignments += len(it.Assignments)
		}
		countTree(it.Children, c)
	}
}
