package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/chromedp/chromedp"

	"duban/internal/duban"
)

// pick returns the first assignment matching ok that no walk on this
// server has changed yet, and marks it as taken.
func (w *walker) pick(what string, ok func(duban.Assignment) bool) duban.Assignment {
	w.t.Helper()
	for _, a := range w.assignments(duban.AssignmentFilter{}) {
		if ok(a) && !w.day.used[a.ID] {
			w.day.used[a.ID] = true
			return a
		}
	}
	w.t.Fatalf("the demo has no %s left for this walk", what)
	return duban.Assignment{}
}

// statusIs asserts the status the assignment page shows, by its class.
func (w *walker) statusIs(s duban.Status) {
	w.t.Helper()
	if n := w.count(".asg-sub .st-" + string(s)); n != 1 {
		w.t.Errorf("%s: the page shows status %q, want %s", w.where(), w.status(), s)
	}
}

// liaisonDay: the liaison of 省科技厅 finds an item in the unit's ledger,
// reports on it with a file, asks to close it with evidence; asks to close
// a second item and withdraws that request.
func (w *walker) liaisonDay() {
	kjt := func(a duban.Assignment) bool {
		return a.Unit.Name == "省科技厅" && a.Status == duban.StatusInProgress
	}
	item := w.pick("item of 省科技厅 in progress", kjt)
	other := w.pick("second item of 省科技厅 in progress", kjt)
	href := fmt.Sprintf("/assignments/%d", item.ID)

	w.login("kjt", "duban-demo")
	w.checkPage(w.say("今日待办", "Waiting for you today"))
	w.nav("/ledger")
	w.checkPage(w.say("本单位整改事项", "My unit's rectification items"))
	for _, u := range w.texts(".ledger-tree .lg-unit a") {
		if u != "省科技厅" {
			w.t.Errorf("%s: the liaison of 省科技厅 sees an item of %q", w.where(), u)
		}
	}
	w.shot("liaison-ledger", "")
	w.clickLink(".ledger-tree", href)
	w.checkPage(item.TaskTitle)
	w.statusIs(duban.StatusInProgress)

	// A report without its text is refused, the form kept with the
	// field's error; the file is chosen again.
	w.setField("rp-period", today().String()[:7])
	w.do(chromedp.SetUploadFiles(chromedp.ID("rp-files"), []string{w.pdfFile("工作方案.pdf")}))
	w.submit("#act-report")
	w.watch.expect(w.t, "HTTP 422 for Document")
	if got := w.text("#rp-content-err"); got == "" || (!w.en() && got != "请填写整改进展") {
		w.t.Errorf("%s: a report without its text: the field says %q", w.where(), got)
	}
	if got := eval[string](w.site, `document.getElementById("rp-period").value`); got != today().String()[:7] {
		w.t.Errorf("%s: the refused form lost its period (%q)", w.where(), got)
	}
	w.checkPage("")

	// A report with a file, through the drop zone's file input.
	w.day.report = w.say("已召开厅务会专题研究成果转化，印发工作方案。", "The office met on technology transfer and issued a work plan.")
	w.do(chromedp.SendKeys(chromedp.ID("rp-content"), w.day.report),
		chromedp.SetUploadFiles(chromedp.ID("rp-files"), []string{w.pdfFile("工作方案.pdf")}))
	if got := w.texts("#act-report .dz-list li"); len(got) != 1 || !strings.HasPrefix(got[0], "工作方案.pdf") {
		w.t.Errorf("%s: the drop zone lists %q, want the chosen PDF", w.where(), got)
	}
	w.shot("liaison-report", "#act-report")
	w.submit("#act-report")
	if got := w.flash(); !strings.HasPrefix(got, w.say("进展已报送", "The report is in")) {
		w.t.Errorf("%s: after reporting: flash %q", w.where(), got)
	}
	if got := w.text("#reports .report .prose"); got != w.day.report {
		w.t.Errorf("%s: the newest report reads %q, want %q", w.where(), got, w.day.report)
	}
	if got := w.texts("#reports .report:first-of-type .files a"); !slices.Equal(got, []string{"工作方案.pdf"}) {
		w.t.Errorf("%s: the new report's files are %q", w.where(), got)
	}
	// The period has its report: the form waits closed, and says so when opened.
	if eval[bool](w.site, `document.getElementById("act-report").open`) || w.count("#rp-again") != 1 {
		w.t.Errorf("%s: after this period's report the report form is still open, or does not say the period is reported", w.where())
	}
	w.checkPage("")

	w.requestClosure(item.ID, "成果转化工作方案已印发执行，整改完成。", "转化合同登记表.pdf")
	w.day.closure, w.day.evidence = item.ID, "转化合同登记表.pdf"
	w.withdrawClosure(other)
}

