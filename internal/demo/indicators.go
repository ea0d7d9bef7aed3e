package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"duban/internal/duban"
	"duban/internal/store"
)

// The monitoring demo: 财政科技支出 of Shaanxi's ten cities and 杨凌示范区,
// month by month over two years, led by 省财政厅 with 只增不减 on the year to
// date; 研发经费投入强度 and 高新技术企业数量 by year. Every figure here is
// invented for the demonstration.

// MonitorAccounts are the monitoring demo's logins (README lists them).
var MonitorAccounts = []Account{
	{"czt-jc", "duban-demo", duban.RoleLead, "省财政厅", "省财政厅监测岗 马某"},
	{"xa", "duban-demo", duban.RoleLiaison, "西安市", "西安市联络员 杨某"},
}

// cityBase is each city's invented 财政科技支出 for the first year, 亿元,
// and its growth the year after.
var cityBase = []struct {
	Name, Short   string
	Annual, Gross float64
}{
	{"西安市人民政府", "西安市", 62.4, 1.09}, {"铜川市人民政府", "铜川市", 2.1, 1.06}, {"宝鸡市人民政府", "宝鸡市", 8.6, 1.08},
	{"咸阳市人民政府", "咸阳市", 7.3, 1.07}, {"渭南市人民政府", "渭南市", 6.2, 1.08}, {"延安市人民政府", "延安市", 5.4, 1.05},
	{"汉中市人民政府", "汉中市", 4.7, 1.07}, {"榆林市人民政府", "榆林市", 9.8, 1.10}, {"安康市人民政府", "安康市", 3.2, 1.06},
	{"商洛市人民政府", "商洛市", 2.6, 1.05}, {"杨凌农业高新技术产业示范区管委会", "杨凌示范区", 1.6, 1.12},
}

// shortfalls are the cities whose year to date falls below the year before,
// by months before the last reported one: from, to (inclusive; 0 = the
// last), and what became of the item.
var shortfalls = map[string]struct{ From, To int }{
	"铜川市": {8, 6}, // mended five months ago: the item is closed
	"商洛市": {5, 0}, // since five months: 督办单 and 通报
	"延安市": {4, 0}, // since four months: 约谈 with its meeting
	"汉中市": {0, 0}, // the last month only: just assigned
}

// monitorLoader loads the monitoring demo.
type monitorLoader struct {
	*loader
	lead   *duban.Principal
	cities []int64
	last   duban.Period // the last month reported
}

func (l *loader) loadIndicators(ctx context.Context) error {
	m := &monitorLoader{loader: l}
	for _, c := range cityBase {
		id, ok := l.units[c.Short]
		if !ok {
			u := &duban.Unit{Name: c.Name, ShortName: c.Short, Kind: duban.UnitCity, Sort: 100 + len(l.units)}
			if err := l.db.CreateUnit(ctx, duban.System, u); err != nil {
				return fmt.Errorf("demo: unit %s: %w", c.Short, err)
			}
			id, l.units[c.Short] = u.ID, u.ID
		}
		m.cities = append(m.cities, id)
	}
	for _, a := range MonitorAccounts {
		id := l.units[a.Unit]
		u := &duban.User{Username: a.Username, DisplayName: a.Name, Role: a.Role, UnitID: &id}
		if err := l.db.CreateUser(ctx, duban.System, u, a.Password); err != nil {
			return fmt.Errorf("demo: account %s: %w", a.Username, err)
		}
		if a.Role == duban.RoleLead {
			m.lead = &duban.Principal{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Role: u.Role, UnitID: id}
		}
	}
	lastMonth := l.today.Time().AddDate(0, -1, 0)
	m.last = duban.Period{Type: duban.PeriodMonthly, Year: lastMonth.Year(), N: int(lastMonth.Month())}
	prev := l.db.Now
	defer func() { l.db.Now = prev }()
	if err := m.spending(ctx); err != nil {
		return err
	}
	return m.yearly(ctx)
}

// at sets the store's clock to 10:00 in China on d, or on the load day if
// d is after it.
func (m *monitorLoader) at(d duban.Date) {
	if d.After(m.today) {
		d = m.today
	}
	t := time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), 10, 0, 0, 0, duban.ChinaTime)
	m.db.Now = func() time.Time { return t }
}

// months returns the 24 months ending with the last one, oldest first.
func (m *monitorLoader) months() []duban.Period {
	out := make([]duban.Period, 24)
	p := m.last
	for i := 23; i >= 0; i-- {
		out[i] = p
		if p.N--; p.N == 0 {
			p.Year, p.N = p.Year-1, 12
		}
	}
	return out
}

// share is the part of a year's spending done by the end of month n: more
// towards the end of the year, as budgets are spent.
func share(n int) float64 {
	f := func(x float64) float64 { return x + 0.08*x*x }
	return f(float64(n)) / f(12)
}

