package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/store/storetest"
)

// clock is a settable time shared by the runners of a test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func at(day string) time.Time    { return duban.MustDate(day).Time().Add(9*time.Hour - 8*time.Hour) } // 09:00 China time
func dayOf(t time.Time) string   { return duban.DateOf(t.In(duban.ChinaTime)).String() }
func quiet() *slog.Logger        { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
func mustNo(t *testing.T, e error) {
	t.Helper()
	if e != nil {
		t.Fatal(e)
	}
}

// openDBs opens two stores on one database (two instances): a SQLite file,
// or a fresh schema of the PostgreSQL server in DUBAN_TEST_POSTGRES.
func openDBs(t *testing.T, dialect string) (*store.DB, *store.DB) {
	t.Helper()
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "duban.db")
	if dialect == "postgres" {
		base := os.Getenv("DUBAN_TEST_POSTGRES")
		if base == "" {
			t.Skip("DUBAN_TEST_POSTGRES is not set: the PostgreSQL run is skipped")
		}
		dsn = storetest.PostgresSchema(t, base, "jobs")
	}
	a, err := store.Open(ctx, dsn)
	mustNo(t, err)
	b, err := store.Open(ctx, dsn)
	mustNo(t, err)
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

type scenario struct {
	db                    *store.DB
	assignment            int64
	lead, liaison, leader *duban.Principal
	unit                  int64
}

// setUp makes a plan whose one measure, given to 省财政厅, is due on
// 2024-10-11, the Friday after the National Day holiday (1–7 October 2024,
// with Sunday 29 September and Saturday 12 October worked).
func setUp(t *testing.T, db *store.DB, clk *clock) *scenario {
	return setUpPlan(t, db, clk, "2024-10-11", "2024-09-02", duban.CadenceNone)
}

// setUpPlan is setUp with the deadline, the day of assignment and the cadence given.
func setUpPlan(t *testing.T, db *store.DB, clk *clock, deadline, assigned string, cadence duban.Cadence) *scenario {
	ctx := context.Background()
	s := &scenario{db: db}
	unit := func(name, short string) int64 {
		u := &duban.Unit{Name: name, ShortName: short, Kind: duban.UnitDepartment}
		mustNo(t, db.CreateUnit(ctx, duban.System, u))
		return u.ID
	}
	office := unit("中共陕西省委科技工委", "省委科技工委")
	s.unit = unit("陕西省财政厅", "省财政厅")
	user := func(name string, role duban.Role, unit int64, email string) *duban.Principal {
		u := &duban.User{Username: name, DisplayName: name, Role: role, UnitID: &unit, Email: email}
		mustNo(t, db.CreateUser(ctx, duban.System, u, "password-1"))
		return &duban.Principal{UserID: u.ID, Username: name, Name: name, Role: role, UnitID: unit}
	}
	s.lead = user("zgb", duban.RoleLead, office, "")
	s.liaison = user("czt", duban.RoleLiaison, s.unit, "czt@example.test")
	s.leader = user("czt-leader", duban.RoleLeader, s.unit, "")
	pl := &duban.Plan{Title: "整改方案", OwnerUnitID: office, Cadence: cadence, ReportDay: 25}
	mustNo(t, db.CreatePlan(ctx, s.lead, pl))
	asp := &duban.Node{PlanID: pl.ID, Kind: duban.NodeAspect, Title: "工作落实方面"}
	mustNo(t, db.CreateNode(ctx, s.lead, asp))
	prob := &duban.Node{PlanID: pl.ID, Kind: duban.NodeProblem, ParentID: &asp.ID, Title: "工作力度不够大"}
	mustNo(t, db.CreateNode(ctx, s.lead, prob))
	task := &duban.Task{NodeID: prob.ID, Title: "加大科技创新投入力度", DeadlineKind: duban.DeadlineDate, Deadline: duban.MustDate(deadline),
		LeadUnitID: s.unit, ResponsiblePerson: "李某（处长）", ResponsibleLeader: "张某某（副厅长）"}
	mustNo(t, db.CreateTask(ctx, s.lead, task))
	list, err := db.ListAssignments(ctx, duban.System, duban.AssignmentFilter{TaskID: task.ID}, duban.Date{})
	mustNo(t, err)
	s.assignment = list.Items[0].ID
	clk.Set(at(assigned))
	_, err = db.Transition(ctx, s.lead, s.assignment, 0, duban.ActionAssign, duban.TransitionInput{})
	mustNo(t, err)
	_, err = db.Transition(ctx, s.liaison, s.assignment, 0, duban.ActionStart, duban.TransitionInput{})
	mustNo(t, err)
	return s
}

func (s *scenario) light(t *testing.T, day string) duban.Light {
	t.Helper()
	a, err := s.db.FindAssignment(context.Background(), s.lead, s.assignment, duban.MustDate(day))
	mustNo(t, err)
	return a.Light
}

// TestLadderThroughNationalDay moves the clock a day at a time from
// mid-September to the end of October 2024 with two instances running
// passes on one database, and checks the day each step fires, that it
// fires once, its recipients, the lights, and the 督办单's reply.
func TestLadderThroughNationalDay(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dbA, dbB := openDBs(t, dialect)
			clk := &clock{}
			dbA.Now, dbB.Now = clk.Now, clk.Now
			s := setUp(t, dbA, clk)
			robot := newRobot(t)
			mustNo(t, dbA.CreateChannel(ctx, duban.System, &store.Channel{UnitID: &s.unit, Kind: "dingtalk", URL: robot.srv.URL + "/robot/send?access_token=t", Secret: "SEC-test"}))
			runners := []*Runner{{DB: dbA, Now: clk.Now, Instance: "a", Log: quiet()}, {DB: dbB, Now: clk.Now, Instance: "b", Log: quiet()}}

			fired := map[duban.Level][]string{}
			var notice duban.Escalation
			for d := duban.MustDate("2024-09-15"); !d.After(duban.MustDate("2024-10-31")); d = d.AddDays(1) {
				clk.Set(d.Time().Add(time.Hour)) // 09:00 in China
				var wg sync.WaitGroup
				var mu sync.Mutex
				for _, r := range runners { // both instances at once
					wg.Add(1)
					go func() {
						defer wg.Done()
						for range 2 { // a restart on the same day changes nothing
							rep, err := r.Pass(ctx)
							if err != nil {
								t.Errorf("%s pass on %s: %v", r.Instance, d, err)
								return
							}
							mu.Lock()
							for _, e := range rep.Steps {
								fired[e.Level] = append(fired[e.Level], d.String())
								if e.Level == duban.LevelNotice {
									notice = e
								}
							}
							mu.Unlock()
						}
					}()
				}
				wg.Wait()
				if d.String() == "2024-10-21" {
					_, err := dbB.ReplyEscalation(ctx, s.liaison, notice.ID, "已拨付资金，正在办理相关手续，预计11月完成。")
					mustNo(t, err)
				}
			}
			want := map[duban.Level][]string{
				duban.LevelRemind:    {"2024-09-23"}, // 10 working days before 11 October
				duban.LevelRemindLdr: {"2024-10-08"}, // the first working day after the holiday
				duban.LevelUrge:      {"2024-10-12"}, // the Saturday worked in lieu
				duban.LevelNotice:    {"2024-10-17"}, // 5 working days overdue
			}
			for lv, days := range want {
				if fmt.Sprint(fired[lv]) != fmt.Sprint(days) {
					t.Errorf("%s fired on %v, want %v", lv, fired[lv], days)
				}
			}
			if notice.Number != "督办〔2024〕1号" || notice.ReplyDue.String() != "2024-10-24" {
				t.Errorf("督办单: got %q reply due %s, want 督办〔2024〕1号 due 2024-10-24", notice.Number, notice.ReplyDue)
			}
			steps, err := dbA.ListEscalations(ctx, s.lead, s.assignment)
			mustNo(t, err)
			if len(steps) != 4 {
				t.Fatalf("got %d steps recorded, want 4", len(steps))
			}
			if steps[0].Recipients != "李某（处长）、czt" || steps[1].Recipients != "张某某（副厅长）、czt、czt-leader" {
				t.Errorf("recipients: got %q and %q", steps[0].Recipients, steps[1].Recipients)
			}
			if steps[3].RepliedAt == nil || steps[3].Reply == "" {
				t.Errorf("the 督办单 reply was not kept: %+v", steps[3])
			}
			for day, want := range map[string]duban.Light{"2024-09-27": duban.LightGreen, "2024-09-28": duban.LightGreen,
				"2024-09-29": duban.LightYellow, "2024-10-11": duban.LightYellow, "2024-10-12": duban.LightRed} {
				if got := s.light(t, day); got != want {
					t.Errorf("light on %s: got %s, want %s", day, got, want)
				}
			}
			inbox, err := dbA.Inbox(ctx, s.liaison, false, duban.Page{})
			mustNo(t, err)
			kinds := map[string]int{}
			for _, n := range inbox.Items {
				kinds[n.Kind]++
			}
			if kinds["ladder.remind"] != 1 || kinds["ladder.remind2"] != 1 || kinds["ladder.urge"] != 1 || kinds["ladder.notice"] != 1 {
				t.Errorf("liaison inbox: got %v, want one of each step", kinds)
			}
			if got := robot.count(); got != 4 {
				t.Errorf("robot got %d ladder messages, want one per step (4)", got)
			}
			// One digest a day from the day the reminders began (the unit's
			// liaison and leader share one robot, which posts each digest).
			if robot.digests == 0 {
				t.Errorf("robot got no daily digest")
			}
		})
	}
}

