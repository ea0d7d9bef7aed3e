package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"duban/internal/duban"
)

// ImportOptions says where an imported outline goes.
type ImportOptions struct {
	PlanID    int64  // merge into this plan; 0 finds the plan by title and owner, or creates it
	Owner     string // the owner (inspected) unit's name; defaults to the outline's Meta.Unit
	PlanTitle string // defaults to the outline's Meta.Title
	DryRun    bool   // do everything, report it, and roll back
	// Notice says the outline was read from a notice or plan document: its
	// text names no units, deadlines or people, and what follows a measure's
	// first sentence may be progress rather than the measure's content. An
	// existing measure that names no unit keeps its units (and so its
	// assignments, reports and history), deadline and content; only new
	// nodes and measures are added, and an empty content is filled in. A
	// measure from a table of the document names its unit and is updated
	// as a ledger's is.
	Notice bool
	// Shared: another process may write to the same SQLite file (the
	// command line beside a running server). Its writes wait for the
	// file's lock by polling (up to every 100 ms), so a batch that follows
	// the last at once would keep them out; while a server holds the
	// file's serving mark (serving.go), the import pauses a batch's length
	// between batches instead. No effect on PostgreSQL, whose lock queue
	// is fair.
	Shared bool
}

// ImportResult tells what an import created, changed or found unchanged.
type ImportResult struct {
	PlanID    int64          `json:"plan_id"`
	DryRun    bool           `json:"dry_run"`
	Created   map[string]int `json:"created"`
	Updated   map[string]int `json:"updated"`
	Unchanged map[string]int `json:"unchanged"`
	NewUnits  []string       `json:"new_units"`
	// MatchedUnits are the units the file names otherwise than the
	// database (中共…党组 for the 厅), taken for the existing ones.
	MatchedUnits []UnitMatch `json:"matched_units"`
	Changes      []string    `json:"changes"`
	// Warnings are accepted but doubtful: a deadline on a rest day.
	Warnings []string `json:"warnings"`
	// NoChange: the plan already holds everything the file says; nothing
	// was (or, on a dry run, would be) written. Shown as 无变化.
	NoChange bool `json:"no_change"`
}

// noChange reports an import that found everything as the file says:
// nothing was (or, on a dry run, would be) created or changed.
func (r *ImportResult) noChange() bool {
	for _, m := range []map[string]int{r.Created, r.Updated} {
		for _, n := range m {
			if n > 0 {
				return false
			}
		}
	}
	return len(r.Changes) == 0
}

// errDryRun rolls back a dry run.
var errDryRun = errors.New("store: dry run")

type importer struct {
	tx    *Tx
	res   *ImportResult
	units map[string]int64
	asOf  duban.Date // the document's 截至 date: the period of imported progress
	// feedback is the document's feedback date, from which a deadline
	// written as a span (3个月内) is counted; zero: from the import's day
	feedback duban.Date
	// spans are the deadlines counted from a span, warned of by span
	spans map[spanKey]*warnGroup
	// notice: the outline comes from a notice (see ImportOptions.Notice)
	notice bool
	cores  map[string][]duban.Unit // every unit by the core of its names, loaded on first use

	nodes  map[*duban.OutlineNode]*duban.Node // the outline's nodes as found or created
	source *duban.Source                      // a new plan's source, written when the plan is shown
	fresh  []int64                            // units created and not yet marked staged
	dryRun bool
	staged bool // the plan is marked staged
	// the nodes, measures and reports written since the last batch ended,
	// whose search rows indexStaged writes
	unindexed [3][]int64
	target    *duban.Plan // the plan, once a 立行立改 measure needed it

	// A new plan holds only what this import wrote: each node's last seq
	// is known here, not looked up.
	newPlan bool
	seq     map[int64]int
	// the measures of an existing plan that rows of the file have met
	// (findMeasure)
	met map[int64]bool
	// restDays are the rest days deadlines fall on, each warned of once
	restDays map[restDayKey]*warnGroup
	// unkept are the measures whose progress a notice gives and the
	// import cannot keep (no responsible unit), warned of in one line
	unkept *warnGroup
}

// use makes tx the importer's transaction: the rows it creates are
// audited together (audit_batch.go) and written in the background while
// it builds the next (later_async.go).
func (im *importer) use(tx *Tx) {
	im.tx, tx.gather, tx.async = tx, true, true
}

