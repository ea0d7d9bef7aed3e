package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
)

// ledgerPost handles a form: success flashes and goes back to the page
// (303); a refused form re-renders the page with the form as typed and
// its errors next to the fields.
func (s *Server) ledgerPost(form string, act ledgerAct) pageHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		name := form
		if name == "" {
			name = r.PathValue("action")
		}
		sub, _ := strconv.ParseInt(r.PathValue("sub"), 10, 64)
		if isMultipart(r) {
			// Files are refused before any byte of them is read.
			if err := s.checkUpload(r, id); err != nil {
				return err
			}
		}
		v, err := ledgerReadValues(w, r)
		if err == nil {
			var key string
			if key, err = act(r, id, sub, v); err == nil {
				flash(w, flashText(r, key))
				http.Redirect(w, r, fmt.Sprintf("/assignments/%d", id), http.StatusSeeOther)
				return nil
			}
		}
		code := duban.ErrorCode(err)
		if code == duban.NotFound || code == duban.Internal {
			return err
		}
		msg, fields := formError(lang(r), err)
		status := problemStatus[code]
		if status == 0 {
			status = http.StatusBadRequest
		}
		f := &ledgerForm{Name: name, Target: sub, Failed: true, Message: msg, Fields: fields, Values: v}
		return s.ledgerRenderAssignment(w, r, id, f, status)
	}
}

// ledgerReadValues parses a form, multipart (with files) or not.
func ledgerReadValues(w http.ResponseWriter, r *http.Request) (ledgerValues, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReportForm)
	var err error
	if isMultipart(r) {
		err = r.ParseMultipartForm(32 << 20)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return ledgerValues{}, duban.Errorf(badRequest, "无法读取提交的表单，或超过%dMB上限", maxReportForm>>20)
	}
	g := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	v := ledgerValues{Period: g("period"), Content: g("content"), WorkDate: g("work_date"), Summary: g("summary"), Reason: g("reason"),
		NewDeadline: g("new_deadline"), Comment: g("comment"), Decision: g("decision"), Level: g("level"), MeetingID: g("meeting_id"),
		Note: g("note"), ReplyDue: g("reply_due"), Reply: g("reply"), DueDate: g("due_date"), Campaign: g("campaign"), Result: g("result"),
		PhaseComplete: g("phase_complete") != ""}
	v.Version, _ = strconv.Atoi(g("version"))
	return v, nil
}

// ledgerDate parses a typed date, recording a problem with the field.
func ledgerDate(p duban.Problems, field, s string, required bool) duban.Date {
	d, err := duban.ParseDate(s)
	if err != nil {
		p.Add(field, duban.ErrorMessage(err))
	} else if required && d.IsZero() {
		p.Add(field, "必填")
	}
	return d
}