// figure is a city's invented year-to-date spending at p; months before the
// window's second year are the base year.
func (m *monitorLoader) figure(i int, p duban.Period, ago int) float64 {
	c := cityBase[i]
	base := c.Annual * share(p.N) * math.Pow(c.Gross, float64(p.Year-m.last.Year+1))
	if ago > 11 {
		return round2(base)
	}
	lastYear := c.Annual * share(p.N) * math.Pow(c.Gross, float64(p.Year-m.last.Year))
	if sf, ok := shortfalls[c.Short]; ok && ago <= sf.From && ago >= sf.To {
		return round2(lastYear * 0.96)
	}
	if _, ok := shortfalls[c.Short]; ok {
		return round2(lastYear * 1.02)
	}
	return round2(base)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func (m *monitorLoader) spending(ctx context.Context) error {
	x := &duban.Indicator{Code: "CZKJZC", Name: "财政科技支出", Aliases: []string{"地方财政科技支出", "财政科技投入"}, Measure: "亿元",
		PeriodType: duban.PeriodMonthly, Aggregation: duban.AggYTD, Decimals: 2, LeadUnitID: m.lead.UnitID, UnitIDs: m.cities, DueDay: 10}
	if err := m.db.CreateIndicator(ctx, m.lead, x); err != nil {
		return fmt.Errorf("demo: indicator: %w", err)
	}
	r := &duban.IndicatorRule{IndicatorID: x.ID, Kind: duban.RuleNoDecreaseYTD, Name: "只增不减（累计不低于上年同期）", Escalate: duban.EscalateAuto, DeadlineWorkdays: 20}
	if err := m.db.CreateIndicatorRule(ctx, m.lead, r); err != nil {
		return fmt.Errorf("demo: rule: %w", err)
	}
	months := m.months()
	for k, p := range months {
		ago := len(months) - 1 - k
		var in, late []duban.ValueInput
		for i, id := range m.cities {
			v := duban.ValueInput{UnitID: id, Period: p.String(), Value: m.figure(i, p, ago)}
			if cityBase[i].Short == "商洛市" && k%3 == 0 {
				late = append(late, v) // 商洛 is late now and then
				continue
			}
			in = append(in, v)
		}
		due := m.db.DueDate(x, p)
		for j, batch := range [][]duban.ValueInput{in, late} {
			if len(batch) == 0 {
				continue
			}
			m.at(m.db.Calendar().AddWorkdays(due, 3*j-1))
			if _, err := m.db.SetIndicatorValues(ctx, m.lead, x.ID, batch, "", false); err != nil {
				return fmt.Errorf("demo: figures %s: %w", p, err)
			}
		}
		if ago >= 2 {
			m.at(m.db.Calendar().AddWorkdays(due, 5))
			if _, err := m.db.ApprovePeriod(ctx, m.lead, x.ID, p.String()); err != nil {
				return fmt.Errorf("demo: approve %s: %w", p, err)
			}
		}
	}
	return m.ladder(ctx, x)
}

// ladder takes the items of the shortfalls up the ladder, each step on a
// working day after the deadline, and closes 铜川's.
func (m *monitorLoader) ladder(ctx context.Context, x *duban.Indicator) error {
	cal := m.db.Calendar()
	for short, steps := range map[string][]duban.Level{
		"商洛市": {duban.LevelUrge, duban.LevelNotice, duban.LevelCircular},
		"延安市": {duban.LevelUrge, duban.LevelNotice, duban.LevelCircular, duban.LevelInterview},
	} {
		a, err := m.item(ctx, x, short)
		if err != nil {
			return err
		}
		for i, lv := range steps {
			day := cal.AddWorkdays(a.Deadline, 1+3*i)
			if day.After(m.today) {
				day = m.today
			}
			m.at(day)
			in := store.EscalationInput{Level: lv, Note: fmt.Sprintf("%s财政科技支出累计低于上年同期，整改逾期。", short)}
			if lv == duban.LevelNotice {
				in.ReplyDue = cal.AddWorkdays(day, 5)
			}
			if lv == duban.LevelInterview {
				mt := &duban.Meeting{PlanID: a.PlanID, Kind: "约谈", HeldOn: day, Title: "约谈" + short + "财政局主要负责同志",
					Attendees: "省财政厅分管负责同志、" + short + "财政局主要负责同志", Decisions: "限期扭转财政科技支出下滑，按月报告进展。"}
				if err := m.db.CreateMeeting(ctx, m.lead, mt); err != nil {
					return fmt.Errorf("demo: interview: %w", err)
				}
				in.MeetingID = &mt.ID
				if err := m.db.LinkMeeting(ctx, m.lead, mt.ID, x.ID, m.last.String()); err != nil {
					return err
				}
			}
			if _, err := m.db.Escalate(ctx, m.lead, a.ID, in); err != nil {
				return fmt.Errorf("demo: %s %s: %w", short, lv, err)
			}
		}
	}
	a, err := m.item(ctx, x, "铜川市")
	if err != nil {
		return err
	}
	if a.Status == duban.StatusClosureRequested {
		m.at(cal.AddWorkdays(dayOf(a.UpdatedAt), 2))
		if _, err := m.db.Transition(ctx, duban.System, a.ID, 0, duban.ActionSignOff, duban.TransitionInput{}); err != nil {
			return fmt.Errorf("demo: sign off 铜川: %w", err)
		}
		m.at(cal.AddWorkdays(dayOf(a.UpdatedAt), 4))
		if _, err := m.db.Transition(ctx, m.lead, a.ID, 0, duban.ActionVerify, duban.TransitionInput{Reason: "累计数已恢复至上年同期以上。"}); err != nil {
			return fmt.Errorf("demo: verify 铜川: %w", err)
		}
	}
	m.at(cal.AddWorkdays(m.db.DueDate(x, m.last), 2))
	mt := &duban.Meeting{PlanID: x.PlanID, Kind: "会商", HeldOn: m.today, Title: "财政科技投入月度监测会商",
		Attendees: "省财政厅、省科技厅、省统计局", Decisions: "对累计低于上年同期的市继续督办，下月会商前报送整改情况。"}
	if x.PlanID == 0 {
		got, err := m.db.FindIndicator(ctx, m.lead, x.ID)
		if err != nil {
			return err
		}
		mt.PlanID = got.PlanID
	}
	if err := m.db.CreateMeeting(ctx, m.lead, mt); err != nil {
		return fmt.Errorf("demo: consultation: %w", err)
	}
	return m.db.LinkMeeting(ctx, m.lead, mt.ID, x.ID, m.last.String())
}

func dayOf(t time.Time) duban.Date { return duban.DateOf(t.In(duban.ChinaTime)) }

// item returns the open or latest item of a city's shortfall.
func (m *monitorLoader) item(ctx context.Context, x *duban.Indicator, short string) (*duban.Assignment, error) {
	bs, err := m.db.ListBreaches(ctx, m.lead, x.ID, store.BreachFilter{UnitID: m.units[short]})
	if err != nil {
		return nil, err
	}
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i].AssignmentID != nil {
			return m.db.FindAssignment(ctx, m.lead, *bs[i].AssignmentID, duban.Date{})
		}
	}
	return nil, fmt.Errorf("demo: %s has no supervised breach", short)
}