// plan finds or creates the target plan (and its source and owner unit).
func (im *importer) plan(ctx context.Context, p *duban.Principal, m *duban.OutlineMeta, opt ImportOptions) (*duban.Plan, error) {
	if opt.PlanID != 0 {
		return managePlan(ctx, im.tx, p, opt.PlanID)
	}
	owner := firstNonEmpty(opt.Owner, m.Unit)
	if owner == "" {
		return nil, &duban.Error{Code: duban.Invalid, Message: "无法确定整改责任单位：请指定所属方案或单位", Fields: map[string]string{"owner": "必填"}}
	}
	ownerID, err := im.unitFor(ctx, owner, "owner")
	if err != nil {
		return nil, err
	}
	title := firstNonEmpty(opt.PlanTitle, duban.SourcePlanTitle(*m), duban.PlanTitle(m.Title), owner+"整改方案")
	var id int64
	err = im.tx.QueryRowContext(ctx, `SELECT id FROM plans WHERE title = ? AND owner_unit_id = ? AND `+planShown+` ORDER BY id LIMIT 1`, title, ownerID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) && m.Round != "" && m.Team != "" {
		// A notice generated from a plan names its source (round and team),
		// not the plan: find the owner's plan that answers that source.
		err = im.tx.QueryRowContext(ctx, `SELECT p.id FROM plans p JOIN plan_sources ps ON ps.plan_id = p.id JOIN sources s ON s.id = ps.source_id
			WHERE p.owner_unit_id = ? AND s.round = ? AND s.team = ? AND p.`+planShown+` ORDER BY p.id LIMIT 1`, ownerID, m.Round, m.Team).Scan(&id)
	}
	if err == nil {
		im.res.Unchanged["plans"]++
		return managePlan(ctx, im.tx, p, id)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: import plan: %w", err)
	}
	// The same plan may be being imported right now (a second click, a
	// second clerk): it is hidden until its last batch, so it would not be
	// found above, and this import would make a second plan beside it.
	var running int
	if err := im.tx.QueryRowContext(ctx, `SELECT count(*) FROM plans p JOIN staged_plans s ON s.plan_id = p.id
		WHERE p.title = ? AND p.owner_unit_id = ? AND s.alive_at >= ?`, title, ownerID, im.tx.wall.Add(-stagedStale)).Scan(&running); err != nil {
		return nil, fmt.Errorf("store: import plan: %w", err)
	}
	if running > 0 {
		return nil, duban.Errorf(duban.Conflict, "“%s”正在由另一次导入写入，请待其完成后再导入（届时将并入该方案）", title)
	}
	pl := &duban.Plan{Title: title, OwnerUnitID: ownerID, StartDate: m.FeedbackDate, LookbackMonths: duban.DefaultLookbackMonths}
	if p.Role == duban.RoleLead {
		pl.LeadUnitID = p.UnitID
	}
	if err := pl.Validate(); err != nil {
		return nil, err
	}
	if !p.CanCreatePlan(pl) || !p.CanManagePlan(pl) {
		return nil, duban.ErrForbidden("为其他单位导入整改方案")
	}
	if m.Team != "" || m.Round != "" || m.Kind != "" {
		kind := firstNonEmpty(string(m.Kind), string(duban.SourceInspection))
		work := duban.WordsOf(duban.SourceKind(kind)).Work
		src := &duban.Source{Kind: duban.SourceKind(kind), Title: firstNonEmpty(m.Round+work, m.Team+work, m.Title, work), Round: m.Round,
			Team: m.Team, Topic: m.Topic, OnsiteStart: m.OnsiteStart, OnsiteEnd: m.OnsiteEnd, FeedbackDate: m.FeedbackDate, InspectedUnitID: &ownerID}
		if m.Topic != "" {
			src.InspectionType = "special"
		}
		if err := src.Validate(); err != nil {
			return nil, err
		}
		im.res.Created["sources"]++
		if !im.dryRun {
			im.source = src // linked by the transaction that shows the plan
		} else {
			if err := insertSource(ctx, im.tx, src); err != nil {
				return nil, err
			}
			pl.SourceIDs = []int64{src.ID}
		}
	}
	if err := insertPlan(ctx, im.tx, pl); err != nil {
		return nil, err
	}
	if m.Contact != "" {
		if _, err := im.tx.exec(ctx, `UPDATE plans SET notice_contact = ? WHERE id = ?`, m.Contact, pl.ID); err != nil {
			return nil, fmt.Errorf("store: import contact: %w", err)
		}
	}
	im.res.Created["plans"]++
	im.newPlan, im.seq = true, map[int64]int{}
	im.res.Changes = append(im.res.Changes, "新建整改方案“"+title+"”")
	return pl, nil
}

