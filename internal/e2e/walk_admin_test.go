package e2e

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
)

// adminDay: the system administrator makes a division of 省科技厅 and a
// liaison account in it, and records the holidays of the first year the
// calendar lacks.
func (w *walker) adminDay() {
	names := map[string][2]string{"desk": {"陕西省科学技术厅对外合作处", "对外合作处"}, "phone": {"陕西省科学技术厅成果转化二处", "成果转化二处"}}[w.screen.name]
	w.login("admin", "duban-admin")
	w.checkPage(w.say("今日待办", "Waiting for you today"))

	w.nav("/units")
	w.checkPage(w.say("单位管理", "Units"))
	w.do(chromedp.SendKeys(chromedp.ID("n-name"), names[0]),
		chromedp.SendKeys(chromedp.ID("n-short"), names[1]))
	w.setField("n-kind", "division")
	w.setField("n-parent", fmt.Sprint(w.unitID("省科技厅")))
	w.submit("#unit-form")
	if got, want := w.flash(), w.say("已创建单位“"+names[0]+"”", "Unit “"+names[0]+"” created"); got != want {
		w.t.Fatalf("%s: after creating a unit: flash %q, want %q (errors %q)", w.where(), got, want, w.texts(".error, .field-error"))
	}
	w.day.unit = w.unitID(names[1])
	w.day.unitName = names[1]
	if n := w.count(fmt.Sprintf(`#units td.sys-depth-1 a[href="/units/%d"]`, w.day.unit)); n != 1 {
		w.t.Errorf("%s: the new division is not listed under 省科技厅", w.where())
	}
	w.checkPage("")
	w.shot("admin-units", "")

	w.nav("/users")
	w.checkPage(w.say("用户管理", "Users"))
	user := "walk-" + w.screen.name
	w.do(chromedp.SendKeys(chromedp.ID("u-username"), user),
		chromedp.SendKeys(chromedp.ID("u-name"), names[1]+" 联络员"),
		chromedp.SendKeys(chromedp.ID("u-pw"), "Walk-pass-2026"))
	w.setField("u-role", "liaison")
	w.setField("u-unit", fmt.Sprint(w.day.unit))
	w.submit("#new-user")
	if got, want := w.flash(), w.say("已创建账号“"+user+"”", "Account “"+user+"” created"); got != want {
		w.t.Fatalf("%s: after creating an account: flash %q, want %q", w.where(), got, want)
	}
	if got := w.text("#account-facts"); !strings.Contains(got, names[1]) || !strings.Contains(got, w.say("联络员", "Unit liaison")) {
		w.t.Errorf("%s: the new account's facts %q, want %s and the liaison role", w.where(), got, names[1])
	}
	w.checkPage(names[1])
	w.shot("admin-user", "")
	if u, err := w.db.PrincipalOf(context.Background(), user); err != nil || u.UnitID != w.day.unit || u.Role != duban.RoleLiaison {
		w.t.Errorf("the account made in the browser: got %+v, %v; want a liaison of unit %d", u, err, w.day.unit)
	}
	w.adminCalendar()
}

// adminCalendar goes forward year by year in the calendar to the first
// year without its holiday arrangement and pastes that year's 国庆节 item.
func (w *walker) adminCalendar() {
	w.nav("/calendar")
	w.checkPage(w.say("工作日历", "Working-day calendar"))
	year := today().Time().Year()
	for w.count("#cal-missing") == 0 {
		if year > today().Time().Year()+12 {
			w.t.Fatalf("%s: no year without its arrangement in twelve years", w.where())
		}
		w.follow(chromedp.Click(chromedp.CSS(`.sys-yearnav a[rel=next]`)))
		year++
		if got := w.text("#cal-year"); got != fmt.Sprint(year) {
			w.t.Fatalf("%s: the next year shows %q, want %d", w.where(), got, year)
		}
	}
	item, workdays := nationalDay(year)
	w.do(chromedp.SendKeys(chromedp.ID("c-text"), item))
	w.submit("#cal-import")
	if got, want := w.flash(), w.say("已写入9天的安排，工作日已重新计算", "9 days recorded; working days are counted anew"); got != want {
		w.t.Fatalf("%s: after pasting %q: flash %q, want %q (error %q)", w.where(), item, got, want, w.texts("#cal-error"))
	}
	if w.count("#cal-missing") != 0 {
		w.t.Errorf("%s: %d still lacks its arrangement", w.where(), year)
	}
	for _, d := range workdays {
		if w.count(fmt.Sprintf(`td.cal-work[data-date="%s"]`, d)) != 1 || !w.db.Calendar().IsWorkday(d) {
			w.t.Errorf("%s: %s is not a working day on the page and in the store", w.where(), d)
		}
	}
	holiday := duban.NewDate(year, 10, 6)
	if w.count(fmt.Sprintf(`td.cal-holiday[data-date="%s"]`, holiday)) != 1 || w.db.Calendar().IsWorkday(holiday) {
		w.t.Errorf("%s: %s is not a holiday on the page and in the store", w.where(), holiday)
	}
	w.checkPage("")
	w.shot("admin-calendar", "")
}

// nationalDay writes a year's 国庆节 item as the State Council's notice
// does: 1 to 7 October off, the Sunday before and the Saturday after
// worked; it returns the item and the two working days.
func nationalDay(year int) (string, [2]duban.Date) {
	weekday := func(d duban.Date) string { return "周" + string([]rune("日一二三四五六")[d.Time().Weekday()]) }
	before := duban.NewDate(year, 9, 30)
	for before.Time().Weekday() != time.Sunday {
		before = before.AddDays(-1)
	}
	after := duban.NewDate(year, 10, 8)
	for after.Time().Weekday() != time.Saturday {
		after = after.AddDays(1)
	}
	first, last := duban.NewDate(year, 10, 1), duban.NewDate(year, 10, 7)
	md := func(d duban.Date) string { return fmt.Sprintf("%d月%d日", d.Time().Month(), d.Time().Day()) }
	item := fmt.Sprintf("七、国庆节：%s（%s）至%s（%s）放假调休，共7天。%s（%s）、%s（%s）上班。",
		md(first), weekday(first), md(last), weekday(last), md(before), weekday(before), md(after), weekday(after))
	return item, [2]duban.Date{before, after}
}

// setField sets an input's or a select's value and tells the page, as
// choosing or typing does (a date input takes its value the same way).
func (w *walker) setField(id, value string) {
	w.t.Helper()
	w.do(chromedp.Evaluate[chromedp.Void](`(() => {
	  const e = document.getElementById(` + jsString(id) + `);
	  e.value = ` + jsString(value) + `;
	  e.dispatchEvent(new Event("input", {bubbles: true}));
	  e.dispatchEvent(new Event("change", {bubbles: true}));
	})()`))
	if got := eval[string](w.site, `document.getElementById(`+jsString(id)+`).value`); got != value {
		w.t.Fatalf("%s: #%s took %q, want %q", w.where(), id, got, value)
	}
}
