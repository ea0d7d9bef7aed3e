package jobs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"duban/internal/calendar"
	"duban/internal/duban"
	"duban/internal/store"
)

// plan is a plan with one problem, one unit and its people, to which a test
// adds measures.
type plan struct {
	db                          *store.DB
	id, problem, unit           int64
	lead, liaison, leader, peer *duban.Principal
}

// newPlan makes a plan of 省委科技工委 with measures given to 省财政厅.
func newPlan(t *testing.T, db *store.DB, cadence duban.Cadence, reportDay int) *plan {
	t.Helper()
	ctx := context.Background()
	p := &plan{db: db}
	unit := func(name, short string) int64 {
		u := &duban.Unit{Name: name, ShortName: short, Kind: duban.UnitDepartment}
		mustNo(t, db.CreateUnit(ctx, duban.System, u))
		return u.ID
	}
	office := unit("中共陕西省委科技工委", "省委科技工委")
	p.unit = unit("陕西省财政厅", "省财政厅")
	user := func(name string, role duban.Role, unit int64) *duban.Principal {
		u := &duban.User{Username: name, DisplayName: name, Role: role, UnitID: &unit, Email: name + "@example.test"}
		mustNo(t, db.CreateUser(ctx, duban.System, u, "password-1"))
		return &duban.Principal{UserID: u.ID, Username: name, Name: name, Role: role, UnitID: unit}
	}
	p.lead = user("zgb", duban.RoleLead, office)
	p.liaison = user("czt", duban.RoleLiaison, p.unit)
	p.leader = user("czt-leader", duban.RoleLeader, p.unit)
	pl := &duban.Plan{Title: "整改方案", OwnerUnitID: office, Cadence: cadence, ReportDay: reportDay, LookbackMonths: 6}
	mustNo(t, db.CreatePlan(ctx, p.lead, pl))
	p.id = pl.ID
	asp := &duban.Node{PlanID: pl.ID, Kind: duban.NodeAspect, Title: "工作落实方面"}
	mustNo(t, db.CreateNode(ctx, p.lead, asp))
	prob := &duban.Node{PlanID: pl.ID, Kind: duban.NodeProblem, ParentID: &asp.ID, Title: "工作力度不够大"}
	mustNo(t, db.CreateNode(ctx, p.lead, prob))
	p.problem = prob.ID
	return p
}

// measure adds a measure due on deadline, assigned and started on the
// clock's day, and returns its assignment.
func (p *plan) measure(t *testing.T, title, deadline string) int64 {
	t.Helper()
	ctx := context.Background()
	task := &duban.Task{NodeID: p.problem, Title: title, DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate(deadline), LeadUnitID: p.unit}
	mustNo(t, p.db.CreateTask(ctx, p.lead, task))
	list, err := p.db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{TaskID: task.ID}, duban.Date{})
	mustNo(t, err)
	id := list.Items[0].ID
	_, err = p.db.Transition(ctx, p.lead, id, 0, duban.ActionAssign, duban.TransitionInput{})
	mustNo(t, err)
	_, err = p.db.Transition(ctx, p.liaison, id, 0, duban.ActionStart, duban.TransitionInput{})
	mustNo(t, err)
	return id
}