// yearly loads 研发经费投入强度 and 高新技术企业数量 for the two years before
// this one.
func (m *monitorLoader) yearly(ctx context.Context) error {
	y := m.today.Time().Year()
	specs := []struct {
		x    duban.Indicator
		vals []float64 // per city, the earlier year; the later grows by step
		step float64
		rule duban.RuleKind
	}{
		{duban.Indicator{Code: "RDQD", Name: "研发经费投入强度", Aliases: []string{"R&D经费投入强度", "研发投入强度"}, Measure: "%", Decimals: 2},
			[]float64{5.18, 1.12, 2.35, 1.86, 1.74, 0.62, 1.31, 0.71, 0.58, 0.93, 6.40}, 0.08, duban.RuleNoDecreasePeriod},
		{duban.Indicator{Code: "GXQY", Name: "高新技术企业数量", Aliases: []string{"高新技术企业", "高企数量"}, Measure: "家"},
			[]float64{10420, 132, 598, 542, 386, 215, 301, 266, 158, 121, 203}, 0.11, duban.RuleNoDecreasePeriod},
	}
	for _, s := range specs {
		x := s.x
		x.PeriodType, x.Aggregation, x.LeadUnitID, x.UnitIDs, x.DueDay = duban.PeriodYearly, duban.AggLast, m.lead.UnitID, m.cities, 28
		if err := m.db.CreateIndicator(ctx, m.lead, &x); err != nil {
			return fmt.Errorf("demo: indicator %s: %w", x.Name, err)
		}
		if err := m.db.CreateIndicatorRule(ctx, m.lead, &duban.IndicatorRule{IndicatorID: x.ID, Kind: s.rule, Escalate: duban.EscalateReview}); err != nil {
			return err
		}
		var in []duban.ValueInput
		for i, id := range m.cities {
			v := s.vals[i]
			later := v * (1 + s.step)
			if i == 5 { // 延安's intensity and count slip: a breach for the lead unit's review
				later = v * 0.97
			}
			round := func(f float64) float64 {
				return math.Round(f*math.Pow(10, float64(x.Decimals))) / math.Pow(10, float64(x.Decimals))
			}
			in = append(in, duban.ValueInput{UnitID: id, Period: fmt.Sprint(y - 2), Value: round(v)}, duban.ValueInput{UnitID: id, Period: fmt.Sprint(y - 1), Value: round(later)})
		}
		m.at(duban.NewDate(y, 3, 2))
		if _, err := m.db.SetIndicatorValues(ctx, m.lead, x.ID, in, "", false); err != nil {
			return fmt.Errorf("demo: figures %s: %w", x.Name, err)
		}
	}
	return nil
}