// TestNoticeUnansweredAndExtension: an extension moves the deadline and
// keeps the old one; a 督办单 left unanswered past its due date turns the
// assignment red even before the new deadline, and the reply clears it.
func TestNoticeUnansweredAndExtension(t *testing.T) {
	ctx := context.Background()
	db, _ := openDBs(t, "sqlite")
	clk := &clock{}
	db.Now = clk.Now
	s := setUp(t, db, clk)
	clk.Set(at("2024-10-18"))
	e, err := db.Escalate(ctx, s.lead, s.assignment, store.EscalationInput{Level: duban.LevelNotice, ReplyDue: duban.MustDate("2024-10-25"), Note: "逾期未完成"})
	mustNo(t, err)
	if e.Number != "督办〔2024〕1号" {
		t.Errorf("number: got %q", e.Number)
	}
	if _, err := db.RequestExtension(ctx, s.liaison, s.assignment, duban.MustDate("2024-10-01"), "资金拨付流程较长"); duban.ErrorCode(err) != duban.Invalid {
		t.Errorf("an earlier new deadline: got %v, want invalid", err)
	}
	ext, err := db.RequestExtension(ctx, s.liaison, s.assignment, duban.MustDate("2024-11-29"), "资金拨付流程较长")
	mustNo(t, err)
	if _, err := db.DecideExtension(ctx, s.liaison, ext.ID, true, ""); duban.ErrorCode(err) != duban.Forbidden {
		t.Errorf("liaison approving: got %v, want forbidden", err)
	}
	ext, err = db.DecideExtension(ctx, s.lead, ext.ID, true, "同意延期")
	mustNo(t, err)
	a, err := db.FindAssignment(ctx, s.lead, s.assignment, duban.MustDate("2024-10-25"))
	mustNo(t, err)
	if a.Deadline.String() != "2024-11-29" || a.OriginalDeadline.String() != "2024-10-11" || ext.OldDeadline.String() != "2024-10-11" {
		t.Errorf("after extension: deadline %s original %s old %s", a.Deadline, a.OriginalDeadline, ext.OldDeadline)
	}
	if a.Light != duban.LightGreen {
		t.Errorf("on the reply due day: got %s, want green", a.Light)
	}
	if got := s.light(t, "2024-10-28"); got != duban.LightRed {
		t.Errorf("after the reply due day, unanswered: got %s, want red", got)
	}
	_, err = db.ReplyEscalation(ctx, s.liaison, e.ID, "已按要求整改")
	mustNo(t, err)
	if got := s.light(t, "2024-10-28"); got != duban.LightGreen {
		t.Errorf("after the reply: got %s, want green", got)
	}
	if _, err := db.ReplyEscalation(ctx, s.liaison, e.ID, "再次回复"); duban.ErrorCode(err) != duban.Conflict {
		t.Errorf("second reply: got %v, want conflict", err)
	}
}

