// Package demo loads the reference case into an empty store: the special
// inspection of 中共陕西省委科技工委 in the 十三届省委第十一轮 round, its 4
// aspects, 12 problems and 23 measures, the units that carry them, their
// progress, two meetings and an account for each role.
package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"duban/internal/duban"
	"duban/internal/report"
	"duban/internal/store"
)

// Account is a demo login.
type Account struct {
	Username, Password string
	Role               duban.Role
	Unit               string // short name, or ""
	Name               string
}

// Accounts are the demo logins, one or more for each role (README lists them).
var Accounts = []Account{
	{"admin", "duban-admin", duban.RoleAdmin, "", "系统管理员"},
	{"secadmin", "duban-secadmin", duban.RoleSecAdmin, "", "安全管理员"},
	{"auditor", "duban-auditor", duban.RoleAuditor, "", "审计管理员"},
	{"zgb", "duban-demo", duban.RoleLead, "省委科技工委", "整改办 王某"},
	{"kjt", "duban-demo", duban.RoleLiaison, "省科技厅", "省科技厅联络员 刘某"},
	{"czt", "duban-demo", duban.RoleLiaison, "省财政厅", "省财政厅联络员 陈某"},
	{"kjt-leader", "duban-demo", duban.RoleLeader, "省科技厅", "省科技厅 赵某某"},
	{"czt-leader", "duban-demo", duban.RoleLeader, "省财政厅", "省财政厅 孙某某"},
	{"xsb", "duban-demo", duban.RoleInspector, "省委巡视办", "省委巡视办 周某"},
}

// Result tells what was loaded.
type Result struct {
	PlanID      int64
	Units       int
	Tasks       int
	Assignments int
	Reports     int
}

// Empty reports whether the store holds no units yet, so that the demo may load.
func Empty(ctx context.Context, db *store.DB) (bool, error) {
	list, err := db.ListUnits(ctx, duban.UnitFilter{Page: duban.Page{Limit: 1}})
	return len(list.Items) == 0, err
}

// loader carries the state of one load.
type loader struct {
	db    *store.DB
	today duban.Date
	units map[string]int64 // by short name
	res   Result
	lead  *duban.Principal // the plan's lead office (zgb)
	// closed counts the assignments walked to "closed" so far, to give
	// each its own day in closedDaysAgo.
	closed int
}

// closedDaysAgo are how many days before the load day the demo's closed
// assignments were closed, in the order they are loaded, so that the
// battle map's closures over time climb over ten weeks rather than jump on
// the load day. Their whole history (交办, reports, 申请销号, 签批, 销号)
// is dated before that.
var closedDaysAgo = []int{68, 57, 45, 34, 22, 13, 5}