func (s *Server) ledgerActReport(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	x := &duban.Report{AssignmentID: id, Period: v.Period, Content: v.Content, WorkDate: ledgerDate(p, "work_date", v.WorkDate, false)}
	for f, m := range duban.ErrorFields(x.Validate()) {
		p.Add(f, m)
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	if s.files == nil && r.MultipartForm != nil && len(r.MultipartForm.File["files"]) > 0 {
		return "", &duban.Error{Code: duban.Invalid, Message: "本实例未配置佐证材料存储", Fields: map[string]string{"files": "本实例未配置佐证材料存储"}}
	}
	ups, discard, err := s.stageEvidence(r)
	defer discard()
	if err != nil {
		return "", err
	}
	if err := s.db.CreateReportWithFiles(r.Context(), principal(r), x, ups); err != nil {
		return "", err
	}
	if len(x.Warnings) > 0 {
		return "ledger.flash.report.again", nil
	}
	return "ledger.flash.report", nil
}

func (s *Server) ledgerActRevise(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	work := ledgerDate(p, "work_date", v.WorkDate, false)
	if v.Content == "" {
		p.Add("content", "请填写整改进展")
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.ReviseReport(r.Context(), principal(r), sub, 0, v.Content, work)
	return "ledger.flash.revise", err
}

func (s *Server) ledgerActReview(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	rv, key := duban.ReportReview{Review: duban.ReviewAccepted, Comment: v.Comment}, "ledger.flash.accepted"
	if v.Decision == "return" {
		rv.Review, key = duban.ReviewReturned, "ledger.flash.returned"
	}
	_, err := s.db.ReviewReport(r.Context(), principal(r), sub, v.Version, rv)
	return key, err
}

func (s *Server) ledgerActTransition(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	act := duban.Action(r.PathValue("action"))
	if _, ok := duban.ActionNames[act]; !ok {
		return "", duban.Errorf(duban.NotFound, "没有“%s”这一操作", string(act))
	}
	p := duban.Problems{}
	in := duban.TransitionInput{Reason: v.Reason, Summary: v.Summary, PhaseComplete: v.PhaseComplete,
		NewDeadline: ledgerDate(p, "new_deadline", v.NewDeadline, false)}
	if err := p.Err(); err != nil {
		return "", err
	}
	if act == duban.ActionRequestClosure {
		ups, discard, err := s.stageEvidence(r)
		defer discard()
		if err != nil {
			return "", err
		}
		_, err = s.db.RequestClosureWithFiles(r.Context(), principal(r), id, v.Version, in.Summary, ups)
		return "ledger.flash." + string(act), err
	}
	_, err := s.db.Transition(r.Context(), principal(r), id, v.Version, act, in)
	return withNote("ledger.flash."+string(act), s.restDayNoteOn(r, "adm.flash.restday", in.NewDeadline)), err
}

func (s *Server) ledgerActEscalate(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	in := store.EscalationInput{Level: duban.Level(v.Level), Note: v.Note, ReplyDue: ledgerDate(p, "reply_due", v.ReplyDue, false)}
	if v.MeetingID != "" {
		mid, err := strconv.ParseInt(v.MeetingID, 10, 64)
		if err != nil {
			p.Add("meeting_id", "无效")
		}
		in.MeetingID = &mid
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	if in.Level == duban.LevelNotice && r.PostFormValue("confirm_second") == "" {
		if err := s.noSecondNotice(r, id); err != nil {
			return "", err
		}
	}
	e, err := s.db.Escalate(r.Context(), principal(r), id, in)
	note := s.restDayNoteOn(r, "adm.flash.restday.reply", in.ReplyDue)
	if err == nil && e.Undelivered {
		return withNote("sys.notice.undelivered", note), nil
	}
	return withNote("ledger.flash.escalate", note), err
}

// noSecondNotice returns Conflict when a 督办单 of the item still awaits
// its reply: another is issued only when the lead office confirms it.
func (s *Server) noSecondNotice(r *http.Request, id int64) error {
	es, err := s.db.ListEscalations(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.Level == duban.LevelNotice && e.RepliedAt == nil {
			msg := fmt.Sprintf(translate(lang(r), "sys.notice.pending"), e.Number, dateIn(lang(r), e.ReplyDue))
			return &duban.Error{Code: duban.Conflict, Message: msg, Fields: map[string]string{"confirm_second": translate(lang(r), "sys.notice.confirm")}}
		}
	}
	return nil
}

func (s *Server) ledgerActReply(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	_, err := s.db.ReplyEscalation(r.Context(), principal(r), sub, v.Reply)
	return "ledger.flash.reply", err
}

func (s *Server) ledgerActExtension(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	d := ledgerDate(p, "new_deadline", v.NewDeadline, true)
	if v.Reason == "" {
		p.Add("reason", "必填")
	}
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.RequestExtension(r.Context(), principal(r), id, d, v.Reason)
	return withNote("ledger.flash.extension", s.restDayNoteOn(r, "adm.flash.restday", d)), err
}

func (s *Server) ledgerActDecide(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	approve := v.Decision == "approve"
	e, err := s.db.DecideExtension(r.Context(), principal(r), sub, approve, v.Comment)
	if approve && err == nil {
		return withNote("ledger.flash.approved", s.restDayNoteOn(r, "adm.flash.restday", e.NewDeadline)), nil
	}
	if approve {
		return "ledger.flash.approved", err
	}
	return "ledger.flash.refused", err
}

func (s *Server) ledgerActSchedule(r *http.Request, id, _ int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	due := ledgerDate(p, "due_date", v.DueDate, true)
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.ScheduleLookbacks(r.Context(), principal(r), 0, id, due, v.Campaign)
	return "ledger.flash.lookback", err
}

func (s *Server) ledgerActLookback(r *http.Request, _, sub int64, v ledgerValues) (string, error) {
	p := duban.Problems{}
	d := ledgerDate(p, "new_deadline", v.NewDeadline, false)
	if err := p.Err(); err != nil {
		return "", err
	}
	_, err := s.db.RecordLookback(r.Context(), principal(r), sub, duban.LookbackResult(v.Result), v.Note, d)
	return withNote("ledger.flash.result", s.restDayNoteOn(r, "adm.flash.restday", d)), err
}
