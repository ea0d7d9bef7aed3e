package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// monitorFixture: the provincial finance department leads 财政科技支出
// (亿元, monthly, year to date, 只增不减 escalating automatically in 10
// working days) reported by 西安 and 宝鸡.
type monitorFixture struct {
	db                   *store.DB
	finance, xian, baoji int64
	ind                  *duban.Indicator
	rule                 *duban.IndicatorRule
	lead, xianLiaison    *duban.Principal
	xianLeader           *duban.Principal
}

func mustMonitor(t *testing.T, db *store.DB) *monitorFixture {
	t.Helper()
	ctx := context.Background()
	f := &monitorFixture{db: db}
	f.finance = mustUnit(t, db, "陕西省财政厅", "省财政厅")
	f.xian = mustUnit(t, db, "西安市人民政府", "西安市")
	f.baoji = mustUnit(t, db, "宝鸡市人民政府", "宝鸡市")
	f.lead = &duban.Principal{UserID: mustUser(t, db, "czt", duban.RoleLead, f.finance), Name: "财政厅监测岗", Role: duban.RoleLead, UnitID: f.finance}
	f.xianLiaison = &duban.Principal{UserID: mustUser(t, db, "xa", duban.RoleLiaison, f.xian), Name: "西安联络员", Role: duban.RoleLiaison, UnitID: f.xian}
	f.xianLeader = &duban.Principal{UserID: mustUser(t, db, "xa-leader", duban.RoleLeader, f.xian), Name: "西安分管领导", Role: duban.RoleLeader, UnitID: f.xian}
	f.ind = &duban.Indicator{Code: "CZKJ", Name: "财政科技支出", Aliases: []string{"地方财政科技支出"}, Measure: "亿元",
		PeriodType: duban.PeriodMonthly, Aggregation: duban.AggYTD, Decimals: 2, UnitIDs: []int64{f.xian, f.baoji}, DueDay: 10}
	if err := db.CreateIndicator(ctx, f.lead, f.ind); err != nil {
		t.Fatal(err)
	}
	f.rule = &duban.IndicatorRule{IndicatorID: f.ind.ID, Kind: duban.RuleNoDecreaseYTD, Escalate: duban.EscalateAuto, DeadlineWorkdays: 10}
	if err := db.CreateIndicatorRule(ctx, f.lead, f.rule); err != nil {
		t.Fatal(err)
	}
	return f
}

// at sets the store's clock to 10:00 China time on day.
func (f *monitorFixture) at(day string) {
	d := duban.MustDate(day)
	tm := time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 10, 0, 0, 0, duban.ChinaTime)
	f.db.Now = func() time.Time { return tm }
}

func (f *monitorFixture) write(t *testing.T, p *duban.Principal, unit int64, period string, v float64) *store.ValueWrite {
	t.Helper()
	w, err := f.db.SetIndicatorValues(context.Background(), p, f.ind.ID, []duban.ValueInput{{UnitID: unit, Period: period, Value: v}}, "", false)
	if err != nil {
		t.Fatalf("write %s %v: %v", period, v, err)
	}
	return w
}

// lastYear enters 2024's year-to-date figures for both cities.
func (f *monitorFixture) lastYear(t *testing.T) {
	t.Helper()
	f.at("2025-01-06")
	var in []duban.ValueInput
	for m, v := range []float64{10, 20, 32, 45, 57, 70, 82, 95, 108, 120, 135, 150} {
		in = append(in, duban.ValueInput{UnitID: f.xian, Period: fmt.Sprintf("2024-%02d", m+1), Value: v},
			duban.ValueInput{UnitID: f.baoji, Period: fmt.Sprintf("2024-%02d", m+1), Value: v / 5})
	}
	if _, err := f.db.SetIndicatorValues(context.Background(), f.lead, f.ind.ID, in, "", false); err != nil {
		t.Fatal(err)
	}
}