// Load writes the reference case into db as of today (relative deadlines in
// the data are counted from today, so that the lights make sense).
func Load(ctx context.Context, db *store.DB, today duban.Date) (*Result, error) {
	l := &loader{db: db, today: today, units: map[string]int64{}}
	if err := l.loadUnits(ctx); err != nil {
		return nil, err
	}
	if err := l.loadAccounts(ctx); err != nil {
		return nil, err
	}
	var planID int64
	err := l.drawnUp(func() (err error) {
		planID, err = l.loadPlan(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	l.res.PlanID = planID
	tasks, err := l.loadTree(ctx, planID)
	if err != nil {
		return nil, err
	}
	if err := l.loadMeetings(ctx, planID, tasks); err != nil {
		return nil, err
	}
	if err := l.loadFeedback(ctx, planID); err != nil {
		return nil, err
	}
	if err := l.publishNotice(ctx, planID); err != nil {
		return nil, err
	}
	if err := l.loadIndicators(ctx); err != nil {
		return nil, err
	}
	if err := l.loadProjects(ctx); err != nil {
		return nil, err
	}
	return &l.res, nil
}

func (l *loader) loadUnits(ctx context.Context) error {
	all := append([]unitSpec{}, demoUnits...)
	all = append(all, unitSpec{Name: "中共陕西省委巡视工作领导小组办公室", Short: "省委巡视办", Kind: duban.UnitParty})
	for i, u := range all {
		x := &duban.Unit{Name: u.Name, ShortName: u.Short, Kind: u.Kind, Sort: i + 1}
		if u.Parent != "" {
			id, ok := l.units[u.Parent]
			if !ok {
				return fmt.Errorf("demo: unit %s: parent %s must come first", u.Short, u.Parent)
			}
			x.ParentID = &id
		}
		if err := l.db.CreateUnit(ctx, duban.System, x); err != nil {
			return fmt.Errorf("demo: unit %s: %w", u.Short, err)
		}
		l.units[u.Short] = x.ID
	}
	l.res.Units = len(all)
	return nil
}

func (l *loader) loadAccounts(ctx context.Context) error {
	for _, a := range Accounts {
		u := &duban.User{Username: a.Username, DisplayName: a.Name, Role: a.Role}
		if a.Unit != "" {
			id := l.units[a.Unit]
			u.UnitID = &id
		}
		if err := l.db.CreateUser(ctx, duban.System, u, a.Password); err != nil {
			return fmt.Errorf("demo: account %s: %w", a.Username, err)
		}
		if a.Role == duban.RoleLead && l.lead == nil {
			l.lead = &duban.Principal{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Role: u.Role, UnitID: *u.UnitID}
		}
	}
	return nil
}

// publishNotice has the lead office publish the plan's progress notice as
// of the last working day a week ago, as the reference case did: the public
// portal then shows it, and the public's 意见建议 can name the plan and so
// reach its lead office.
func (l *loader) publishNotice(ctx context.Context, planID int64) error {
	asOf := l.today.AddDays(-7)
	for cal := l.db.Calendar(); !cal.IsWorkday(asOf); asOf = asOf.AddDays(-1) {
	}
	prev := l.db.Now
	defer func() { l.db.Now = prev }()
	d := asOf.Time()
	at := time.Date(d.Year(), d.Month(), d.Day(), 16, 0, 0, 0, duban.ChinaTime)
	l.db.Now = func() time.Time { return at }
	doc, err := report.NoticeOf(ctx, l.db, l.lead, planID, asOf, "", report.NoticeOptions{})
	if err != nil {
		return fmt.Errorf("demo: notice: %w", err)
	}
	if _, err := l.db.PublishNotice(ctx, l.lead, planID, doc); err != nil {
		return fmt.Errorf("demo: publish notice: %w", err)
	}
	return nil
}

func (l *loader) loadPlan(ctx context.Context) (int64, error) {
	owner := l.units["省委科技工委"]
	src := &duban.Source{
		Kind: duban.SourceInspection, Title: "十三届省委第十一轮巡视 · 贯彻创新驱动发展战略作风建设情况专项巡视",
		Round: "十三届省委第十一轮", Team: "省委第一巡视组", InspectionType: "special", Topic: "贯彻创新驱动发展战略作风建设情况",
		OnsiteStart: duban.MustDate("2021-05-27"), OnsiteEnd: duban.MustDate("2021-06-27"), FeedbackDate: duban.MustDate("2021-08-26"),
		InspectedUnitID: &owner,
		Content:         "反馈意见指出4个方面13个问题，细化分解为22个具体问题。",
	}
	if err := l.db.CreateSource(ctx, duban.System, src); err != nil {
		return 0, fmt.Errorf("demo: source: %w", err)
	}
	central := &duban.Source{Kind: duban.SourceCentralInspection, Title: "中央巡视反馈意见中涉及科技创新方面的问题",
		Content: "与专项巡视反馈问题一并纳入整改范围。", InspectedUnitID: &owner}
	if err := l.db.CreateSource(ctx, duban.System, central); err != nil {
		return 0, fmt.Errorf("demo: source: %w", err)
	}
	plan := &duban.Plan{
		Title:       "全省贯彻创新驱动发展战略作风建设情况专项巡视反馈意见的整改方案",
		OwnerUnitID: owner, LeadUnitID: owner, SourceIDs: []int64{src.ID, central.ID},
		Status: duban.PlanActive, Cadence: duban.CadenceMonthly, ReportDay: 25,
		StartDate: duban.MustDate("2021-08-26"), EndDate: duban.MustDate("2021-12-31"), LookbackMonths: 6,
	}
	if err := l.db.CreatePlan(ctx, duban.System, plan); err != nil {
		return 0, fmt.Errorf("demo: plan: %w", err)
	}
	return plan.ID, nil
}

// drawnUp runs fn with the store's clock on the day the plan was drawn
// up, 120 days before the load day: its items, some closed weeks ago,
// existed before, and the history of each day shows them.
func (l *loader) drawnUp(fn func() error) error {
	prev := l.db.Now
	defer func() { l.db.Now = prev }()
	d := l.today.AddDays(-120).Time()
	at := time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, duban.ChinaTime)
	l.db.Now = func() time.Time { return at }
	return fn()
}

// loadTree creates the aspects, problems and measures, and walks each
// assignment to its state. It returns the task ids in measure order.
func (l *loader) loadTree(ctx context.Context, planID int64) ([]int64, error) {
	var tasks []int64
	for _, a := range demoAspects {
		aspect := &duban.Node{PlanID: planID, Kind: duban.NodeAspect, Title: a.Title}
		if err := l.drawnUp(func() error { return l.db.CreateNode(ctx, duban.System, aspect) }); err != nil {
			return nil, fmt.Errorf("demo: aspect %s: %w", a.Title, err)
		}
		for _, p := range a.Problems {
			problem := &duban.Node{PlanID: planID, ParentID: &aspect.ID, Kind: duban.NodeProblem, Title: p.Title}
			if err := l.drawnUp(func() error { return l.db.CreateNode(ctx, duban.System, problem) }); err != nil {
				return nil, fmt.Errorf("demo: problem %s: %w", p.Title, err)
			}
			for _, m := range p.Measures {
				id, err := l.loadMeasure(ctx, problem.ID, m)
				if err != nil {
					return nil, fmt.Errorf("demo: measure %s: %w", m.Title, err)
				}
				tasks = append(tasks, id)
			}
		}
	}
	l.res.Tasks = len(tasks)
	return tasks, nil
}

func (l *loader) loadMeasure(ctx context.Context, nodeID int64, m measureSpec) (int64, error) {
	kind, deadline, err := l.deadline(m.Deadline)
	if err != nil {
		return 0, err
	}
	t := &duban.Task{NodeID: nodeID, Title: m.Title, Content: m.Content, Target: m.Target, Requirements: m.Requirements,
		DeadlineKind: kind, Deadline: deadline, LeadUnitID: l.units[m.Lead], ResponsibleLeader: m.Leader, ResponsiblePerson: m.Person}
	for _, c := range m.Coop {
		t.CoopUnitIDs = append(t.CoopUnitIDs, l.units[c])
	}
	if err := l.drawnUp(func() error { return l.db.CreateTask(ctx, duban.System, t) }); err != nil {
		return 0, err
	}
	list, err := l.db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{TaskID: t.ID}, l.today)
	if err != nil {
		return 0, err
	}
	for _, a := range list.Items {
		state, ok := m.States[a.Unit.Name]
		if !ok {
			return 0, fmt.Errorf("no state for unit %s", a.Unit.Name)
		}
		if err := l.walk(ctx, a, state, m); err != nil {
			return 0, fmt.Errorf("unit %s to %s: %w", a.Unit.Name, state, err)
		}
		l.res.Assignments++
	}
	return t.ID, nil
}

// deadline reads "2021-12-31", "立行立改", "长期坚持" or "today±N".
func (l *loader) deadline(s string) (duban.DeadlineKind, duban.Date, error) {
	switch {
	case s == "立行立改":
		return duban.DeadlineImmediate, duban.Date{}, nil
	case s == "长期坚持":
		return duban.DeadlineLongTerm, duban.Date{}, nil
	case strings.HasPrefix(s, "today"):
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(s, "today"), "+"))
		return duban.DeadlineDate, l.today.AddDays(n), err
	}
	d, err := duban.ParseDate(s)
	return duban.DeadlineDate, d, err
}