// TestLookbackReopens: verifying schedules a look-back six months on; a
// relapse reopens the assignment with a new deadline.
func TestLookbackReopens(t *testing.T) {
	ctx := context.Background()
	db, _ := openDBs(t, "sqlite")
	clk := &clock{}
	db.Now = clk.Now
	s := setUp(t, db, clk)
	clk.Set(at("2024-10-10"))
	for _, step := range []struct {
		p   *duban.Principal
		act duban.Action
	}{{s.liaison, duban.ActionRequestClosure}, {s.leader, duban.ActionSignOff}, {s.lead, duban.ActionVerify}} {
		_, err := db.Transition(ctx, step.p, s.assignment, 0, step.act, duban.TransitionInput{Summary: "已完成"})
		mustNo(t, err)
	}
	// The plan was created without look-backs; schedule a campaign instead.
	pl, err := db.ListPlans(ctx, s.lead, duban.PlanFilter{})
	mustNo(t, err)
	n, err := db.ScheduleLookbacks(ctx, s.lead, pl.Items[0].ID, 0, duban.MustDate("2025-04-10"), "2025年春季回头看")
	mustNo(t, err)
	if n != 1 {
		t.Fatalf("campaign scheduled %d look-backs, want 1", n)
	}
	r := &Runner{DB: db, Now: clk.Now, Instance: "a", Log: quiet()}
	clk.Set(at("2025-04-09"))
	rep, err := r.Pass(ctx)
	mustNo(t, err)
	if rep.Lookbacks != 0 {
		t.Errorf("a day early: %d look-backs due", rep.Lookbacks)
	}
	clk.Set(at("2025-04-10"))
	rep, err = r.Pass(ctx)
	mustNo(t, err)
	if rep.Lookbacks != 1 {
		t.Errorf("on the day: %d look-backs due, want 1", rep.Lookbacks)
	}
	due, err := db.ListLookbacks(ctx, s.lead, store.LookbackFilter{DueBy: duban.MustDate("2025-04-10")})
	mustNo(t, err)
	if len(due) != 1 {
		t.Fatalf("pending look-backs: got %d", len(due))
	}
	if _, err := db.RecordLookback(ctx, s.lead, due[0].ID, duban.LookbackRelapsed, "", duban.Date{}); duban.ErrorCode(err) != duban.Invalid {
		t.Errorf("relapse without a note: got %v, want invalid", err)
	}
	_, err = db.RecordLookback(ctx, s.lead, due[0].ID, duban.LookbackRelapsed, "部分地市投入回落", duban.MustDate("2025-06-30"))
	mustNo(t, err)
	a, err := db.FindAssignment(ctx, s.lead, s.assignment, duban.MustDate("2025-04-10"))
	mustNo(t, err)
	if a.Status != duban.StatusInProgress || a.Deadline.String() != "2025-06-30" {
		t.Errorf("after a relapse: got %s due %s, want in_progress due 2025-06-30", a.Status, a.Deadline)
	}
}

