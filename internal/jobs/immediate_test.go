package jobs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"duban/internal/duban"
)

// immediate adds a 立行立改 measure without a date to plan p, assigned and
// started on the clock's day, and returns its assignment.
func (p *plan) immediate(t *testing.T, title string) int64 {
	t.Helper()
	ctx := context.Background()
	task := &duban.Task{NodeID: p.problem, Title: title, DeadlineKind: duban.DeadlineImmediate, LeadUnitID: p.unit}
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

// TestImmediateItemsClimbTheLadder: a 立行立改 measure is due its plan's
// working days after the day it is assigned (10 by default), is shown as
// 立行立改 with that date, turns yellow and red, and climbs the ladder like a
// dated one. Counted by hand: assigned Friday 2025-09-26, the 10 working
// days are 09-28 (a Sunday worked), 09-29, 09-30, 10-09, 10-10, 10-11 (a
// Saturday worked), 10-13, 10-14, 10-15 and 10-16; 提醒 on the day it is
// assigned (10 left), 提醒 of the leader on 10-13 (3 left), 催办 on 10-17
// and the 督办单 5 working days late, on 10-23. In a plan giving
// 3 working days, a measure assigned Friday 2026-02-13 is due 02-25
// (02-14 worked, 02-15–23 off, 02-24, 02-25) and urged on 02-26, its 督办单 on 03-03 (02-28 is a Saturday worked).
func TestImmediateItemsClimbTheLadder(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db, _ := openDBs(t, dialect)
			clk := &clock{}
			db.Now = clk.Now
			clk.Set(at("2025-09-01"))
			p := newPlan(t, db, duban.CadenceNone, 25)
			q := newPlanIn(t, db, p, 25)
			three := duban.DefaultLadder()
			three.ImmediateWithin = 3
			pl, err := db.FindPlan(ctx, p.lead, q.id)
			mustNo(t, err)
			_, err = db.UpdatePlan(ctx, p.lead, q.id, pl.Version, duban.PlanUpdate{Ladder: &three})
			mustNo(t, err)

			clk.Set(at("2025-09-26"))
			ten := p.immediate(t, "立即清理违规发放的津补贴")
			clk.Set(at("2026-02-13"))
			short := q.immediate(t, "立即整改会议超标问题")

			for id, want := range map[int64]string{ten: "2025-10-16", short: "2026-02-25"} {
				a, err := db.FindAssignment(ctx, p.lead, id, duban.Date{})
				mustNo(t, err)
				if a.DeadlineKind != duban.DeadlineImmediate || a.Deadline.String() != want || a.OriginalDeadline.String() != want {
					t.Errorf("assignment %d: %s %s (original %s), want immediate %s", id, a.DeadlineKind, a.Deadline, a.OriginalDeadline, want)
				}
				if got, label := duban.DeadlineLabel(a.DeadlineKind, a.Deadline), "立行立改，"+duban.MustDate(want).Chinese()+"前完成"; got != label {
					t.Errorf("assignment %d shown as %q, want %q", id, got, label)
				}
			}
			for day, want := range map[string]duban.Light{"2025-09-29": duban.LightGreen, "2025-10-16": duban.LightYellow, "2025-10-17": duban.LightRed} {
				clk.Set(at(day))
				a, err := db.FindAssignment(ctx, p.lead, ten, duban.Date{})
				mustNo(t, err)
				if a.Light != want {
					t.Errorf("light on %s: %s, want %s", day, a.Light, want)
				}
				s, err := db.Stats(ctx, p.lead, p.id, duban.Date{})
				mustNo(t, err)
				if s.Total.Light != want {
					t.Errorf("stats on %s: light %s, want %s", day, s.Total.Light, want)
				}
			}
			overdue, err := db.ListAssignments(ctx, p.lead, duban.AssignmentFilter{PlanID: p.id, OverdueAsOf: duban.MustDate("2025-10-17")}, duban.Date{})
			mustNo(t, err)
			if len(overdue.Items) != 1 || overdue.Items[0].ID != ten {
				t.Errorf("overdue on 2025-10-17: %d items, want the immediate one", len(overdue.Items))
			}

			r := &Runner{DB: db, Now: clk.Now, Instance: "a", Log: quiet()}
			for _, w := range [][2]string{{"2025-09-26", "2025-10-31"}, {"2026-02-13", "2026-03-06"}} {
				for d := duban.MustDate(w[0]); !d.After(duban.MustDate(w[1])); d = d.AddDays(1) {
					for _, hour := range []time.Duration{15, 10} {
						_, err := r.PassAt(ctx, d.Time().Add((hour-8)*time.Hour))
						mustNo(t, err)
					}
				}
			}
			for id, want := range map[int64]map[duban.Level]string{
				ten:   {duban.LevelRemind: "2025-09-26", duban.LevelRemindLdr: "2025-10-13", duban.LevelUrge: "2025-10-17", duban.LevelNotice: "2025-10-23"},
				short: {duban.LevelRemindLdr: "2026-02-13", duban.LevelUrge: "2026-02-26", duban.LevelNotice: "2026-03-03"},
			} {
				steps, err := db.ListEscalations(ctx, p.lead, id)
				mustNo(t, err)
				got := map[duban.Level][]string{}
				for _, e := range steps {
					got[e.Level] = append(got[e.Level], dayOf(e.IssuedAt))
				}
				if len(got) != len(want) {
					t.Errorf("assignment %d: steps %v, want %v", id, got, want)
				}
				for lv, day := range want {
					if fmt.Sprint(got[lv]) != fmt.Sprint([]string{day}) {
						t.Errorf("assignment %d: %s on %v, want %s", id, lv, got[lv], day)
					}
				}
			}
		})
	}
}