// requestClosure asks, on the assignment's page, to close it with a summary
// and, when file is not "", a file of evidence.
func (w *walker) requestClosure(id int64, summary, file string) {
	w.t.Helper()
	w.openDetails("act-closure")
	w.do(chromedp.WaitVisible(chromedp.ID("rc-summary")), chromedp.SendKeys(chromedp.ID("rc-summary"), summary))
	if file != "" {
		w.do(chromedp.SetUploadFiles(chromedp.ID("rc-files"), []string{w.pdfFile(file)}))
	}
	w.submit("#act-closure")
	if got, want := w.flash(), w.say("销号申请已提交，待领导签批。", "Closure requested; it awaits the leader's sign-off."); got != want {
		w.t.Fatalf("%s: after requesting closure: flash %q, want %q (errors %q)", w.where(), got, want, w.texts(".error, .field-error"))
	}
	w.statusIs(duban.StatusClosureRequested)
	if got := eval[int](w.site, `Array.from(document.querySelectorAll(".steps li")).findIndex(e => e.classList.contains("step-current"))`); got != 1 {
		w.t.Errorf("%s: after requesting closure the current step is #%d, want the leader's sign-off (#1)", w.where(), got)
	}
	if file != "" {
		if got := w.texts("#closure .closure-request a"); !slices.Equal(got, []string{file}) {
			w.t.Errorf("%s: the closure request's evidence reads %q, want %s", w.where(), got, file)
		}
	}
	if w.count("#act-closure") != 0 || w.count("#act-withdraw") != 1 {
		w.t.Errorf("%s: after requesting closure: want the withdraw form and no second request", w.where())
	}
	if a := w.assignment(id); a.Status != duban.StatusClosureRequested {
		w.t.Errorf("after requesting closure the store has status %s", a.Status)
	}
	w.checkPage("")
	if file != "" {
		w.shot("liaison-closure", "#closure")
	}
}

// withdrawClosure asks to close a second item from the unit's ledger and
// withdraws the request, saying why.
func (w *walker) withdrawClosure(a duban.Assignment) {
	w.t.Helper()
	w.nav("/ledger")
	w.clickLink(".ledger-tree", fmt.Sprintf("/assignments/%d", a.ID))
	w.requestClosure(a.ID, "经自查已完成。", "")
	w.openDetails("act-withdraw")
	w.do(chromedp.SendKeys(chromedp.ID("wd-reason"), w.say("佐证材料不全，补充后再申请。", "The evidence is incomplete; we will ask again with all of it.")))
	w.confirming()
	w.follow(chromedp.Click(chromedp.CSS("#act-withdraw button[type=submit]")))
	if got, want := w.flash(), w.say("销号申请已撤回，事项回到整改中。", "The closure request is withdrawn; the item is in progress again."); got != want {
		w.t.Errorf("%s: after withdrawing: flash %q, want %q", w.where(), got, want)
	}
	if got := eval[string](w.site, `sessionStorage.asked || ""`); got == "" {
		w.t.Errorf("%s: withdrawing did not ask to confirm", w.where())
	}
	w.statusIs(duban.StatusInProgress)
	if w.count("#act-closure") != 1 {
		w.t.Errorf("%s: after withdrawing the item cannot be asked to close again", w.where())
	}
	if got := w.text("#closure .closure-request .tag"); got != w.say("已撤回", "Withdrawn") {
		w.t.Errorf("%s: the withdrawn request is marked %q", w.where(), got)
	}
	w.checkPage("")
}