// TestStepsOnWorkingDaysThroughHolidays runs two instances day by day
// through National Day 2025, Spring Festival 2026 and New Year 2027, each
// day's afternoon pass before its morning one, and checks the day every
// step of every measure is recorded on: before, on and after a holiday, and
// on the Saturdays worked in lieu. The days below are counted by hand from
// the State Council's arrangements: 2025-10-01–08 off with Sunday 09-28 and
// Saturday 10-11 worked; 2026-02-15–23 off with Saturdays 02-14 and 02-28
// worked; 2027-01-01–03 off.
func TestStepsOnWorkingDaysThroughHolidays(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dbA, dbB := openDBs(t, dialect)
			clk := &clock{}
			dbA.Now, dbB.Now = clk.Now, clk.Now
			clk.Set(at("2025-09-01"))
			p := newPlan(t, dbA, duban.CadenceNone, 25)
			type want struct{ remind, remind2, urge, notice string }
			cases := map[string]want{
				"2025-09-30": {"2025-09-17", "2025-09-26", "2025-10-09", "2025-10-14"}, // the day before the holiday
				"2025-10-01": {"2025-09-17", "2025-09-26", "2025-10-09", "2025-10-14"}, // on the holiday
				"2025-10-11": {"2025-09-22", "2025-09-30", "2025-10-13", "2025-10-17"}, // a Saturday worked
				"2026-02-13": {"2026-01-30", "2026-02-10", "2026-02-14", "2026-02-27"}, // urged on the Saturday worked
				"2026-02-20": {"2026-02-02", "2026-02-11", "2026-02-24", "2026-02-28"}, // in the Spring Festival
				"2026-02-28": {"2026-02-09", "2026-02-25", "2026-03-02", "2026-03-06"}, // a Saturday worked, not urged on Sunday
				"2026-12-31": {"2026-12-17", "2026-12-28", "2027-01-04", "2027-01-08"}, // not urged on New Year's Day
			}
			ids := map[int64]string{}
			for deadline := range cases {
				ids[p.measure(t, "举措"+deadline, deadline)] = deadline
			}
			runners := []*Runner{{DB: dbA, Now: clk.Now, Instance: "a", Log: quiet()}, {DB: dbB, Now: clk.Now, Instance: "b", Log: quiet()}}
			cal := calendar.Default()
			for _, w := range [][2]string{{"2025-09-10", "2025-10-20"}, {"2026-01-28", "2026-03-10"}, {"2026-12-10", "2027-01-12"}} {
				for d := duban.MustDate(w[0]); !d.After(duban.MustDate(w[1])); d = d.AddDays(1) {
					for i, hour := range []time.Duration{15, 9} { // the afternoon's pass first
						at := d.Time().Add((hour - 8) * time.Hour)
						rep, err := runners[i].PassAt(ctx, at)
						mustNo(t, err)
						if len(rep.Steps) > 0 && !cal.IsWorkday(d) {
							t.Errorf("%d steps taken on %s, a rest day", len(rep.Steps), d)
						}
					}
				}
			}
			// Each person's digest was sent once a working day, never on a rest day.
			sent := map[string]map[string]int{} // e-mail address → day → digests
			admin := &duban.Principal{Username: "admin", Role: duban.RoleAdmin}
			for page := (duban.Page{Limit: 500}); ; {
				list, err := dbA.ListDeliveries(ctx, admin, "", page)
				mustNo(t, err)
				for _, d := range list.Items {
					if d.Channel == "email" && strings.Contains(d.Title, "每日") {
						if sent[d.Target] == nil {
							sent[d.Target] = map[string]int{}
						}
						sent[d.Target][dayOf(d.NextAt)]++
					}
				}
				if list.NextCursor == "" {
					break
				}
				page.Cursor = list.NextCursor
			}
			for _, who := range []string{"czt@example.test", "zgb@example.test"} {
				if len(sent[who]) < 50 {
					t.Errorf("%s: digests on %d days, want one every working day", who, len(sent[who]))
				}
				for day, n := range sent[who] {
					if n != 1 || !cal.IsWorkday(duban.MustDate(day)) {
						t.Errorf("%s: %d digests on %s", who, n, day)
					}
				}
			}
			// A pass replayed for a holiday after the fact takes nothing.
			rep, err := runners[0].PassAt(ctx, at("2026-02-21"))
			mustNo(t, err)
			if len(rep.Steps) != 0 || rep.Digests != 0 {
				t.Errorf("replayed holiday pass: %d steps, %d digests", len(rep.Steps), rep.Digests)
			}
			for id, deadline := range ids {
				steps, err := dbA.ListEscalations(ctx, p.lead, id)
				mustNo(t, err)
				got := map[duban.Level][]string{}
				for _, e := range steps {
					got[e.Level] = append(got[e.Level], dayOf(e.IssuedAt))
				}
				w := cases[deadline]
				for lv, day := range map[duban.Level]string{duban.LevelRemind: w.remind, duban.LevelRemindLdr: w.remind2, duban.LevelUrge: w.urge, duban.LevelNotice: w.notice} {
					if fmt.Sprint(got[lv]) != fmt.Sprint([]string{day}) {
						t.Errorf("due %s: %s on %v, want %s", deadline, lv, got[lv], day)
					}
				}
			}
			// Nothing in anyone's inbox is dated on a rest day, and the
			// daily digests are folded into one entry, the last working day's.
			for _, who := range []*duban.Principal{p.liaison, p.leader, p.lead} {
				inbox, err := dbA.Inbox(ctx, who, false, duban.Page{Limit: 500})
				mustNo(t, err)
				var digests []string
				for _, n := range inbox.Items {
					if n.Kind == "digest" {
						digests = append(digests, dayOf(n.CreatedAt))
					}
				}
				if fmt.Sprint(digests) != "[2027-01-12]" {
					t.Errorf("%s: digest entries %v, want one of 2027-01-12", who.Username, digests)
				}
				for _, n := range inbox.Items {
					if d := duban.DateOf(n.CreatedAt.In(duban.ChinaTime)); !cal.IsWorkday(d) {
						t.Errorf("%s: %s %q dated %s, a rest day", who.Username, n.Kind, n.Title, d)
					}
				}
			}
		})
	}
}