func TestIndicatorScenario(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.lastYear(t)

		// January and February arrive above last year: no breach.
		f.at("2025-02-10")
		if w := f.write(t, f.xianLiaison, f.xian, "2025-01", 11); len(w.Breaches) != 0 {
			t.Fatalf("January: got breaches %+v, want none", w.Breaches)
		}
		f.at("2025-03-07")
		f.write(t, f.xianLiaison, f.xian, "2025-02", 21)

		// March: 30 against 32 a year before — a breach of 2025-03, an item at once.
		f.at("2025-04-10")
		w := f.write(t, f.xianLiaison, f.xian, "2025-03", 30)
		if len(w.Breaches) != 1 || w.Breaches[0].Period.String() != "2025-03" || w.Breaches[0].Value != 30 || w.Breaches[0].Baseline != 32 {
			t.Fatalf("March: got %+v, want one breach of 2025-03 at 30 against 32", w.Breaches)
		}
		b := w.Breaches[0]
		if b.AssignmentID == nil {
			t.Fatal("the breach became no item")
		}
		a, err := db.FindAssignment(ctx, f.lead, *b.AssignmentID, duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		// 10 working days after Thursday 10 April 2025: 24 April.
		if a.Status != duban.StatusAssigned || a.Unit.ID != f.xian || a.Deadline.String() != "2025-04-24" {
			t.Fatalf("item: got %s for unit %d due %s, want assigned to 西安 due 2025-04-24", a.Status, a.Unit.ID, a.Deadline)
		}
		// The liaison sees its item like any other.
		if _, err := db.FindAssignment(ctx, f.xianLiaison, a.ID, duban.Date{}); err != nil {
			t.Fatalf("liaison cannot see its item: %v", err)
		}

		// The ladder climbs on working days.
		ladder := []struct {
			day  string
			want []duban.Level
		}{
			{"2025-04-11", []duban.Level{duban.LevelRemind}},
			{"2025-04-22", []duban.Level{duban.LevelRemindLdr}},
			{"2025-04-25", []duban.Level{duban.LevelUrge}},
			{"2025-04-29", nil}, // 4 working days overdue: no 督办单 yet
			{"2025-04-30", []duban.Level{duban.LevelNotice}}, // Sunday 27 April was a working day
		}
		for _, step := range ladder {
			d := duban.MustDate(step.day)
			fired, err := db.RunLadder(ctx, time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 9, 0, 0, 0, duban.ChinaTime))
			if err != nil {
				t.Fatal(err)
			}
			var got []duban.Level
			for _, e := range fired {
				if e.AssignmentID == a.ID {
					got = append(got, e.Level)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(step.want) {
				t.Errorf("ladder on %s: got %v, want %v", step.day, got, step.want)
			}
		}
		// 通报, then 约谈 with its meeting record, by the lead unit.
		f.at("2025-05-06")
		if _, err := db.Escalate(ctx, f.lead, a.ID, store.EscalationInput{Level: duban.LevelCircular, Note: "财政科技支出累计低于上年同期"}); err != nil {
			t.Fatal(err)
		}
		m := &duban.Meeting{PlanID: a.PlanID, Kind: "约谈", HeldOn: duban.MustDate("2025-05-07"), Title: "约谈西安市财政局负责同志"}
		if err := db.CreateMeeting(ctx, f.lead, m); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Escalate(ctx, f.lead, a.ID, store.EscalationInput{Level: duban.LevelInterview, MeetingID: &m.ID}); err != nil {
			t.Fatal(err)
		}
		if err := db.LinkMeeting(ctx, f.lead, m.ID, f.ind.ID, "2025-03"); err != nil {
			t.Fatal(err)
		}
		if ms, err := db.IndicatorMeetings(ctx, f.lead, f.ind.ID); err != nil || len(ms) != 1 || ms[0].Meeting.ID != m.ID {
			t.Errorf("meetings of the indicator: got %+v, %v", ms, err)
		}
		steps, err := db.ListEscalations(ctx, f.lead, a.ID)
		if err != nil || len(steps) != 6 {
			t.Errorf("escalations: got %d (%v), want 6", len(steps), err)
		}

		// April recovers the year to date (46 ≥ 45): the breach is mended and
		// closure is asked for with the figures.
		f.at("2025-05-09")
		w = f.write(t, f.xianLiaison, f.xian, "2025-04", 46)
		if len(w.Breaches) != 0 {
			t.Fatalf("April: got open breaches %+v, want none", w.Breaches)
		}
		a, _ = db.FindAssignment(ctx, f.lead, a.ID, duban.Date{})
		if a.Status != duban.StatusClosureRequested {
			t.Fatalf("after recovery: got %s, want closure_requested", a.Status)
		}
		if a, err = db.Transition(ctx, f.xianLeader, a.ID, 0, duban.ActionSignOff, duban.TransitionInput{}); err != nil {
			t.Fatal(err)
		}
		if a, err = db.Transition(ctx, f.lead, a.ID, 0, duban.ActionVerify, duban.TransitionInput{}); err != nil {
			t.Fatal(err)
		}
		if a.Status != duban.StatusClosed {
			t.Fatalf("after verification: got %s, want closed", a.Status)
		}
		// Look-back is scheduled like any closed item's.
		lbs, err := db.ListLookbacks(ctx, f.lead, store.LookbackFilter{AssignmentID: a.ID})
		if err != nil || len(lbs) != 1 {
			t.Errorf("look-backs: got %d (%v), want 1", len(lbs), err)
		}

		// As of 1 May the breach was there; as of 10 May it is not.
		for _, c := range []struct {
			day  string
			want int
		}{{"2025-05-01", 1}, {"2025-05-10", 0}, {"2025-04-09", 0}} {
			got, err := db.BreachesAsOf(ctx, f.lead, f.ind.ID, duban.MustDate(c.day))
			if err != nil || len(got) != c.want {
				t.Errorf("breaches as of %s: got %+v (%v), want %d", c.day, got, err, c.want)
			}
		}
	})
}

