package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"duban/internal/calendar"
	"duban/internal/duban"
)

// calendarData is the working-day calendar of a year.
type calendarData struct {
	Base
	Year, Prev, Next   int
	Covered, CanSeed   bool
	Workdays, Holidays int
	Months             []calMonth
	Days               []calendar.Day
	Weekdays           []string
	Form               calValues
	Failed, Error      string
	Fields             map[string]string
	Text               string
}

type calMonth struct {
	Month int
	Weeks [][]calCell
}

// calCell is a day of a month's grid; Day 0 pads the first and last week.
type calCell struct {
	Day         int
	Date, Class string
	Name        string
}

type calValues struct{ From, To, Name, Kind string }

// calendarPage shows a year's working days and records its holidays and
// 调休 working days, one range at a time, pasted from the State Council's
// notice, or from the arrangement built into duban: the system administrator's.
func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if err := p.RequireAdmin("维护工作日历（由系统管理员负责）"); err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	if year < 1949 || year > 2100 {
		year = time.Now().In(duban.ChinaTime).Year()
	}
	data := calendarData{Base: s.base(r, "sys.cal.title"), Year: year, Prev: year - 1, Next: year + 1, Form: calValues{Kind: "rest"}}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		op := r.PostFormValue("op")
		msg, err := s.changeCalendar(r, year, op)
		if err == nil {
			return admDone(w, r, msg, fmt.Sprintf("/calendar?year=%d", year))
		}
		if !admFormFailure(err) {
			return err
		}
		status, data.Failed = admStatus(err), op
		data.Error, data.Fields = formError(lang(r), err)
		data.Form = calValues{From: r.PostFormValue("from"), To: r.PostFormValue("to"), Name: r.PostFormValue("name"), Kind: r.PostFormValue("kind")}
		data.Text = r.PostFormValue("text")
	}
	days, err := s.db.CalendarDays(r.Context(), year)
	if err != nil {
		return err
	}
	cal := s.db.Calendar()
	data.Days, data.Covered = days, cal.Covers(year)
	data.CanSeed = !data.Covered && calendar.Default().Covers(year)
	data.Workdays = cal.Between(duban.NewDate(year, 1, 1).AddDays(-1), duban.NewDate(year, 12, 31))
	for _, d := range days {
		if !d.Workday {
			data.Holidays++
		}
	}
	for i := range 7 {
		data.Weekdays = append(data.Weekdays, data.T(fmt.Sprintf("sys.cal.wd%d", i)))
	}
	data.Months = calMonths(year, cal, duban.DateOf(s.db.Now().In(duban.ChinaTime)))
	return s.renderAdm(w, r, status, "calendar.html", data)
}

// changeCalendar applies one form of the calendar page: add a range,
// delete a day, import pasted lines or the built-in arrangement.
func (s *Server) changeCalendar(r *http.Request, year int, op string) (string, error) {
	ctx, p := r.Context(), principal(r)
	var days []calendar.Day
	switch op {
	case "add":
		c := newAdmChecks(r)
		from := c.date("from", r.PostFormValue("from"))
		to := from
		if strings.TrimSpace(r.PostFormValue("to")) != "" {
			to = c.date("to", r.PostFormValue("to"))
		}
		name := strings.TrimSpace(r.PostFormValue("name"))
		if name == "" {
			c.add("name", "sys.err.name")
		}
		if err := c.err(nil); err != nil {
			return "", err
		}
		if to.Before(from) || from.DaysUntil(to) > 30 {
			return "", &duban.Error{Code: duban.Invalid, Message: admT(r, "sys.err.range"), Fields: map[string]string{"to": admT(r, "sys.err.range")}}
		}
		for d := from; !to.Before(d); d = d.AddDays(1) {
			days = append(days, calendar.Day{Date: d, Workday: r.PostFormValue("kind") == "work", Name: name})
		}
	case "delete":
		d, err := duban.ParseDate(r.PostFormValue("date"))
		if err != nil {
			return "", err
		}
		return admT(r, "sys.flash.caldeleted", d.String()), s.db.DeleteCalendarDay(ctx, p, d)
	case "import":
		var err error
		if days, err = calendar.ParseArrangement(year, r.PostFormValue("text")); err != nil {
			return "", err
		}
	case "seed":
		for _, d := range calendar.Seed() {
			if y := d.Date.Time().Year(); y == year || y == year-1 && d.Workday && d.Date.Time().Month() == 12 {
				days = append(days, d)
			}
		}
	default:
		return "", duban.Errorf(duban.Invalid, "未知的操作“%s”", op)
	}
	return admT(r, "sys.flash.calsaved", len(days)), s.db.SetCalendarDays(ctx, p, days)
}

// calMonths lays out the twelve months of year, weeks from Monday.
func calMonths(year int, cal *calendar.Calendar, today duban.Date) []calMonth {
	var out []calMonth
	for m := time.January; m <= time.December; m++ {
		first := duban.NewDate(year, m, 1)
		month := calMonth{Month: int(m)}
		week := make([]calCell, (int(first.Time().Weekday())+6)%7)
		for d := first; d.Time().Month() == m; d = d.AddDays(1) {
			c := calCell{Day: d.Time().Day(), Date: d.String()}
			wd := d.Time().Weekday()
			ex, special := cal.Exception(d)
			switch {
			case special && ex.Workday:
				c.Class, c.Name = "cal-work", ex.Name
			case special:
				c.Class, c.Name = "cal-holiday", ex.Name
			case wd == time.Saturday || wd == time.Sunday:
				c.Class = "cal-weekend"
			}
			if d.String() == today.String() {
				c.Class += " cal-today"
			}
			week = append(week, c)
			if len(week) == 7 {
				month.Weeks, week = append(month.Weeks, week), nil
			}
		}
		if len(week) > 0 {
			month.Weeks = append(month.Weeks, append(week, make([]calCell, 7-len(week))...))
		}
		out = append(out, month)
	}
	return out
}