var nodeKey = map[duban.NodeKind]string{duban.NodeAspect: "aspects", duban.NodeProblem: "problems", duban.NodeSubproblem: "subproblems"}

// node finds or creates a node under parent (nil at the top).
func (im *importer) node(ctx context.Context, pl *duban.Plan, parent *duban.Node, n *duban.OutlineNode) error {
	x := &duban.Node{PlanID: pl.ID, Kind: n.Kind, Title: n.Title, Description: n.Text}
	if parent != nil {
		x.ParentID = &parent.ID
	}
	if err := x.Validate(); err != nil {
		return err
	}
	q := `SELECT ` + nodeCols + ` FROM nodes WHERE plan_id = ? AND kind = ? AND title = ? AND parent_id IS NULL`
	args := []any{pl.ID, n.Kind, x.Title}
	if parent != nil {
		q, args = strings.Replace(q, "parent_id IS NULL", "parent_id = ?", 1), append(args, parent.ID)
	}
	var found duban.Node
	err := scanNode(im.tx.QueryRowContext(ctx, q, args...), &found)
	if errors.Is(err, sql.ErrNoRows) && !im.newPlan {
		err = im.nodeWritten(ctx, pl, parent, n.Kind, x.Title, &found)
	}
	switch {
	case err == nil:
		x = &found
		im.res.Unchanged[nodeKey[n.Kind]]++
	case errors.Is(err, sql.ErrNoRows):
		if err := insertNode(ctx, im.tx, x); err != nil {
			return err
		}
		im.unindexed[searchNode] = append(im.unindexed[searchNode], x.ID)
		im.res.Created[nodeKey[n.Kind]]++
	default:
		return fmt.Errorf("store: import node: %w", err)
	}
	im.nodes[n] = x
	return nil
}

// titleKey is a title as matching compares it: the same words written with
// full-width or half-width punctuation and digits, or with spaces (，or ,
// in a notice copied from a web page), are the same title.
func titleKey(s string) string {
	s = duban.HalfWidth(s)
	s = strings.NewReplacer("“", "\"", "”", "\"", "‘", "'", "’", "'", "、", ",").Replace(s)
	return strings.Join(strings.Fields(s), "")
}