func TestIndicatorAccessApprovalCompleteness(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		f.lastYear(t)
		// Due 10 February 2025, a Monday: 西安 on the day, 宝鸡 a day late.
		f.at("2025-02-10")
		f.write(t, f.xianLiaison, f.xian, "2025-01", 11)
		f.at("2025-02-11")
		f.write(t, f.lead, f.baoji, "2025-01", 1)

		// A liaison writes and sees only its own unit.
		_, err := db.SetIndicatorValues(ctx, f.xianLiaison, f.ind.ID, []duban.ValueInput{{UnitID: f.baoji, Period: "2025-02", Value: 1}}, "", false)
		if duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("liaison writing for 宝鸡: got %v, want forbidden", err)
		}
		tbl, err := db.Table(ctx, f.xianLiaison, f.ind.ID, "2025-01", duban.Date{})
		if err != nil || len(tbl.Rows) != 1 || tbl.Rows[0].Unit.ID != f.xian || tbl.Total != nil {
			t.Fatalf("liaison's table: got %+v, %v; want 西安's row only and no total", tbl, err)
		}
		if _, err := db.ListIndicatorValues(ctx, f.xianLiaison, f.ind.ID, f.baoji); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("liaison reading 宝鸡's history: got %v, want forbidden", err)
		}
		tbl, err = db.Table(ctx, f.lead, f.ind.ID, "2025-01", duban.Date{})
		if err != nil || len(tbl.Rows) != 2 || *tbl.Total != 12 {
			t.Fatalf("lead's table: got %+v, %v; want two rows totalling 12", tbl, err)
		}
		xa, bj := tbl.Rows[0], tbl.Rows[1]
		if xa.Rank != 1 || bj.Rank != 2 || *xa.LastYear != 10 || fmt.Sprintf("%.1f", *xa.Change) != "10.0" || len(bj.Breaches) != 1 {
			t.Errorf("rows: got 西安 %+v, 宝鸡 %+v; want ranks 1 and 2, 西安 +10.0%% on 10, 宝鸡 in breach (1 < 2)", xa, bj)
		}

		comp, err := db.Completeness(ctx, f.lead, f.ind.ID, "2025-01", duban.Date{})
		if err != nil || len(comp) != 2 {
			t.Fatalf("completeness: %+v, %v", comp, err)
		}
		if !comp[0].Reported || !comp[0].OnTime || !comp[1].Reported || comp[1].OnTime || comp[0].Due.String() != "2025-02-10" {
			t.Errorf("completeness: got %+v, want 西安 on time, 宝鸡 late, due 2025-02-10", comp)
		}
		// Due 10 May 2025 is a Saturday but a working day (调休); 10 August 2025, a Sunday, moves to Monday 11 August.
		if d := db.DueDate(f.ind, duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 7}); d.String() != "2025-08-11" {
			t.Errorf("July's due date: got %s, want 2025-08-11", d)
		}
		if comp, _ := db.Completeness(ctx, f.lead, f.ind.ID, "2025-01", duban.MustDate("2025-02-10")); comp[1].Reported {
			t.Errorf("as of 10 February 宝鸡 had not reported: got %+v", comp[1])
		}

		// Approval locks the period: the liaison cannot change it, the lead
		// corrects only with a reason, and the history keeps both figures.
		if _, err := db.ApprovePeriod(ctx, f.xianLiaison, f.ind.ID, "2025-01"); duban.ErrorCode(err) != duban.Forbidden {
			t.Errorf("liaison approving: got %v, want forbidden", err)
		}
		if _, err := db.ApprovePeriod(ctx, f.lead, f.ind.ID, "2025-01"); err != nil {
			t.Fatal(err)
		}
		one := []duban.ValueInput{{UnitID: f.xian, Period: "2025-01", Value: 12}}
		if _, err := db.SetIndicatorValues(ctx, f.xianLiaison, f.ind.ID, one, "", false); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("liaison changing an approved period: got %v, want invalid", err)
		}
		same := []duban.ValueInput{{UnitID: f.xian, Period: "2025-01", Value: 11}}
		if w, err := db.SetIndicatorValues(ctx, f.xianLiaison, f.ind.ID, same, "", false); err != nil || w.Unchanged != 1 || w.Values != 0 {
			t.Errorf("the same figure again in an approved period: got %+v, %v; want it left alone", w, err)
		}
		// An import that would change a locked figure names the cell.
		book := &duban.FigureBook{Names: []string{"2025年财政科技支出"}, Figures: []duban.Figure{
			{Sheet: "2025年", Row: 4, Column: "C（1月）", Unit: "西安", Period: duban.Period{Type: duban.PeriodMonthly, Year: 2025, N: 1}, Value: 13}}}
		if res, ok, err := db.ImportFigures(ctx, f.xianLiaison, book, store.FigureImportOptions{}); err != nil || ok || len(res.Errors) != 1 || res.Errors[0].Row != 4 || res.Errors[0].Column != "C（1月）" {
			t.Errorf("import into a locked period: got %+v, %v, %v; want the cell named", res, ok, err)
		}
		if _, err := db.SetIndicatorValues(ctx, f.lead, f.ind.ID, one, "", false); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("correction without a reason: got %v, want invalid", err)
		}
		if _, err := db.SetIndicatorValues(ctx, f.lead, f.ind.ID, one, "西安市来函更正口径", false); err != nil {
			t.Fatal(err)
		}
		hist, err := db.ListIndicatorValues(ctx, f.xianLiaison, f.ind.ID, f.xian)
		var jan []duban.IndicatorValue
		for _, v := range hist {
			if v.Period.String() == "2025-01" {
				jan = append(jan, v)
			}
		}
		if err != nil || len(jan) != 2 || jan[0].Value != 11 || jan[1].Value != 12 || !jan[1].Correction || jan[1].Reason != "西安市来函更正口径" {
			t.Errorf("history of January: got %+v, %v", jan, err)
		}

		// A batch with bad figures is refused whole, each one named.
		bad := []duban.ValueInput{
			{UnitID: f.xian, Period: "2025-02", Value: 22},
			{UnitID: f.xian, Period: "2025-13", Value: 1},
			{UnitID: f.baoji, Period: "2025-02", Value: -1},
			{UnitID: f.finance, Period: "2025-02", Value: 1},
		}
		_, err = db.SetIndicatorValues(ctx, f.lead, f.ind.ID, bad, "", false)
		var de *duban.Error
		if !errors.As(err, &de) || len(de.Fields) != 3 || de.Fields["values[0]"] != "" {
			t.Errorf("bad batch: got %v, want values[1..3] named", err)
		}
		// A dry run reports what would happen and keeps nothing.
		w, err := db.SetIndicatorValues(ctx, f.lead, f.ind.ID, []duban.ValueInput{{UnitID: f.xian, Period: "2025-02", Value: 15}}, "", true)
		if err != nil || w.Values != 1 || len(w.Breaches) != 1 || w.Breaches[0].Period.String() != "2025-02" {
			t.Errorf("dry run: got %+v, %v; want one value and a breach of 2025-02", w, err)
		}
		if tr, _ := db.Trend(ctx, f.lead, f.ind.ID, duban.Date{}); len(tr[f.xian]) != 13 {
			t.Errorf("after the dry run 西安 has %d figures, want 13", len(tr[f.xian]))
		}
	})
}

