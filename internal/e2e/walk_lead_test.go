package e2e

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"duban/internal/duban"
	"duban/internal/xlsx"
)

// leadDay: the lead office starts from its inbox, reviews the liaison's
// report and verifies the signed-off closure with its evidence, filters the
// red list and exports it, issues a 督办单 on a red item and prints it, and
// assigns a measure to the unit the administrator made.
func (w *walker) leadDay() {
	if w.day.closure == 0 {
		w.t.Fatal("the earlier walks left no signed-off closure to verify")
	}
	todo := w.closureTodo("zgb", "tag-verify", "the lead office's inbox does not ask to verify")
	w.shot("lead-home", "")
	w.follow(chromedp.Click(chromedp.CSS(todo)))
	w.checkPage("")
	w.review()
	w.verifyWithEvidence()
	red := w.redList()
	w.issueNotice(red)
	w.assignToNewUnit()
}

// review accepts the liaison's pending report with a comment.
func (w *walker) review() {
	w.t.Helper()
	form := "#reports .report-review"
	if w.count(form) == 0 {
		w.t.Fatalf("%s: no report to review", w.where())
	}
	if got := w.text("#reports .report:has(.report-review) .prose"); got != w.day.report {
		w.t.Errorf("%s: the report under review reads %q, want the liaison's %q", w.where(), got, w.day.report)
	}
	w.do(chromedp.SendKeys(chromedp.CSS(form+" textarea"), w.say("进展属实，予以采用。", "Accurate; accepted.")))
	w.follow(chromedp.Click(chromedp.CSS(form + ` button[value=accept]`)))
	if got, want := w.flash(), w.say("报送已采用。", "The report was accepted."); got != want {
		w.t.Errorf("%s: after the review: flash %q, want %q", w.where(), got, want)
	}
	if w.count("#reports .report-review") != 0 || w.count("#reports .report-accepted") == 0 {
		w.t.Errorf("%s: after the review the report is not shown accepted", w.where())
	}
	w.checkPage("")
}

// verifyWithEvidence opens the closure's evidence from the verify form,
// where it is shown above the button, and verifies the closure.
func (w *walker) verifyWithEvidence() {
	w.t.Helper()
	if w.count("#act-verify") != 1 {
		w.t.Fatalf("%s: no verify form for the lead office (status %q)", w.where(), w.status())
	}
	w.closureShown("#act-verify", "verify")
	w.do(chromedp.SendKeys(chromedp.ID("vf-reason"), w.say("佐证材料齐全，同意销号。", "The evidence is complete; closed.")))
	w.shot("lead-verify", "#act-verify")
	w.submit("#act-verify")
	if got, want := w.flash(), w.say("已审核销号。", "Verified and closed."); got != want {
		w.t.Errorf("%s: after verifying: flash %q, want %q", w.where(), got, want)
	}
	w.statusIs(duban.StatusClosed)
	if got := w.count(".steps .step-done"); got != 3 {
		w.t.Errorf("%s: after verifying %d closure steps are done, want 3", w.where(), got)
	}
	if a := w.assignment(w.day.closure); a.Status != duban.StatusClosed {
		w.t.Errorf("after verifying the store has status %s", a.Status)
	}
	w.checkPage("")
}