// nodeWritten finds a node of the plan under parent whose title is title
// written otherwise (titleKey), or sql.ErrNoRows.
func (im *importer) nodeWritten(ctx context.Context, pl *duban.Plan, parent *duban.Node, kind duban.NodeKind, title string, found *duban.Node) error {
	q := `SELECT ` + nodeCols + ` FROM nodes WHERE plan_id = ? AND kind = ? AND parent_id IS NULL ORDER BY id`
	args := []any{pl.ID, kind}
	if parent != nil {
		q, args = strings.Replace(q, "parent_id IS NULL", "parent_id = ?", 1), append(args, parent.ID)
	}
	rows, err := im.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	key := titleKey(title)
	for rows.Next() {
		var n duban.Node
		if err := scanNode(rows, &n); err != nil {
			return err
		}
		if titleKey(n.Title) == key {
			*found = n
			return nil
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return sql.ErrNoRows
}

// measure finds the task by title under node and updates it, or creates it.
func (im *importer) measure(ctx context.Context, node *duban.Node, m *duban.OutlineMeasure) error {
	t := &duban.Task{PlanID: node.PlanID, NodeID: node.ID, AspectID: node.AspectID, Title: m.Title, Content: m.Content, Target: m.Target,
		Requirements: m.Requirements, DeadlineKind: m.DeadlineKind, Deadline: m.Deadline, ResponsibleLeader: m.ResponsibleLeader, ResponsiblePerson: m.ResponsiblePerson}
	if t.DeadlineKind == "" && t.Deadline.IsZero() {
		t.DeadlineKind = duban.DeadlineLongTerm // a notice gives no deadline: keep it open-ended
	}
	counted := m.Within != nil && t.DeadlineKind == duban.DeadlineDate && t.Deadline.IsZero()
	if counted {
		t.Deadline = im.countSpan(*m.Within)
	}
	var err error
	if m.LeadUnit != "" {
		if t.LeadUnitID, err = im.unit(ctx, m.LeadUnit); err != nil {
			return err
		}
	} else {
		var owner int64
		if err := im.tx.QueryRowContext(ctx, `SELECT owner_unit_id FROM plans WHERE id = ?`, node.PlanID).Scan(&owner); err != nil {
			return fmt.Errorf("store: import measure: %w", err)
		}
		t.LeadUnitID = owner // a notice names no unit: the owner leads until assigned
	}
	for _, c := range m.CoopUnits {
		id, err := im.unit(ctx, c)
		if err != nil {
			return err
		}
		if id != t.LeadUnitID && !slices.Contains(t.CoopUnitIDs, id) {
			t.CoopUnitIDs = append(t.CoopUnitIDs, id)
		}
	}
	if err := t.Validate(); err != nil {
		return err
	}
	id, err := im.findMeasure(ctx, node.ID, t.Title)
	if errors.Is(err, sql.ErrNoRows) {
		var made []*duban.Assignment
		opt := taskInsert{unitsKnown: true, keep: true, settle: func(a *duban.Assignment) error {
			made = append(made, a)
			return im.settle(ctx, m, a)
		}}
		if im.newPlan {
			im.seq[node.ID]++
			t.Seq = im.seq[node.ID]
		}
		if err := insertTaskAs(ctx, im.tx, t, opt); err != nil {
			return err
		}
		im.meet(t.ID)
		im.unindexed[searchTask] = append(im.unindexed[searchTask], t.ID)
		im.res.Created["measures"]++
		im.res.Created["assignments"] += len(t.UnitIDs())
		if counted {
			im.warnSpan(t, m.DeadlineText)
		} else if m.Status != duban.StatusClosed { // a measure done needs no other day
			im.warnRestDay(t, m.DeadlineText)
		}
		if m.LeadUnit == "" {
			im.warnUnkept(t.Title, m)
		}
		return im.importState(ctx, m, made)
	}
	if err != nil {
		return fmt.Errorf("store: import measure: %w", err)
	}
	if im.notice && m.LeadUnit == "" {
		return im.fillMeasure(ctx, id, t)
	}
	return im.updateMeasure(ctx, id, t, m.DeadlineText, counted)
}

// findMeasure returns the id of the first measure titled so under node
// that no earlier row of the file has met, or sql.ErrNoRows. A row meets
// one measure and a measure one row: a ledger that writes the same measure
// on two rows under one problem (for two lead units, each on its own row)
// makes two measures, and importing it again meets each of them once, in
// order. Before, the second row updated the first's measure and the import
// failed on its lead unit ("不能从举措中移除"). A new plan holds only the
// measures this import wrote, each met by its own row.
func (im *importer) findMeasure(ctx context.Context, nodeID int64, title string) (int64, error) {
	if im.newPlan {
		return 0, sql.ErrNoRows
	}
	ids, err := queryIDs(ctx, im.tx, `SELECT id FROM tasks WHERE node_id = ? AND title = ? ORDER BY id`, nodeID, title)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if !im.met[id] {
			im.meet(id)
			return id, nil
		}
	}
	// The title written otherwise (titleKey): ， for , and the like.
	rows, err := im.tx.QueryContext(ctx, `SELECT id, title FROM tasks WHERE node_id = ? ORDER BY id`, nodeID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	key := titleKey(title)
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return 0, err
		}
		if !im.met[id] && titleKey(t) == key {
			im.meet(id)
			return id, nil
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return 0, sql.ErrNoRows
}

// meet marks a measure of an existing plan as met by a row of the file.
func (im *importer) meet(id int64) {
	if im.newPlan {
		return
	}
	if im.met == nil {
		im.met = map[int64]bool{}
	}
	im.met[id] = true
}

// fillMeasure meets an existing measure in a notice: the notice states
// neither units nor deadline, and its text after the title may be progress,
// so the measure keeps what it has; only an empty content is filled in.
func (im *importer) fillMeasure(ctx context.Context, id int64, t *duban.Task) error {
	before, err := findTask(ctx, im.tx, id)
	if err != nil {
		return err
	}
	if before.Content != "" || t.Content == "" {
		im.res.Unchanged["measures"]++
		return nil
	}
	return im.updateMeasure(ctx, id, withContent(before, t.Content), "", false)
}

// withContent returns a copy of t with another content.
func withContent(t *duban.Task, content string) *duban.Task {
	c := *t
	c.Content = content
	return &c
}

// updateMeasure brings an existing task in line with t, reporting what
// changed; text is its deadline as the file wrote it. counted says that
// t's deadline was counted from a span (3个月内) on this import: counted
// from the document's feedback date it is the same whenever the file is
// imported; counted from the import's day, the task keeps the deadline it
// has, so that importing the file again later moves nothing (a span
// changed in the file is then not seen either).
func (im *importer) updateMeasure(ctx context.Context, id int64, t *duban.Task, text string, counted bool) error {
	before, err := findTask(ctx, im.tx, id)
	if err != nil {
		return err
	}
	if counted && im.feedback.IsZero() && before.DeadlineKind == duban.DeadlineDate {
		t.Deadline = before.Deadline // counted from the first import's day
	}
	slices.Sort(t.CoopUnitIDs)
	up := duban.TaskUpdate{Content: &t.Content, Target: &t.Target, Requirements: &t.Requirements, DeadlineKind: &t.DeadlineKind, Deadline: &t.Deadline,
		LeadUnitID: &t.LeadUnitID, CoopUnitIDs: &t.CoopUnitIDs, ResponsibleLeader: &t.ResponsibleLeader, ResponsiblePerson: &t.ResponsiblePerson}
	after := *before
	up.Apply(&after)
	changed := taskChanges(before, &after)
	if len(changed) == 0 {
		im.res.Unchanged["measures"]++
		return nil
	}
	after.Version, after.UpdatedAt = before.Version+1, im.tx.now
	if err := writeTask(ctx, im.tx, before, &after); err != nil {
		if duban.ErrorCode(err) == duban.Conflict {
			return &duban.Error{Code: duban.Conflict, Message: fmt.Sprintf("举措“%s”（%s）：%s", t.Title, strings.Join(changed, "、"), duban.ErrorMessage(err))}
		}
		return err
	}
	im.res.Updated["measures"]++
	switch {
	case after.Deadline == before.Deadline:
	case counted:
		im.warnSpan(&after, text)
	default:
		im.warnRestDay(&after, text)
	}
	im.res.Changes = append(im.res.Changes, fmt.Sprintf("修改举措“%s”：%s", t.Title, strings.Join(changed, "、")))
	return im.tx.audit(ctx, "task.import", "task", id, before, after)
}

// warnGroup is one warning of an import about several measures (those
// due on one rest day, those whose progress is not kept): its place among
// the import's warnings, the measures counted and the first few named.
type warnGroup struct {
	at      int
	n, done int
	titles  []string
}

// groupFor returns the warning group of key among groups, made (its
// warning in place) when it is the first of its key.
func groupFor[K comparable](im *importer, groups *map[K]*warnGroup, key K) *warnGroup {
	if *groups == nil {
		*groups = map[K]*warnGroup{}
	}
	g := (*groups)[key]
	if g == nil {
		g = im.newWarnGroup()
		(*groups)[key] = g
	}
	return g
}

// newWarnGroup makes a group with its (still empty) warning in place.
func (im *importer) newWarnGroup() *warnGroup {
	im.res.Warnings = append(im.res.Warnings, "")
	return &warnGroup{at: len(im.res.Warnings) - 1}
}

// add counts a measure and returns the first few named (“…”“…”) and "等"
// when there are more.
func (g *warnGroup) add(title string) (names, more string) {
	g.n++
	if len(g.titles) < 3 {
		g.titles = append(g.titles, "“"+title+"”")
	}
	if g.n > len(g.titles) {
		more = "等"
	}
	return strings.Join(g.titles, ""), more
}

// restDayKey tells rest-day warnings apart: by the day, and by the working
// day suggested (before it, for a deadline written 底前).
type restDayKey struct {
	day    duban.Date
	before string // "前" or "底" when the deadline is met by the day: the working day before is suggested
}

// warnRestDay notes a measure whose deadline falls on a rest day: imported
// as written, with a working day suggested. text is the deadline as the
// file wrote it ("" when not known). One warning per day, however many
// measures fall on it (a ledger's 17 measures due on one Saturday drew 17
// warnings alike), rewritten as more come; a deadline before the ledger's
// 截至 date is history and draws none. A deadline met by the
// day (2023年6月底前, 6月30日前, 6月底) is met on the working day before
// it, not after.
func (im *importer) warnRestDay(t *duban.Task, text string) {
	d := t.Deadline
	if d.IsZero() || d.Before(im.asOf) {
		return
	}
	rest, name, next := im.tx.db.RestDay(d)
	if !rest {
		return
	}
	key := restDayKey{day: d}
	switch {
	case strings.Contains(text, "前"):
		key.before = "前"
	case strings.Contains(text, "底") || strings.Contains(text, "末"):
		key.before = "底"
	}
	g := groupFor(im, &im.restDays, key)
	names, more := g.add(t.Title)
	suggest := "建议改为下一个工作日" + next.Chinese()
	if key.before != "" {
		suggest = fmt.Sprintf("时限写作“…%s”，建议改为前一个工作日%s", key.before, im.tx.db.Calendar().AddWorkdays(d, -1).Chinese())
	}
	if g.n == 1 {
		im.res.Warnings[g.at] = fmt.Sprintf("举措%s的整改时限%s是休息日（%s），按所填日期保留；%s", names, d.Chinese(), name, suggest)
		return
	}
	im.res.Warnings[g.at] = fmt.Sprintf("%d项举措的整改时限%s是休息日（%s）：%s%s，按所填日期保留；%s", g.n, d.Chinese(), name, names, more, suggest)
}

// spanKey tells span warnings apart: the span as written, and the date
// it was counted to.
type spanKey struct {
	text string
	day  duban.Date
}

// countSpan is the deadline a span gives: counted from the document's
// feedback date, else from the import's day (China time); a day that is
// not a working day gives way to the last working day before it, so that
// the measure is still due within the span.
func (im *importer) countSpan(w duban.Within) duban.Date {
	cal := im.tx.db.Calendar()
	from := im.spanStart()
	if w.Workdays > 0 {
		return cal.AddWorkdays(from, w.Workdays)
	}
	d := from.AddMonths(w.Months).AddDays(w.Days)
	if rest, _, _ := im.tx.db.RestDay(d); rest {
		d = cal.AddWorkdays(d.AddDays(1), -1)
	}
	return d
}

// spanStart is the day a span is counted from.
func (im *importer) spanStart() duban.Date {
	if !im.feedback.IsZero() {
		return im.feedback
	}
	return duban.DateOf(im.tx.wall.In(duban.ChinaTime))
}

// warnSpan says which day a deadline written as a span was counted to, and
// from when: one warning per span and day, however many measures.
func (im *importer) warnSpan(t *duban.Task, text string) {
	g := groupFor(im, &im.spans, spanKey{text: text, day: t.Deadline})
	names, more := g.add(t.Title)
	from := im.feedback.Chinese() + "（反馈之日）"
	if im.feedback.IsZero() {
		from = im.spanStart().Chinese() + "（导入之日）"
	}
	if g.n == 1 {
		im.res.Warnings[g.at] = fmt.Sprintf("举措%s的整改时限“%s”自%s起算，定为%s，请核对", names, text, from, t.Deadline.Chinese())
		return
	}
	im.res.Warnings[g.at] = fmt.Sprintf("%d项举措的整改时限“%s”自%s起算：%s%s，定为%s，请核对", g.n, text, from, names, more, t.Deadline.Chinese())
}

// warnUnkept warns that a measure's progress or 已完成, as a file that
// names no responsible unit for it gives them (a notice), is not imported: progress is a
// unit's report and a closure a unit's assignment's, and the measure has
// none yet (a measure found in the plan keeps its own reports, and is not
// warned of). One line for the whole file, naming the first three measures
// and how many were marked done.
func (im *importer) warnUnkept(title string, m *duban.OutlineMeasure) {
	done := m.Status == duban.StatusClosed
	if strings.TrimSpace(m.Progress) == "" && !done {
		return
	}
	if im.unkept == nil {
		im.unkept = im.newWarnGroup()
	}
	g := im.unkept
	names, more := g.add(title)
	if done {
		g.done++
	}
	const unassigned = "。文件未写明这些举措的责任单位，导入后待分配；进展由分配到的单位报送，完成的经核验销号"
	marked := ""
	if g.done > 0 {
		marked = fmt.Sprintf("（其中%d项写明已完成）", g.done)
	}
	if more != "" {
		im.res.Warnings[g.at] = fmt.Sprintf("%s等%d项举措的整改进展未导入%s"+unassigned, names, g.n, marked)
		return
	}
	im.res.Warnings[g.at] = fmt.Sprintf("举措%s的整改进展未导入%s"+unassigned, names, marked)
}

func taskChanges(a, b *duban.Task) []string {
	var out []string
	add := func(cond bool, what string) {
		if cond {
			out = append(out, what)
		}
	}
	add(a.Content != b.Content, "举措内容")
	add(a.Target != b.Target, "整改目标")
	add(a.Requirements != b.Requirements, "整改要求")
	add(a.DeadlineKind != b.DeadlineKind || a.Deadline != b.Deadline, fmt.Sprintf("完成时限 %s → %s", duban.DeadlineLabel(a.DeadlineKind, a.Deadline), duban.DeadlineLabel(b.DeadlineKind, b.Deadline)))
	add(a.LeadUnitID != b.LeadUnitID || !slices.Equal(a.CoopUnitIDs, b.CoopUnitIDs), "责任单位")
	add(a.ResponsibleLeader != b.ResponsibleLeader || a.ResponsiblePerson != b.ResponsiblePerson, "责任领导或责任人")
	return out
}

// unit returns the id of the unit with this full or short name, creating it when missing.
func (im *importer) unit(ctx context.Context, name string) (int64, error) {
	return im.unitFor(ctx, name, "unit")
}

// unitFor returns the id of the unit with this full or short name, or
// with the same core of a name (see unitCore), creating it when there is
// none; field names the input that chooses among several.
func (im *importer) unitFor(ctx context.Context, name, field string) (int64, error) {
	name = strings.TrimSpace(name)
	if id, ok := im.units[name]; ok {
		return id, nil
	}
	var id int64
	err := im.tx.QueryRowContext(ctx, `SELECT id FROM units WHERE (name = ? OR short_name = ?) AND `+unitShown+` ORDER BY name = ? DESC, id LIMIT 1`, name, name, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		var ok bool
		if id, ok, err = im.matchUnit(ctx, name, field); err != nil {
			return 0, err
		} else if ok {
			im.units[name] = id
			return id, nil
		}
		u := &duban.Unit{Name: name, ShortName: name, Kind: guessUnitKind(name)}
		if err := u.Validate(); err != nil {
			return 0, err
		}
		if err := insertUnit(ctx, im.tx, u); err != nil {
			return 0, err
		}
		id = u.ID
		if im.cores != nil {
			im.addCore(*u)
		}
		im.fresh = append(im.fresh, id)
		im.res.Created["units"]++
		im.res.NewUnits = append(im.res.NewUnits, name)
	} else if err != nil {
		return 0, fmt.Errorf("store: import unit: %w", err)
	}
	im.units[name] = id
	return id, nil
}

func guessUnitKind(name string) duban.UnitKind {
	switch {
	case strings.HasPrefix(name, "中共") || strings.HasSuffix(name, "党组") || strings.HasSuffix(name, "工委") || strings.HasPrefix(name, "省委"):
		return duban.UnitParty
	case strings.HasSuffix(name, "市") || strings.HasSuffix(name, "区") || strings.HasSuffix(name, "县") || strings.HasSuffix(name, "示范区"):
		return duban.UnitCity
	case strings.HasSuffix(name, "大学") || strings.HasSuffix(name, "学院"):
		return duban.UnitUniversity
	case strings.HasSuffix(name, "公司") || strings.HasSuffix(name, "集团"):
		return duban.UnitEnterprise
	case strings.HasSuffix(name, "厅") || strings.HasSuffix(name, "委") || strings.HasSuffix(name, "局") || strings.HasSuffix(name, "办"):
		return duban.UnitDepartment
	}
	return duban.UnitOther
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
