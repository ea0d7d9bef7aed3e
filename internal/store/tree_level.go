package store

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"duban/internal/duban"
)

// TreeLevel returns one level of a plan's tree as of asOf: the children of
// node nodeID (the aspects when it is 0) with their roll-ups, and the
// node's own measures a page at a time with their assignments. It reads
// the plan's nodes (hundreds at most), the light tallies for the top level
// (today) or one aspect's assignments for a level below, and one page of
// measures: never the whole plan. A liaison sees only the branches and
// measures that hold its unit's assignments.
func (db *DB) TreeLevel(ctx context.Context, p *duban.Principal, planID, nodeID int64, asOf duban.Date, page duban.Page) (*duban.TreeLevel, error) {
	q := db.reader()
	pl, err := seePlan(ctx, q, p, planID)
	if err != nil {
		return nil, err
	}
	day := db.asOf(asOf)
	rule, src := db.rule(pl, day), db.rowsOn(day)
	nodes, err := treeNodes(ctx, q, planID, src)
	if err != nil {
		return nil, err
	}
	byID, parent := map[int64]*duban.TreeItem{}, map[int64]int64{}
	for _, n := range nodes {
		byID[n.item.ID], parent[n.item.ID] = n.item, n.parent
	}
	out := &duban.TreeLevel{PlanID: planID, AsOf: day, Children: []*duban.TreeItem{}, Tasks: duban.List[duban.TreeItem]{Items: []duban.TreeItem{}}}
	depth := 0
	if nodeID != 0 {
		if out.Node = byID[nodeID]; out.Node == nil {
			return nil, duban.Errorf(duban.NotFound, "方案（编号%d）中没有条目（编号%d）", planID, nodeID)
		}
		for id := nodeID; id != 0; id = parent[id] {
			depth++
		}
	}
	for _, n := range nodes {
		if n.parent == nodeID {
			out.Children = append(out.Children, n.item)
		}
	}
	// under maps every node of the branch to the child of nodeID it lies in.
	under := func(id int64) int64 {
		for id != 0 && parent[id] != nodeID {
			id = parent[id]
		}
		return id
	}
	rollups := map[int64]*duban.Rollup{}
	for _, c := range out.Children {
		rollups[c.ID] = &c.Rollup
	}
	// The figures below are remembered for the caller's unit (0: the whole
	// plan) until the next write (figuresSeq).
	viewer := seenUnit(p)
	seq, err := db.figuresSeq(ctx, day)
	if err != nil {
		return nil, err
	}
	if nodeID == 0 {
		st, err := db.Stats(ctx, p, planID, asOf)
		if err != nil {
			return nil, err
		}
		out.Rollup = st.Total
		mq, args := `SELECT COUNT(*) FROM tasks WHERE plan_id = ?`, []any{planID}
		switch {
		case !p.ReadsAll():
			mq, args = `SELECT COUNT(DISTINCT task_id) FROM `+src.table+` a WHERE plan_id = ? AND unit_id = ? AND `+handedOver, src.with(planID, p.UnitID)
		case src.past:
			mq, args = mq+` AND created_at < ?`, append(args, src.args[0])
		}
		// Counting a national plan's measures reads its 100,000 index
		// entries: the count is remembered until the next write, as the
		// light counts are.
		key := dashboardKey{plan: planID, unit: viewer, rule: duban.LightRule{AsOf: day}, seq: seq}
		if n, ok := db.measureCounts.get(key); ok {
			out.Measures = n
		} else {
			if err := q.QueryRowContext(ctx, mq, args...).Scan(&out.Measures); err != nil {
				return nil, fmt.Errorf("store: tree level: %w", err)
			}
			db.measureCounts.put(key, out.Measures)
		}
		for _, g := range st.ByAspect {
			if r := rollups[g.ID]; r != nil {
				*r = g.Rollup
			}
		}
	} else {
		// Below an aspect, only the node's own branch is counted: a problem
		// holds a few thousand of a national plan's assignments, its aspect
		// tens of thousands.
		var branch []int64
		if parent[nodeID] != 0 {
			for id := range byID {
				if isBelow(id, nodeID, parent) {
					branch = append(branch, id)
				}
			}
		}
		// An aspect of a national plan holds tens of thousands of
		// assignments: its counts are remembered until the next write, as
		// the light counts are.
		key := dashboardKey{plan: planID, unit: viewer, rule: rule, seq: seq, node: nodeID}
		counts, ok := db.branchCounts.get(key)
		if !ok {
			if counts, err = nodeCounts(ctx, q, p, planID, aspectOf(nodeID, parent), branch, rule, src); err != nil {
				return nil, err
			}
			db.branchCounts.put(key, counts)
		}
		for _, c := range counts {
			if !isBelow(c.node, nodeID, parent) {
				continue
			}
			out.Rollup.Add(c.status, c.light, c.n)
			if r := rollups[under(c.node)]; c.node != nodeID && r != nil {
				r.Add(c.status, c.light, c.n)
			}
		}
		out.Node.Rollup = out.Rollup
	}
	kept := out.Children[:0]
	for _, c := range out.Children {
		c.Status, c.Light, c.Children = c.Rollup.Status, c.Rollup.Light, []*duban.TreeItem{}
		if p.ReadsAll() || c.Rollup.Total > 0 {
			kept = append(kept, c)
		}
	}
	out.Children = kept
	number(out.Children, depth)
	if nodeID != 0 {
		if out.Tasks, err = levelTasks(ctx, q, p, nodeID, rule, page, src); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// aspectOf returns the top-level node above id.
func aspectOf(id int64, parent map[int64]int64) int64 {
	for parent[id] != 0 {
		id = parent[id]
	}
	return id
}

// isBelow reports whether node id is node or lies under it.
func isBelow(id, node int64, parent map[int64]int64) bool {
	for ; id != 0; id = parent[id] {
		if id == node {
			return true
		}
	}
	return false
}

// nodeCount is a number of assignments of one status and light whose
// measures hang directly under one node.
type nodeCount struct {
	node   int64
	status duban.Status
	light  duban.Light
	n      int
}

// nodeCounts counts one aspect's assignments (a liaison's unit's) by the
// node their measure hangs under, status and light, under rule r; only
// those of the measures under the branch's nodes when branch is not empty.
func nodeCounts(ctx context.Context, q queryer, p *duban.Principal, planID, aspectID int64, branch []int64, r duban.LightRule, src rowSource) ([]nodeCount, error) {
	light, args := lightCase(r)
	// An aspect's assignments are found by its index; a branch's by its
	// measures (the aspect's index would walk the whole aspect, tens of
	// thousands of rows, to keep the few thousand of the branch).
	aspect := `aspect_id`
	if len(branch) > 0 {
		aspect = `+aspect_id`
	}
	query := `SELECT (SELECT t.node_id FROM tasks t WHERE t.id = a.task_id) AS node, status, ` + light + ` AS light, COUNT(*)
		FROM ` + src.table + ` a WHERE ` + aspect + ` = ? AND plan_id + 0 = ?`
	args = append(append(args, src.args...), aspectID, planID)
	if len(branch) > 0 {
		query += ` AND task_id IN (SELECT t.id FROM tasks t WHERE t.node_id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(branch)), ", ") + `))`
		for _, id := range branch {
			args = append(args, id)
		}
	}
	if !p.ReadsAll() {
		query += ` AND unit_id = ? AND ` + handedOver
		args = append(args, p.UnitID)
	}
	rows, err := q.QueryContext(ctx, query+` GROUP BY 1, 2, 3`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tree level counts: %w", err)
	}
	defer rows.Close()
	var out []nodeCount
	for rows.Next() {
		var c nodeCount
		if err := rows.Scan(&c.node, &c.status, &c.light, &c.n); err != nil {
			return nil, fmt.Errorf("store: tree level counts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// levelTasks returns a page of the measures directly under node, in (seq,
// id) order, with their assignments (a liaison's: its unit's measures only).
func levelTasks(ctx context.Context, q queryer, p *duban.Principal, nodeID int64, rule duban.LightRule, page duban.Page, src rowSource) (duban.List[duban.TreeItem], error) {
	out := duban.List[duban.TreeItem]{Items: []duban.TreeItem{}}
	w := &where{}
	w.add("t.node_id = ?", nodeID)
	switch {
	case !p.ReadsAll():
		w.add("EXISTS (SELECT 1 FROM "+src.table+" a WHERE a.task_id = t.id AND a.unit_id = ? AND a."+handedOver+")", src.with(p.UnitID)...)
	case src.past:
		w.add("t.created_at < ?", src.args[0])
	}
	if page.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(page.Cursor)
		seqText, idText, ok := strings.Cut(string(b), ",")
		seq, err2 := strconv.Atoi(seqText)
		id, err3 := strconv.ParseInt(idText, 10, 64)
		if err != nil || !ok || err2 != nil || err3 != nil {
			return out, &duban.Error{Code: duban.Invalid, Message: "分页游标无效", Fields: map[string]string{"cursor": "无效"}}
		}
		w.add("(t.seq, t.id) > (?, ?)", seq, id)
	}
	limit := page.PageLimit()
	rows, err := q.QueryContext(ctx, `SELECT t.id, t.seq, t.title, t.deadline_kind, t.deadline FROM tasks t`+w.String()+` ORDER BY t.seq, t.id LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: tree level tasks: %w", err)
	}
	for rows.Next() {
		it := duban.TreeItem{Kind: "task", Children: []*duban.TreeItem{}}
		if err := rows.Scan(&it.ID, &it.Seq, &it.Title, &it.DeadlineKind, &it.Deadline); err != nil {
			rows.Close()
			return out, fmt.Errorf("store: tree level tasks: %w", err)
		}
		out.Items = append(out.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: tree level tasks: %w", err)
	}
	out = pageOut(out, limit, func(x duban.TreeItem) string {
		return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(x.Seq) + "," + strconv.FormatInt(x.ID, 10)))
	})
	if len(out.Items) == 0 {
		return out, nil
	}
	tasks := map[int64]*treeTask{}
	ptrs := make([]*duban.TreeItem, len(out.Items))
	marks := make([]string, len(out.Items))
	args := make([]any, 0, len(out.Items)+1)
	for i := range out.Items {
		it := &out.Items[i]
		tasks[it.ID] = &treeTask{item: it}
		ptrs[i], marks[i] = it, "?"
		args = append(args, it.ID)
	}
	query := `SELECT a.id, a.task_id, a.unit_id, u.short_name, a.lead, a.status, a.deadline_kind, a.deadline, a.phase_complete, a.notice_due, a.last_period, ` + tsCol("a.assigned_at") + `
		FROM ` + src.table + ` a JOIN units u ON u.id = a.unit_id WHERE a.task_id IN (` + strings.Join(marks, ", ") + `)`
	args = src.with(args...)
	if !p.ReadsAll() {
		query += ` AND a.unit_id = ? AND a.` + handedOver
		args = append(args, p.UnitID)
	}
	if err := scanBriefs(ctx, q, query+` ORDER BY a.lead DESC, a.id`, args, rule, tasks); err != nil {
		return out, err
	}
	// Numbered by their place among the node's measures the caller sees,
	// as in the whole tree, whatever the page.
	var before int
	cw := &where{conds: w.conds[:len(w.conds):len(w.conds)], args: w.args[:len(w.args):len(w.args)]}
	if page.Cursor != "" {
		cw.conds, cw.args = cw.conds[:len(cw.conds)-1], cw.args[:len(cw.args)-2]
	}
	cw.add("(t.seq, t.id) < (?, ?)", ptrs[0].Seq, ptrs[0].ID)
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM tasks t`+cw.String(), cw.args...).Scan(&before); err != nil {
		return out, fmt.Errorf("store: tree level tasks: %w", err)
	}
	for i, it := range ptrs {
		it.Number = duban.ChineseNumeral(before+i+1) + "是"
		it.Status, it.Light = it.Rollup.Status, it.Rollup.Light
	}
	return out, nil
}

// WholeTreeLimit is the most assignments a plan may hold for its whole tree
// to be sent or drawn at once; larger plans are read a level at a time.
const WholeTreeLimit = 5000

// TreeTooLarge reports whether plan planID holds more than WholeTreeLimit
// assignments, reading at most that many index entries.
func (db *DB) TreeTooLarge(ctx context.Context, planID int64) (bool, error) {
	var n int
	err := db.reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM assignments WHERE plan_id = ? LIMIT ?) x`, planID, WholeTreeLimit+1).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: tree size: %w", err)
	}
	return n > WholeTreeLimit, nil
}