// redList filters the ledger to the red lights, checks the list against
// the store, and exports the view: the file holds the measures of the red
// items. It returns the red items.
func (w *walker) redList() []duban.Assignment {
	w.t.Helper()
	var red []duban.Assignment
	tasks := map[int64]bool{}
	for _, a := range w.assignments(duban.AssignmentFilter{}) {
		if a.Light == duban.LightRed {
			red = append(red, a)
			tasks[a.TaskID] = true
		}
	}
	w.nav("/ledger")
	w.setField("lf-light", "red")
	w.submit(".ledger-filters")
	w.checkPage(w.say("整改台账", "Rectification ledger"))
	total := regexp.MustCompile(`\d+`).FindString(w.text(".ledger-count"))
	if total != fmt.Sprint(len(red)) || w.count(".ledger-flat tbody tr") != len(red) {
		w.t.Errorf("%s: the red list says %q and shows %d rows; the store has %d red items", w.where(), w.text(".ledger-count"), w.count(".ledger-flat tbody tr"), len(red))
	}
	if n := w.count(".ledger-flat tbody tr:not(:has(.light-red))"); n != 0 {
		w.t.Errorf("%s: %d rows of the red list are not red", w.where(), n)
	}
	w.shot("lead-redlist", ".ledger-count")
	file := w.download(".ledger-export")
	o, cellErrs, err := xlsx.ReadLedger(bytes.NewReader(file))
	if err != nil || len(cellErrs) > 0 {
		w.t.Fatalf("%s: the exported red list does not read back: %v %v", w.where(), err, cellErrs)
	}
	if _, _, _, measures := o.Counts(); measures != len(tasks) {
		w.t.Errorf("%s: the exported red list holds %d measures, the red items belong to %d", w.where(), measures, len(tasks))
	}
	w.watch.check(w.t, w.where()+" exporting")
	w.redListOfMap(red)
	return red
}