// leaderDay: the leader of 省科技厅 opens the request from the inbox, reads
// the summary and the evidence in the form, and signs off with an opinion.
func (w *walker) leaderDay() {
	if w.day.closure == 0 {
		w.t.Fatal("the liaison's walk left no closure request to sign off")
	}
	todo := w.closureTodo("kjt-leader", "tag-signoff", "the leader's inbox does not ask to sign off")
	w.follow(chromedp.Click(chromedp.CSS(todo)))
	w.checkPage("")
	w.closureShown("#act-signoff", "sign-off")
	opinion := w.say("同意销号，请整改办审核。", "Agreed; over to the lead office.")
	w.do(chromedp.SendKeys(chromedp.ID("so-opinion"), opinion))
	w.shot("leader-signoff", "#act-signoff")
	w.confirming()
	w.submit("#act-signoff")
	if got, want := w.flash(), w.say("已签批，待整改办审核销号。", "Signed off; the lead office verifies next."); got != want {
		w.t.Errorf("%s: after signing off: flash %q, want %q", w.where(), got, want)
	}
	if got := eval[string](w.site, `sessionStorage.asked || ""`); got == "" {
		w.t.Errorf("%s: signing off did not ask to confirm", w.where())
	}
	if got := w.text("#closure"); !strings.Contains(got, opinion) {
		w.t.Errorf("%s: the closure record lacks the leader's opinion: %q", w.where(), got)
	}
	if a := w.assignment(w.day.closure); a.Status != duban.StatusClosureRequested || !a.SignedOff {
		w.t.Errorf("after signing off the store has status %s, signed off %v", a.Status, a.SignedOff)
	}
	w.checkPage("")
}

// publicDay: someone without an account writes to the lead office from the
// public portal, gets a receipt number, and later looks it up.
func (w *walker) publicDay() {
	w.open("/public")
	w.checkPage(w.say("巡视整改进展情况通报", "Rectification progress notices"))
	w.follow(chromedp.Click(chromedp.CSS(`.adm-pub-aside a[href="/public/feedback"]`)))
	w.checkPage(w.say("意见建议", "Send feedback"))
	feedback := w.say("建议公开科技成果转化项目的进展，便于群众监督。", "Please publish how the technology transfer projects progress.")
	w.do(chromedp.SendKeys(chromedp.ID("pf-name"), "李群众"),
		chromedp.SendKeys(chromedp.ID("pf-contact"), "13800000000"),
		chromedp.SendKeys(chromedp.ID("pf-content"), feedback))
	w.shot("public-feedback", "")
	w.submit(".adm-pub-fb form")
	receipt := w.text("#receipt-result b")
	if got := w.flash(); !strings.HasPrefix(receipt, "YJ") || !strings.Contains(got, receipt) {
		w.t.Fatalf("%s: after sending feedback: flash %q, receipt %q", w.where(), got, receipt)
	}
	w.checkPage("")

	// Later, from the portal, the number alone finds it.
	w.open("/public")
	w.follow(chromedp.Click(chromedp.CSS(`.adm-pub-aside a[href="/public/feedback/status"]`)))
	w.checkPage(w.say("查询办理情况", "Look up a message"))
	w.do(chromedp.SendKeys(chromedp.ID("fr-receipt"), receipt))
	w.follow(chromedp.Submit(chromedp.ID("fr-receipt")))
	if got := w.text("#receipt-result b"); got != receipt {
		w.t.Errorf("%s: looking up %s shows %q", w.where(), receipt, got)
	}
	if got := w.text("#receipt-result .tag"); got != w.say("待处理", "New") {
		w.t.Errorf("%s: the receipt's status reads %q, want it new", w.where(), got)
	}
	w.checkPage("")
	w.shot("public-receipt", "")
	fb, err := w.db.ListFeedback(context.Background(), duban.System, duban.FeedbackFilter{Page: duban.Page{Limit: 500}})
	if err != nil {
		w.t.Fatal(err)
	}
	if !slices.ContainsFunc(fb.Items, func(f duban.Feedback) bool { return f.Content == feedback && f.Receipt == receipt }) {
		w.t.Errorf("the store has no feedback %q with receipt %s", feedback, receipt)
	}
}