// TestReportDueOnRestDay: a report due on a rest day is due on the next
// working day, for the light, the tallies and the reporting rates. October
// 2025's, due Saturday the 25th, is on time on Monday the 27th; February
// 2026's, due on the 20th in the Spring Festival, is due on the 24th.
func TestReportDueOnRestDay(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db, _ := openDBs(t, dialect)
			clk := &clock{}
			db.Now = clk.Now
			clk.Set(at("2025-09-01"))
			p := newPlan(t, db, duban.CadenceMonthly, 25)
			oct := p.measure(t, "加大投入", "2026-12-31")
			q := newPlanIn(t, db, p, 20)
			clk.Set(at("2026-01-05"))
			feb := q.measure(t, "完善制度", "2026-12-31")
			check := func(plan, id int64, day string, want duban.Light) {
				t.Helper()
				clk.Set(at(day))
				a, err := db.FindAssignment(ctx, p.lead, id, duban.Date{})
				mustNo(t, err)
				if a.Light != want {
					t.Errorf("light on %s: got %s, want %s", day, a.Light, want)
				}
				for _, asOf := range []duban.Date{{}, duban.MustDate(day)} { // today's tallies and a count as of the day
					s, err := db.Stats(ctx, p.lead, plan, asOf)
					mustNo(t, err)
					if s.Total.Light != want {
						t.Errorf("stats (asof %q) on %s: got %s, want %s", asOf, day, s.Total.Light, want)
					}
				}
			}
			// September's report is in; October's is due Saturday the 25th, which moves to Monday the 27th.
			clk.Set(at("2025-09-24"))
			mustNo(t, db.CreateReport(ctx, p.liaison, &duban.Report{AssignmentID: oct, Period: "2025-09", Content: "已拨付首批资金", WorkDate: duban.MustDate("2025-09-24")}))
			check(p.id, oct, "2025-10-26", duban.LightGreen)
			check(p.id, oct, "2025-10-27", duban.LightGreen)
			check(p.id, oct, "2025-10-28", duban.LightYellow)
			clk.Set(at("2025-10-27").Add(8 * time.Hour)) // Monday 17:00
			mustNo(t, db.CreateReport(ctx, p.liaison, &duban.Report{AssignmentID: oct, Period: "2025-10", Content: "资金已到位", WorkDate: duban.MustDate("2025-10-27")}))
			check(p.id, oct, "2025-10-28", duban.LightGreen)
			rates, err := db.Reporting(ctx, p.lead, p.id, "2025-10")
			mustNo(t, err)
			if u := rates["units"].([]store.UnitReporting); len(u) != 1 || u[0].OnTime != 1 || u[0].Late != 0 {
				t.Errorf("October 2025 reporting: got %+v, want one on time", u)
			}
			if due := rates["due"].(duban.Date); due.String() != "2025-10-27" {
				t.Errorf("October 2025 report due %s, want 2025-10-27", due)
			}
			// January's report is in; February's, due on the 20th, is due on the 24th.
			clk.Set(at("2026-01-19"))
			mustNo(t, db.CreateReport(ctx, q.liaison, &duban.Report{AssignmentID: feb, Period: "2026-01", Content: "制度初稿已形成", WorkDate: duban.MustDate("2026-01-19")}))
			check(q.id, feb, "2026-02-21", duban.LightGreen)
			check(q.id, feb, "2026-02-24", duban.LightGreen)
			check(q.id, feb, "2026-02-25", duban.LightYellow)
			rates, err = db.Reporting(ctx, q.lead, q.id, "2026-02")
			mustNo(t, err)
			if due := rates["due"].(duban.Date); due.String() != "2026-02-24" {
				t.Errorf("February 2026 report due %s, want 2026-02-24", due)
			}
		})
	}
}