// steps are the actions that lead from draft to each demo state.
var steps = map[string][]duban.Action{
	"draft":             nil,
	"assigned":          {duban.ActionAssign},
	"in_progress":       {duban.ActionAssign, duban.ActionStart},
	"closure_requested": {duban.ActionAssign, duban.ActionStart, duban.ActionRequestClosure},
	"closure_signed":    {duban.ActionAssign, duban.ActionStart, duban.ActionRequestClosure, duban.ActionSignOff},
	"closed":            {duban.ActionAssign, duban.ActionStart, duban.ActionRequestClosure, duban.ActionSignOff, duban.ActionVerify},
	"closed_phase":      {duban.ActionAssign, duban.ActionStart, duban.ActionRequestClosure, duban.ActionSignOff, duban.ActionVerify},
	"returned":          {duban.ActionAssign, duban.ActionStart, duban.ActionRequestClosure, duban.ActionReturn},
	"reopened":          {duban.ActionAssign, duban.ActionStart, duban.ActionRequestClosure, duban.ActionSignOff, duban.ActionVerify, duban.ActionReopen},
}

// walk moves an assignment through the actions of state, submitting the
// unit's reports once work has started.
func (l *loader) walk(ctx context.Context, a duban.Assignment, state string, m measureSpec) error {
	acts, ok := steps[state]
	if !ok {
		return fmt.Errorf("unknown demo state %q", state)
	}
	if state == "closed" {
		// Dated in the past: assigned a month before its closure, started
		// two days later, closure asked for four days before, signed off
		// two days before.
		closedOn := l.today.AddDays(-closedDaysAgo[l.closed%len(closedDaysAgo)])
		l.closed++
		at := map[duban.Action]int{duban.ActionAssign: -30, duban.ActionStart: -28, duban.ActionRequestClosure: -4, duban.ActionSignOff: -2, duban.ActionVerify: 0}
		now := l.db.Now
		defer func() { l.db.Now = now }()
		clock := func(act duban.Action) {
			t := closedOn.AddDays(at[act]).Time()
			t = time.Date(t.Year(), t.Month(), t.Day(), 10, 0, 0, 0, duban.ChinaTime)
			l.db.Now = func() time.Time { return t }
		}
		return l.steps(ctx, a, state, acts, m, clock)
	}
	return l.steps(ctx, a, state, acts, m, func(duban.Action) {})
}