// TestDigestCountsWorkingDays: the daily digest says how many working days
// an item has left or is late by. Due Tuesday 2025-09-30, on Thursday
// 10-09, the first working day after National Day, it is 1 working day
// late (not 9 days, nor "剩余-1"); another due 10-13 has 3 left (10-10,
// Saturday 10-11 worked, 10-13).
func TestDigestCountsWorkingDays(t *testing.T) {
	ctx := context.Background()
	db, _ := openDBs(t, "sqlite")
	clk := &clock{}
	db.Now = clk.Now
	clk.Set(at("2025-09-01"))
	p := newPlan(t, db, duban.CadenceNone, 25)
	p.measure(t, "清退违规资金", "2025-09-30")
	p.measure(t, "修订管理办法", "2025-10-13")
	r := &Runner{DB: db, Now: clk.Now, Instance: "a", Log: quiet()}
	_, err := r.PassAt(ctx, at("2025-10-09").Add(time.Hour))
	mustNo(t, err)
	inbox, err := db.Inbox(ctx, p.liaison, false, duban.Page{Limit: 50})
	mustNo(t, err)
	var body string
	for _, n := range inbox.Items {
		if n.Kind == "digest" {
			body = n.Body
		}
	}
	for _, want := range []string{"已逾期1个工作日", "剩余3个工作日"} {
		if !strings.Contains(body, want) {
			t.Errorf("digest lacks %q:\n%s", want, body)
		}
	}
}

// TestTodoDueSoonByThePlansWarning: a liaison's yellow item counts as
// "due soon" (not "report missing") within its plan's working days of
// warning, here 10: due 2025-10-09, on 09-22 it has 8 working days left
// (09-28 worked, the holiday not counted).
func TestTodoDueSoonByThePlansWarning(t *testing.T) {
	ctx := context.Background()
	db, _ := openDBs(t, "sqlite")
	clk := &clock{}
	db.Now = clk.Now
	clk.Set(at("2025-09-01"))
	p := newPlan(t, db, duban.CadenceNone, 25)
	pl, err := db.FindPlan(ctx, p.lead, p.id)
	mustNo(t, err)
	l := pl.Ladder
	l.YellowBefore, l.RemindBefore = 10, 10
	_, err = db.UpdatePlan(ctx, p.lead, p.id, pl.Version, duban.PlanUpdate{Ladder: &l})
	mustNo(t, err)
	id := p.measure(t, "完善制度", "2025-10-09")
	clk.Set(at("2025-09-22"))
	todos, err := db.Todos(ctx, p.liaison, duban.Date{})
	mustNo(t, err)
	var kinds []string
	for _, td := range todos {
		if td.AssignmentID == id {
			kinds = append(kinds, td.Kind)
			if td.WorkdaysLeft == nil || *td.WorkdaysLeft != 8 {
				t.Errorf("workdays left %v, want 8", td.WorkdaysLeft)
			}
		}
	}
	if fmt.Sprint(kinds) != "[duesoon]" {
		t.Errorf("todo kinds %v, want [duesoon]", kinds)
	}
}