// A ratio indicator is computed from its two parts and never entered; a
// range rule on it breaches by the computed figure.
func TestIndicatorRatio(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustMonitor(t, db)
		gdp := &duban.Indicator{Code: "GDP", Name: "地区生产总值", Measure: "亿元", PeriodType: duban.PeriodYearly, Aggregation: duban.AggLast,
			UnitIDs: []int64{f.xian, f.baoji}, Decimals: 1}
		rd := &duban.Indicator{Code: "RD", Name: "研发经费支出", Measure: "亿元", PeriodType: duban.PeriodYearly, Aggregation: duban.AggLast,
			UnitIDs: []int64{f.xian, f.baoji}, Decimals: 1}
		for _, x := range []*duban.Indicator{gdp, rd} {
			if err := db.CreateIndicator(ctx, f.lead, x); err != nil {
				t.Fatal(err)
			}
		}
		ratio := &duban.Indicator{Code: "RDQD", Name: "研发经费投入强度", Measure: "%", PeriodType: duban.PeriodYearly, Aggregation: duban.AggRatio,
			NumeratorID: rd.ID, DenominatorID: gdp.ID, UnitIDs: []int64{f.xian, f.baoji}, Decimals: 2}
		if err := db.CreateIndicator(ctx, f.lead, ratio); err != nil {
			t.Fatal(err)
		}
		lo := 2.0
		if err := db.CreateIndicatorRule(ctx, f.lead, &duban.IndicatorRule{IndicatorID: ratio.ID, Kind: duban.RuleRange, Min: &lo}); err != nil {
			t.Fatal(err)
		}
		write := func(x *duban.Indicator, xa, bj float64) {
			t.Helper()
			in := []duban.ValueInput{{UnitID: f.xian, Period: "2024", Value: xa}, {UnitID: f.baoji, Period: "2024", Value: bj}}
			if _, err := db.SetIndicatorValues(ctx, f.lead, x.ID, in, "", false); err != nil {
				t.Fatal(err)
			}
		}
		write(gdp, 12000, 2800)
		write(rd, 630, 42)
		if _, err := db.SetIndicatorValues(ctx, f.lead, ratio.ID, []duban.ValueInput{{UnitID: f.xian, Period: "2024", Value: 5}}, "", false); duban.ErrorCode(err) != duban.Invalid {
			t.Errorf("entering a ratio: got %v, want invalid", err)
		}
		tbl, err := db.Table(ctx, f.lead, ratio.ID, "2024", duban.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if len(tbl.Rows) != 2 || *tbl.Rows[0].Value != 5.25 || *tbl.Rows[1].Value != 1.5 || tbl.Total != nil {
			t.Fatalf("ratio table: got %+v, want 5.25 and 1.50, no total", tbl.Rows)
		}
		bs, err := db.BreachesAsOf(ctx, f.lead, ratio.ID, duban.Date{})
		if err != nil || len(bs) != 1 || bs[0].Unit.ID != f.baoji || bs[0].Value != 1.5 || bs[0].Baseline != 2 {
			t.Errorf("ratio breaches: got %+v, %v; want 宝鸡 1.5 below 2", bs, err)
		}
		// Recorded when its parts were written, and mended when they change.
		rec, err := db.ListBreaches(ctx, f.lead, ratio.ID, store.BreachFilter{Status: duban.BreachOpen})
		if err != nil || len(rec) != 1 || rec[0].Unit.ID != f.baoji {
			t.Errorf("recorded ratio breaches: got %+v, %v", rec, err)
		}
		write(rd, 630, 70)
		if rec, _ := db.ListBreaches(ctx, f.lead, ratio.ID, store.BreachFilter{Status: duban.BreachOpen}); len(rec) != 0 {
			t.Errorf("after 宝鸡's R&D rose to 2.5%%: got open breaches %+v", rec)
		}
	})
}