// steps takes the actions acts on a, setting the clock for each first.
func (l *loader) steps(ctx context.Context, a duban.Assignment, state string, acts []duban.Action, m measureSpec, clock func(duban.Action)) error {
	for _, act := range acts {
		clock(act)
		in := duban.TransitionInput{Summary: m.ClosureSummary}
		switch act {
		case duban.ActionReturn:
			in.Reason = "佐证材料不足以证明问题已整改到位，请补充后重新申请。"
		case duban.ActionReopen:
			in.Reason = "回头看发现问题出现反弹，需重新整改。"
			in.NewDeadline = a.Deadline
		case duban.ActionVerify:
			in.PhaseComplete = state == "closed_phase"
		}
		if in.Summary == "" {
			in.Summary = "已按整改要求完成，佐证材料已上传。"
		}
		if _, err := l.db.Transition(ctx, duban.System, a.ID, 0, act, in); err != nil {
			return err
		}
		if act == duban.ActionStart {
			if err := l.reports(ctx, a, m); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) reports(ctx context.Context, a duban.Assignment, m measureSpec) error {
	for _, r := range m.Reports {
		if r.Unit != a.Unit.Name {
			continue
		}
		work, err := duban.ParseDate(r.WorkDate)
		if err != nil {
			return err
		}
		x := &duban.Report{AssignmentID: a.ID, Period: r.Period, Content: r.Content, WorkDate: work}
		if err := l.db.CreateReport(ctx, duban.System, x); err != nil {
			return err
		}
		rv := duban.ReportReview{Review: duban.ReviewAccepted}
		if !r.Accepted {
			rv = duban.ReportReview{Review: duban.ReviewReturned, Comment: r.ReturnComment}
		}
		if _, err := l.db.ReviewReport(ctx, duban.System, x.ID, 0, rv); err != nil {
			return err
		}
		l.res.Reports++
	}
	return nil
}

func (l *loader) loadMeetings(ctx context.Context, planID int64, tasks []int64) error {
	for _, m := range demoMeetings {
		x := &duban.Meeting{PlanID: planID, Kind: m.Kind, HeldOn: duban.MustDate(m.Date), Title: m.Title, Attendees: m.Attendees, Decisions: m.Decisions}
		for _, i := range m.Measures {
			x.TaskIDs = append(x.TaskIDs, tasks[i])
		}
		if err := l.db.CreateMeeting(ctx, duban.System, x); err != nil {
			return fmt.Errorf("demo: meeting %s: %w", m.Title, err)
		}
	}
	return nil
}

func (l *loader) loadFeedback(ctx context.Context, planID int64) error {
	msgs := []duban.Feedback{
		{Name: "王某", Contact: "电子邮件", Channel: "email", Content: "建议公布科技型中小企业奖补资金的申报流程和到账时间，方便企业了解办理进度。"},
		{Name: "匿名", Channel: "web", Content: "希望高层次人才子女入学服务能覆盖更多的设区市，并公开办理窗口的联系方式。"},
	}
	for i := range msgs {
		msgs[i].PlanID = &planID
		if err := l.db.CreateFeedback(ctx, duban.System, &msgs[i]); err != nil {
			return fmt.Errorf("demo: feedback: %w", err)
		}
	}
	return nil
}