// robot is a DingTalk robot on loopback that checks each request's signature.
type robot struct {
	srv     *httptest.Server
	mu      sync.Mutex
	n       int // ladder messages
	digests int
}

func newRobot(t *testing.T) *robot {
	r := &robot{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var body map[string]any
		if json.NewDecoder(req.Body).Decode(&body) != nil || req.URL.Query().Get("sign") == "" || req.URL.Query().Get("timestamp") == "" {
			w.Write([]byte(`{"errcode":310000,"errmsg":"sign not match"}`))
			return
		}
		md, _ := body["markdown"].(map[string]any)
		title, _ := md["title"].(string)
		r.mu.Lock()
		if strings.Contains(title, "每日") {
			r.digests++
		} else {
			r.n++
		}
		r.mu.Unlock()
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *robot) count() int { r.mu.Lock(); defer r.mu.Unlock(); return r.n }

// TestSpringFestivalAndMissingReport runs the ladder through the 2025 Spring
// Festival (28 January – 4 February off; Sunday 26 January and Saturday
// 8 February worked) on a measure due Monday 10 February, and finds the
// January report, due Saturday the 25th and so on Sunday the 26th, missing
// on the 27th.
func TestSpringFestivalAndMissingReport(t *testing.T) {
	ctx := context.Background()
	db, _ := openDBs(t, "sqlite")
	clk := &clock{}
	db.Now = clk.Now
	s := setUpPlan(t, db, clk, "2025-02-10", "2025-01-02", duban.CadenceMonthly)
	r := &Runner{DB: db, Now: clk.Now, Instance: "a", Log: quiet()}
	fired := map[duban.Level]string{}
	for d := duban.MustDate("2025-01-10"); !d.After(duban.MustDate("2025-02-28")); d = d.AddDays(1) {
		clk.Set(d.Time().Add(time.Hour))
		rep, err := r.Pass(ctx)
		mustNo(t, err)
		for _, e := range rep.Steps {
			if fired[e.Level] != "" {
				t.Errorf("%s fired again on %s", e.Level, d)
			}
			fired[e.Level] = d.String()
		}
		if d.String() == "2025-01-27" {
			// Due Saturday the 25th, the report is due on Sunday the 26th, worked in lieu.
			if got := s.light(t, "2025-01-26"); got != duban.LightGreen {
				t.Errorf("on the report's due day: got %s, want green", got)
			}
			if got := s.light(t, "2025-01-27"); got != duban.LightYellow {
				t.Errorf("the January report missing on the 27th: got %s, want yellow", got)
			}
			// From the 27th the deadline is near too (five working days
			// reach 10 February over the holiday), so the light stays
			// yellow; the late report shows in the reporting rates below.
			rep := &duban.Report{AssignmentID: s.assignment, Period: "2025-01", Content: "已拨付首批资金", WorkDate: duban.MustDate("2025-01-24")}
			mustNo(t, db.CreateReport(ctx, s.liaison, rep))
		}
	}
	want := map[duban.Level]string{duban.LevelRemind: "2025-01-21", duban.LevelRemindLdr: "2025-02-06", duban.LevelUrge: "2025-02-11", duban.LevelNotice: "2025-02-17"}
	for lv, day := range want {
		if fired[lv] != day {
			t.Errorf("%s fired on %q, want %s", lv, fired[lv], day)
		}
	}
	pl, err := db.ListPlans(ctx, s.lead, duban.PlanFilter{})
	mustNo(t, err)
	rates, err := db.Reporting(ctx, s.lead, pl.Items[0].ID, "2025-01")
	mustNo(t, err)
	units := rates["units"].([]store.UnitReporting)
	if len(units) != 1 || units[0].Expected != 1 || units[0].Late != 1 || units[0].OnTime != 0 || units[0].Completeness != 1 {
		t.Errorf("January reporting: got %+v, want one late report", units)
	}
	rates, err = db.Reporting(ctx, s.lead, pl.Items[0].ID, "2025-02")
	mustNo(t, err)
	if units := rates["units"].([]store.UnitReporting); len(units) != 1 || units[0].Missing != 1 {
		t.Errorf("February reporting: got %+v, want one missing", units)
	}
}