// redListOfMap downloads the battle map's red list (every red item is in
// the file, with its unit) and follows the map's link back to them.
func (w *walker) redListOfMap(red []duban.Assignment) {
	w.t.Helper()
	w.nav("/plans")
	w.clickLink("#plans", fmt.Sprintf("/plans/%d", w.plan))
	w.checkPage("")
	f, err := excelize.OpenReader(bytes.NewReader(w.download("#export-red")))
	if err != nil {
		w.t.Fatalf("%s: the battle map's red list does not open: %v", w.where(), err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		w.t.Fatal(err)
	}
	var cells []string
	for _, r := range rows {
		cells = append(cells, strings.Join(r, "|"))
	}
	for _, a := range red {
		if !slices.ContainsFunc(cells, func(r string) bool { return strings.Contains(r, a.TaskTitle) && strings.Contains(r, a.Unit.Name) }) {
			w.t.Errorf("%s: the battle map's red list lacks %s of %s", w.where(), a.TaskTitle, a.Unit.Name)
		}
	}
	w.watch.check(w.t, w.where()+" exporting the map's red list")
	// Back to the red items in the ledger, from the map's link.
	w.follow(chromedp.Click(chromedp.ID("red-ledger")))
	if n := w.count(".ledger-flat tbody tr"); n != len(red) {
		w.t.Errorf("%s: the map's link to the red items lists %d, want %d", w.where(), n, len(red))
	}
	w.checkPage("")
}

// issueNotice issues a 督办单 on a red item of the list, confirming when
// one already awaits its reply, then previews, prints and downloads it.
func (w *walker) issueNotice(red []duban.Assignment) {
	w.t.Helper()
	var item duban.Assignment
	for _, a := range red {
		if !w.day.used[a.ID] && a.Status != duban.StatusClosureRequested {
			item = a
			break
		}
	}
	if item.ID == 0 {
		w.t.Fatal("no red item left for a 督办单")
	}
	w.day.used[item.ID] = true
	w.clickLink(".ledger-flat", fmt.Sprintf("/assignments/%d", item.ID))
	w.checkPage(item.TaskTitle)
	previews := `#escalations .esc-doc a[href*="/notices/"]:not([href$=".docx"])`
	old := eval[[]string](w.site, `Array.from(document.querySelectorAll(`+jsString(previews)+`), a => a.getAttribute("href"))`)
	w.openDetails("act-escalate")
	w.setField("es-level", "notice")
	w.setField("es-due", today().AddDays(10).String())
	w.do(chromedp.SendKeys(chromedp.ID("es-note"), w.say("请于回复时限前书面说明逾期原因和整改计划。", "Explain in writing why the item is late and how it will be finished.")))
	if w.count("#es-pending") == 1 {
		w.do(chromedp.Click(chromedp.CSS(`#es-pending input[name="confirm_second"]`)))
	}
	w.submit("#act-escalate")
	// A unit without accounts gets it on paper, and the lead office is told.
	want := w.say("督办已下发。", "The supervision step was issued.")
	if users, err := w.db.ListUsers(context.Background(), duban.System, duban.UserFilter{UnitID: &item.Unit.ID}); err != nil {
		w.t.Fatal(err)
	} else if len(users.Items) == 0 {
		want = w.say("已督办，但该单位尚无系统账号，未能在线送达：请以电话或书面方式送达，并为该单位开设账号。",
			"Recorded, but the unit has no account to receive it online: deliver it by phone or on paper, and open accounts for the unit.")
	}
	if got := w.flash(); got != want {
		w.t.Fatalf("%s: after issuing the 督办单: flash %q, want %q (errors %q)", w.where(), got, want, w.texts(".error, .field-error"))
	}
	now := eval[[]string](w.site, `Array.from(document.querySelectorAll(`+jsString(previews)+`), a => a.getAttribute("href"))`)
	var added []string
	for _, h := range now {
		if !slices.Contains(old, h) {
			added = append(added, h)
		}
	}
	if len(added) != 1 {
		w.t.Fatalf("%s: after issuing, new notices %q, want one", w.where(), added)
	}
	w.checkPage("")
	w.clickLink("#escalations", added[0])
	w.printNotice()
}

// printNotice checks the 督办单's preview, prints it and downloads it.
func (w *walker) printNotice() {
	w.t.Helper()
	w.checkPage(w.say("督办单", "Supervision notice"))
	number := w.text(".adm-doc-number")
	if !strings.Contains(w.text("main h1"), number) || number == "" {
		w.t.Errorf("%s: the preview's number %q is not the heading's %q", w.where(), number, w.text("main h1"))
	}
	w.do(chromedp.Evaluate[chromedp.Void](`window.printed = 0; window.print = () => { window.printed++; }`),
		chromedp.Click(chromedp.ID("notice-print")))
	if n := eval[int](w.site, `window.printed`); n != 1 {
		w.t.Errorf("%s: the print button printed %d times", w.where(), n)
	}
	w.media("print")
	if n := eval[int](w.site, `[".topbar", ".sidenav", "#notice-print", ".adm-crumbs", ".sys-head"].filter(q => { const e = document.querySelector(q); return e && getComputedStyle(e).display !== "none"; }).length`); n != 0 {
		w.t.Errorf("%s: printing shows %d parts besides the document", w.where(), n)
	}
	w.media("")
	w.shot("lead-notice", "")
	docx := w.download("#notice-docx")
	if !bytes.HasPrefix(docx, []byte("PK")) {
		w.t.Errorf("%s: the downloaded 督办单 is not a DOCX (%d bytes)", w.where(), len(docx))
	}
	w.watch.check(w.t, w.where()+" downloading")
}

// assignToNewUnit adds the administrator's new unit to a measure on the
// plan's edit page, finds the draft in the ledger and assigns it.
func (w *walker) assignToNewUnit() {
	w.t.Helper()
	if w.day.unit == 0 {
		w.t.Fatal("the administrator's walk made no unit to assign to")
	}
	w.nav("/documents")
	w.clickLink(".adm-plan-links", fmt.Sprintf("/plans/%d/edit", w.plan))
	w.checkPage("")
	add := `.adm-task .adm-actions a[href*="form=unit"]`
	if w.count(add) == 0 {
		w.t.Fatalf("%s: no measure offers to add a unit", w.where())
	}
	w.follow(chromedp.Click(chromedp.CSS(add)))
	w.setField("f-unit", fmt.Sprint(w.day.unit))
	w.submit(".adm-item-form")
	if got := w.flash(); !strings.Contains(got, w.day.unitName) {
		w.t.Fatalf("%s: after adding the unit: flash %q (errors %q)", w.where(), got, w.texts(".error, .field-error"))
	}
	w.checkPage("")

	w.nav("/ledger")
	w.setField("lf-status", "draft")
	w.submit(".ledger-filters")
	link := eval[string](w.site, `(() => {
	  const tr = Array.from(document.querySelectorAll(".ledger-flat tbody tr")).find(tr => tr.querySelector(".lg-unit").textContent.includes(`+jsString(w.day.unitName)+`));
	  return tr ? tr.querySelector(".title-cell a").getAttribute("href") : "";
	})()`)
	if link == "" {
		w.t.Fatalf("%s: the drafts do not list the new unit's item (rows %q)", w.where(), w.texts(".ledger-flat tbody tr"))
	}
	w.clickLink(".ledger-flat", link)
	w.statusIs(duban.StatusDraft)
	w.submit(`form[action$="/do/assign"]`)
	if got, want := w.flash(), w.say("已交办。", "Assigned."); got != want {
		w.t.Errorf("%s: after assigning: flash %q, want %q", w.where(), got, want)
	}
	w.statusIs(duban.StatusAssigned)
	w.checkPage("")
	w.shot("lead-assigned", "")
}

// inspectorDay: the inspection office reads the round overview and goes
// down to the plan's battle map.
func (w *walker) inspectorDay() {
	all := w.assignments(duban.AssignmentFilter{})
	closed := 0
	for _, a := range all {
		if a.Status == duban.StatusClosed {
			closed++
		}
	}
	w.login("xsb", "duban-demo")
	w.checkPage("")
	w.nav("/overview")
	w.checkPage(w.say("巡视整改总览", "Round overview"))
	row := `.dash-round tbody tr:has(th a[href="/plans/` + fmt.Sprint(w.plan) + `"])`
	if got, want := w.text(row+" .dash-rate-num"), pct(float64(closed)/float64(len(all))); got != want {
		w.t.Errorf("%s: the overview shows a closure rate of %s, the store has %d of %d closed (%s)", w.where(), got, closed, len(all), want)
	}
	w.shot("inspector-overview", "")
	w.clickLink(row+" th", fmt.Sprintf("/plans/%d", w.plan))
	w.checkCharts(leadCharts...)
	w.checkPage("")
}

// closureShown checks what a closure form (the leader's sign-off, the lead
// office's verification) shows of the request: the liaison's summary, the
// evidence, which opens as the PDF it is, and both above the form's button,
// on the phone too.
func (w *walker) closureShown(form, what string) {
	w.t.Helper()
	if got := w.text(form + " .signoff-request .prose"); got != "成果转化工作方案已印发执行，整改完成。" {
		w.t.Errorf("%s: the %s form shows the summary %q", w.where(), what, got)
	}
	evidence := form + ` .signoff-request a[href^="/attachments/"]`
	if got := w.texts(evidence); !slices.Equal(got, []string{w.day.evidence}) {
		w.t.Errorf("%s: the %s form lists the evidence %q, want %s", w.where(), what, got, w.day.evidence)
	} else if got := w.fetched(eval[string](w.site, `document.querySelector(`+jsString(evidence)+`).href`)); !strings.HasPrefix(got, "200 application/pdf %PDF") {
		w.t.Errorf("%s: opening the evidence: %q", w.where(), got)
	}
	if above := eval[bool](w.site, `document.querySelector(`+jsString(form+" .signoff-request")+`).getBoundingClientRect().bottom <= document.querySelector(`+jsString(form+" button[type=submit]")+`).getBoundingClientRect().top`); !above {
		w.t.Errorf("%s: the %s button comes before the summary and evidence", w.where(), what)
	}
}

// closureTodo signs in as user and finds the day's closure among the to-dos
// of the 工作台, marked by tag; it returns the selector of its link, and
// fails the walk with missing and the item when it is not there.
func (w *walker) closureTodo(user, tag, missing string) string {
	w.t.Helper()
	href := fmt.Sprintf("/assignments/%d", w.day.closure)
	w.login(user, "duban-demo")
	w.checkPage(w.say("今日待办", "Waiting for you today"))
	todo := fmt.Sprintf(`#todos tr:has(.%s) a[href=%s]`, tag, jsString(href))
	if w.count(todo) != 1 {
		w.t.Fatalf("%s: %s %s", w.where(), missing, href)
	}
	return todo
}