// newPlanIn makes a second plan of the same office and unit, with monthly
// reports due on reportDay.
func newPlanIn(t *testing.T, db *store.DB, p *plan, reportDay int) *plan {
	t.Helper()
	ctx := context.Background()
	q := *p
	pl := &duban.Plan{Title: "第二个整改方案", OwnerUnitID: p.lead.UnitID, Cadence: duban.CadenceMonthly, ReportDay: reportDay}
	mustNo(t, db.CreatePlan(ctx, p.lead, pl))
	q.id = pl.ID
	asp := &duban.Node{PlanID: pl.ID, Kind: duban.NodeAspect, Title: "制度建设方面"}
	mustNo(t, db.CreateNode(ctx, p.lead, asp))
	prob := &duban.Node{PlanID: pl.ID, Kind: duban.NodeProblem, ParentID: &asp.ID, Title: "制度不健全"}
	mustNo(t, db.CreateNode(ctx, p.lead, prob))
	q.problem = prob.ID
	return &q
}

// TestReplayedPassRecordsItsDay: "jobs run --at 2025-10-14" on a later real
// day acts and records as of 2025-10-14: the steps, their notifications and
// the digest are dated that day, and the assignment's timeline lists them
// before what happened after it.
func TestReplayedPassRecordsItsDay(t *testing.T) {
	ctx := context.Background()
	db, _ := openDBs(t, "sqlite")
	clk := &clock{}
	db.Now = clk.Now
	clk.Set(at("2025-09-01"))
	p := newPlan(t, db, duban.CadenceNone, 25)
	id := p.measure(t, "加大投入", "2025-09-30")
	clk.Set(at("2026-12-04")) // the real day
	r := &Runner{DB: db, Now: clk.Now, Instance: "cli", Log: quiet()}
	rep, err := r.PassAt(ctx, at("2025-10-14"))
	mustNo(t, err)
	if len(rep.Steps) != 2 || rep.Digests == 0 {
		t.Fatalf("replayed pass: %d steps, %d digests; want 催办 and 督办单, and digests", len(rep.Steps), rep.Digests)
	}
	for _, e := range rep.Steps {
		if dayOf(e.IssuedAt) != "2025-10-14" {
			t.Errorf("%s issued %s, want 2025-10-14", e.Level, dayOf(e.IssuedAt))
		}
	}
	if rep.Steps[1].Number != "督办〔2025〕1号" || rep.Steps[1].ReplyDue.String() != "2025-10-21" {
		t.Errorf("督办单: %q reply due %s, want 督办〔2025〕1号 due 2025-10-21", rep.Steps[1].Number, rep.Steps[1].ReplyDue)
	}
	inbox, err := db.Inbox(ctx, p.liaison, false, duban.Page{})
	mustNo(t, err)
	kinds := map[string]string{}
	for _, n := range inbox.Items {
		kinds[n.Kind] = dayOf(n.CreatedAt)
	}
	for _, k := range []string{"ladder.urge", "ladder.notice", "digest"} {
		if kinds[k] != "2025-10-14" {
			t.Errorf("liaison's %s dated %q, want 2025-10-14 (inbox %v)", k, kinds[k], kinds)
		}
	}
	// The unit answers today; the timeline lists the replayed steps first.
	_, err = db.Transition(ctx, p.liaison, id, 0, duban.ActionRequestClosure, duban.TransitionInput{Summary: "已完成"})
	mustNo(t, err)
	tl, err := db.Timeline(ctx, p.lead, id)
	mustNo(t, err)
	last := tl[len(tl)-1]
	if last.Kind != "transition" || last.Action != duban.ActionRequestClosure {
		t.Errorf("timeline ends with %s %s, want today's request for closure", last.Kind, last.Action)
	}
}

// TestLookbacksOnWorkingDays: an item verified on 2025-04-01 is looked back
// at six months on, which is National Day, so on the first working day
// after the holiday; the lead office is told once, on that day, however
// many passes run; a campaign set for a Sunday lands on the Monday.
func TestLookbacksOnWorkingDays(t *testing.T) {
	ctx := context.Background()
	db, _ := openDBs(t, "sqlite")
	clk := &clock{}
	db.Now = clk.Now
	clk.Set(at("2025-03-03"))
	p := newPlan(t, db, duban.CadenceNone, 25)
	id := p.measure(t, "加大投入", "2025-06-30")
	clk.Set(at("2025-04-01"))
	for _, step := range []struct {
		who *duban.Principal
		act duban.Action
	}{{p.liaison, duban.ActionRequestClosure}, {p.leader, duban.ActionSignOff}, {p.lead, duban.ActionVerify}} {
		_, err := db.Transition(ctx, step.who, id, 0, step.act, duban.TransitionInput{Summary: "已完成"})
		mustNo(t, err)
	}
	due, err := db.ListLookbacks(ctx, p.lead, store.LookbackFilter{})
	mustNo(t, err)
	if len(due) != 1 || due[0].DueDate.String() != "2025-10-09" {
		t.Fatalf("look-back: got %+v, want one due 2025-10-09", due)
	}
	r := &Runner{DB: db, Now: clk.Now, Instance: "a", Log: quiet()}
	told := map[string]int{}
	for d := duban.MustDate("2025-09-30"); !d.After(duban.MustDate("2025-10-15")); d = d.AddDays(1) {
		for _, hour := range []time.Duration{9, 15} {
			rep, err := r.PassAt(ctx, d.Time().Add((hour-8)*time.Hour))
			mustNo(t, err)
			told[d.String()] += rep.Lookbacks
		}
	}
	if len(told) != 16 || told["2025-10-09"] != 1 {
		t.Errorf("look-backs reported: %v, want one, on 2025-10-09", told)
	}
	for day, n := range told {
		if n != 0 && day != "2025-10-09" {
			t.Errorf("look-back reported again on %s (%d)", day, n)
		}
	}
	n, err := db.ScheduleLookbacks(ctx, p.lead, p.id, id, duban.MustDate("2025-11-16"), "秋季回头看") // a Sunday
	mustNo(t, err)
	due, err = db.ListLookbacks(ctx, p.lead, store.LookbackFilter{})
	mustNo(t, err)
	if n != 1 || len(due) != 2 || due[1].DueDate.String() != "2025-11-17" {
		t.Errorf("campaign on a Sunday: got %d, %+v, want one due Monday 2025-11-17", n, due)
	}
}

// TestReopenedOwesNoPastReport: an item closed in April 2025 and reopened
// on 6 May is not yellow for April's report, which fell due while it was
// closed; it owes May's, due Sunday the 25th and so Monday the 26th.
func TestReopenedOwesNoPastReport(t *testing.T) {
	ctx := context.Background()
	db, _ := openDBs(t, "sqlite")
	clk := &clock{}
	db.Now = clk.Now
	clk.Set(at("2025-03-03"))
	p := newPlan(t, db, duban.CadenceMonthly, 25)
	id := p.measure(t, "加大投入", "2025-06-30")
	clk.Set(at("2025-03-20"))
	mustNo(t, db.CreateReport(ctx, p.liaison, &duban.Report{AssignmentID: id, Period: "2025-03", Content: "已拨付首批资金", WorkDate: duban.MustDate("2025-03-20")}))
	clk.Set(at("2025-04-01"))
	for _, step := range []struct {
		who *duban.Principal
		act duban.Action
	}{{p.liaison, duban.ActionRequestClosure}, {p.leader, duban.ActionSignOff}, {p.lead, duban.ActionVerify}} {
		_, err := db.Transition(ctx, step.who, id, 0, step.act, duban.TransitionInput{Summary: "已完成"})
		mustNo(t, err)
	}
	clk.Set(at("2025-05-06"))
	_, err := db.Transition(ctx, p.lead, id, 0, duban.ActionReopen, duban.TransitionInput{Reason: "整改成效反弹", NewDeadline: duban.MustDate("2025-12-31")})
	mustNo(t, err)
	for day, want := range map[string]duban.Light{"2025-05-06": duban.LightGreen, "2025-05-26": duban.LightGreen, "2025-05-27": duban.LightYellow} {
		clk.Set(at(day))
		a, err := db.FindAssignment(ctx, p.lead, id, duban.Date{})
		mustNo(t, err)
		s, err := db.Stats(ctx, p.lead, p.id, duban.Date{})
		mustNo(t, err)
		if a.Light != want || s.Total.Light != want {
			t.Errorf("reopened, on %s: light %s, tallies %s, want %s", day, a.Light, s.Total.Light, want)
		}
	}
}
