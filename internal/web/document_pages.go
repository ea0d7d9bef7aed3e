package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"duban/internal/duban"
	"duban/internal/notice"
	"duban/internal/report"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// writeLedger writes the ledger of the outline f chooses, as p may see it,
// to w a batch of rows at a time, and returns the outline's meta and nodes.
func (s *Server) writeLedger(ctx context.Context, w io.Writer, p *duban.Principal, f store.OutlineFilter) (*duban.Outline, error) {
	var out *duban.Outline
	err := s.db.ScanOutline(ctx, p, f, func(o *duban.Outline, scan duban.OutlineScan) error {
		out = o
		return xlsx.WriteLedgerScan(w, o, scan, xlsx.WriteOptions{Title: duban.LedgerTitle(o.Meta.Title), AsOf: o.Meta.AsOf})
	})
	return out, err
}

// ledgerDownload streams a plan's ledger (optionally one unit's share) as .xlsx.
func (s *Server) ledgerDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := adminPathID(r, "id")
	if err != nil {
		return err
	}
	c := newAdmChecks(r)
	asOf := c.date("asof", r.URL.Query().Get("asof"))
	if err := c.err(nil); err != nil {
		return err
	}
	var buf bytes.Buffer
	o, err := s.writeLedger(r.Context(), &buf, principal(r), store.OutlineFilter{PlanID: id, UnitID: admFormID(r.URL.Query().Get("unit")), AsOf: asOf})
	if err != nil {
		return err
	}
	name := s.ledgerFileName(r.Context(), duban.LedgerTitle(o.Meta.Title), admFormID(r.URL.Query().Get("unit")), o.Meta.AsOf)
	if err := s.recordExport(r, "ledger.xlsx", "plan", id); err != nil {
		return err
	}
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, buf.Bytes())
}

// noticeDownload serves a plan's notice as of a date as DOCX or Markdown.
func (s *Server) noticeDownload(format string) pageHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := adminPathID(r, "id")
		if err != nil {
			return err
		}
		q, c := r.URL.Query(), newAdmChecks(r)
		asOf := c.date("asof", q.Get("asof"))
		if err := c.err(nil); err != nil {
			return err
		}
		opt, err := report.ParseNoticeOptions(q.Get("unfinished"), q.Get("by_aspect"))
		if err != nil {
			return err
		}
		doc, err := report.NoticeOf(r.Context(), s.db, principal(r), id, asOf, q.Get("contact"), opt)
		if err != nil {
			return err
		}
		if err := s.recordExport(r, "notice."+format, "plan", id); err != nil {
			return err
		}
		if format == "md" {
			return writeDownload(w, "text/markdown; charset=utf-8", "整改进展情况的通报.md", []byte(report.Markdown(doc)))
		}
		return writeDoc(w, doc, "docx", "整改进展情况的通报")
	}
}

// ---- documents ----

// documentsData is the import / export / notice page.
type documentsData struct {
	Base
	Plans       []duban.Plan // those the caller manages
	Units       []duban.Unit
	Import      importValues
	Preview     *importView
	NoticeForm  noticeValues
	Notice      *noticeView
	NoticeError string
	Published   []store.PublishedNotice
	Error       string
	Fields      map[string]string
}

type importValues struct {
	Plan         int64
	Owner, Title string
}

type noticeValues struct {
	Plan                      int64
	AsOf, Contact, Unfinished string
	ByAspect                  bool
}

type noticeView struct {
	Doc                             *duban.Document
	Plan                            int64
	AsOf                            string
	DocxHref, MarkdownHref, Contact string
	Unfinished                      string
	ByAspect                        bool
}

// importView is the preview of an uploaded ledger or notice.
type importView struct {
	Name, Kind                               string
	Upload                                   string // the token the file is held under for the confirm
	Aspects, Problems, Subproblems, Measures int
	Meta                                     duban.OutlineMeta
	Stated                                   []admStatedRow
	Checks, Unplaced                         []string
	Errors, Warnings                         []xlsx.CellError
	Counts                                   []admCountRow
	Changes, NewUnits                        []string
	MatchedUnits                             []store.UnitMatch // units the file names otherwise, taken for existing ones
	NoChange                                 bool              // the plan already holds the file: nothing to write
	RestDays                                 []string          // the import's warnings: deadlines on rest days, progress not kept
	ChangesMore, RestDaysMore                int               // how many more there are than the page lists (previewLines)
	PlanID                                   int64
	Problem                                  string
	ProblemFields                            []string
	CanConfirm                               bool
}

type admStatedRow struct {
	Label         string
	Stated, Found int
	OK            bool
}

type admCountRow struct {
	Label                       string
	Created, Updated, Unchanged int
}

var admImportKeys = []string{"plans", "sources", "units", "aspects", "problems", "subproblems", "measures", "assignments", "assigned", "reports", "closures"}

// documentsData fills what every state of the documents page shows.
func (s *Server) documentsBase(r *http.Request) (documentsData, error) {
	if err := admRequireOffice(r, "导入导出文件"); err != nil {
		return documentsData{}, err
	}
	data := documentsData{Base: s.base(r, "adm.doc.title"), NoticeForm: noticeValues{AsOf: duban.DateOf(s.db.Now().In(duban.ChinaTime)).String()}}
	var err error
	if data.Plans, err = s.managedPlans(r); err != nil {
		return data, err
	}
	if data.Units, err = s.adminUnits(r); err != nil {
		return data, err
	}
	if len(data.Plans) > 0 {
		data.NoticeForm.Plan = data.Plans[0].ID
	}
	pub, err := s.db.PublishedNotices(r.Context(), duban.Page{Limit: 5})
	data.Published = pub.Items
	return data, err
}

// documentsPage shows the import, export and notice forms; with notice=1 in
// the query it also previews the notice of a plan as of a date.
func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.documentsBase(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Get("notice") == "" {
		return s.render(w, r, "documents.html", data)
	}
	c := newAdmChecks(r)
	v := noticeValues{Plan: admFormID(q.Get("plan")), AsOf: strings.TrimSpace(q.Get("asof")), Contact: strings.TrimSpace(q.Get("contact")),
		Unfinished: q.Get("unfinished"), ByAspect: q.Get("by_aspect") != ""}
	data.NoticeForm = v
	asOf := c.date("asof", v.AsOf)
	err = c.err(nil)
	var doc *duban.Document
	var opt report.NoticeOptions
	if err == nil {
		opt, err = report.ParseNoticeOptions(q.Get("unfinished"), q.Get("by_aspect"))
	}
	if err == nil {
		doc, err = report.NoticeOf(r.Context(), s.db, principal(r), v.Plan, asOf, v.Contact, opt)
	}
	if err != nil {
		if duban.ErrorCode(err) == duban.Internal {
			return err
		}
		data.NoticeError, data.Fields = formError(lang(r), err)
		return s.renderAdm(w, r, admStatus(err), "documents.html", data)
	}
	qs := url.Values{"asof": {asOf.String()}}
	if v.Contact != "" {
		qs.Set("contact", v.Contact)
	}
	qs.Set("unfinished", string(opt.Unfinished))
	if opt.ByAspect {
		qs.Set("by_aspect", "1")
	}
	data.Notice = &noticeView{Doc: doc, Plan: v.Plan, AsOf: asOf.String(), Contact: v.Contact, Unfinished: string(opt.Unfinished), ByAspect: opt.ByAspect,
		DocxHref: fmt.Sprintf("/plans/%d/notice.docx?%s", v.Plan, qs.Encode()), MarkdownHref: fmt.Sprintf("/plans/%d/notice.md?%s", v.Plan, qs.Encode())}
	return s.render(w, r, "documents.html", data)
}

// importPage takes an upload (or the confirmed preview) of a ledger or a
// notice: it shows what would be written, and writes it only on confirm.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.documentsBase(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload*4/3+1<<20)
	up, err := s.readImport(r)
	confirm := up.confirm
	data.Import = importValues{Plan: admFormID(r.FormValue("plan")), Owner: strings.TrimSpace(r.FormValue("owner")), Title: strings.TrimSpace(r.FormValue("title"))}
	if _, staged := r.PostForm["pv_plan"]; confirm && staged && (r.FormValue("pv_plan") != strconv.FormatInt(data.Import.Plan, 10) || r.FormValue("pv_owner") != data.Import.Owner || r.FormValue("pv_title") != data.Import.Title) {
		confirm = false // the choices changed since the preview: preview them first
	}
	if err == nil {
		data.Preview, err = s.previewImport(r, up.name, up.raw, data.Import, !confirm)
	}
	if err != nil {
		if duban.ErrorCode(err) == duban.Internal {
			return err
		}
		data.Error, data.Fields = formError(lang(r), err)
		if data.Fields == nil {
			data.Fields = map[string]string{"file": data.Error}
		}
		return s.renderAdm(w, r, admStatus(err), "documents.html", data)
	}
	pv := data.Preview
	if confirm && pv.Problem == "" && len(pv.Errors) == 0 {
		s.dropHeld(r, up)
	}
	if confirm && pv.Problem == "" && len(pv.Errors) == 0 && pv.NoChange {
		return admDone(w, r, admT(r, "adm.flash.nochange"), fmt.Sprintf("/plans/%d/edit", pv.PlanID))
	}
	if confirm && pv.Problem == "" && len(pv.Errors) == 0 {
		return admDone(w, r, admT(r, "adm.flash.imported", pv.Aspects, pv.Problems, pv.Measures), fmt.Sprintf("/plans/%d/edit", pv.PlanID))
	}
	status := http.StatusOK
	if len(pv.Errors) > 0 || pv.Problem != "" {
		status = http.StatusUnprocessableEntity
	}
	if len(pv.Errors) == 0 { // the page offers the confirm (with other choices after a problem)
		if pv.Upload, err = s.holdForConfirm(r, &up); err != nil {
			return err
		}
	}
	return s.renderAdm(w, r, status, "documents.html", data)
}

// importFile is a file to import: uploaded with the request, or held since
// its preview (store.HoldUpload).
type importFile struct {
	name    string
	raw     []byte
	held    string // the token it is held under, "" while it is not
	confirm bool   // the preview was confirmed: write it
}

// readImport returns the uploaded file (multipart field "file"), or the
// file a preview holds (its token in "upload") with confirm set. A client
// may also send the file back itself, base64 in "data".
func (s *Server) readImport(r *http.Request) (importFile, error) {
	missing := &duban.Error{Code: duban.Invalid, Message: "请选择要导入的文件", Fields: map[string]string{"file": "请选择要导入的文件"}}
	tooLarge := duban.Errorf(duban.Invalid, "文件读取失败或超过20MB上限")
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return importFile{}, tooLarge
		}
		f, h, err := r.FormFile("file")
		if err != nil {
			return importFile{}, missing
		}
		defer f.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(f); err != nil || buf.Len() > maxUpload {
			return importFile{}, tooLarge
		}
		return importFile{name: h.Filename, raw: buf.Bytes()}, nil
	}
	if err := r.ParseForm(); err != nil {
		return importFile{}, tooLarge
	}
	confirm := r.PostFormValue("confirm") == "1"
	if token := r.PostFormValue("upload"); token != "" {
		name, raw, err := s.db.HeldUpload(r.Context(), principal(r), token)
		if err != nil {
			return importFile{}, err
		}
		return importFile{name: name, raw: raw, held: token, confirm: confirm}, nil
	}
	raw, err := base64.StdEncoding.DecodeString(r.PostFormValue("data"))
	if err != nil || len(raw) == 0 {
		return importFile{}, missing
	}
	return importFile{name: r.PostFormValue("name"), raw: raw, confirm: confirm}, nil
}

// holdForConfirm holds the file for the preview's confirm, unless it is
// held already, and returns its token.
func (s *Server) holdForConfirm(r *http.Request, f *importFile) (string, error) {
	if f.held == "" {
		token, err := s.db.HoldUpload(r.Context(), principal(r), f.name, f.raw)
		if err != nil {
			return "", err
		}
		f.held = token
	}
	return f.held, nil
}

// dropHeld lets go of a held file once it is imported. A failure only
// leaves it for the hour it would be held anyway.
func (s *Server) dropHeld(r *http.Request, f importFile) {
	if f.held != "" {
		if err := s.db.DropUpload(context.WithoutCancel(r.Context()), principal(r), f.held); err != nil {
			s.log.Warn("held upload not dropped", "err", err)
		}
	}
}

// previewImport reads the file and runs the import, as a dry run unless
// dryRun is false (a new plan's ledger then written while it is read). A
// ledger with rejected cells is never imported.
func (s *Server) previewImport(r *http.Request, name string, raw []byte, in importValues, dryRun bool) (*importView, error) {
	v := &importView{Name: path.Base(name), Kind: "notice", Checks: []string{}}
	var o *duban.Outline
	var res *store.ImportResult
	var err error
	opt := store.ImportOptions{PlanID: in.Plan, Owner: in.Owner, PlanTitle: in.Title, DryRun: dryRun}
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx", ".xlsm", ".xls":
		v.Kind = "ledger"
		l, ierr := s.importLedger(r, raw, opt, &res)
		if l == nil {
			return nil, &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(ierr), Fields: map[string]string{"file": duban.ErrorMessage(ierr)}}
		}
		o, v.Errors, v.Warnings, err = l.Outline, reasonsIn(lang(r), l.Errors, cellReason), reasonsIn(lang(r), l.Warnings, cellReason), ierr
	default:
		read, rerr := notice.ReadFile(v.Name, raw)
		if rerr != nil {
			return nil, &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(rerr), Fields: map[string]string{"file": duban.ErrorMessage(rerr)}}
		}
		o, v.Unplaced, v.Checks = read.Outline, read.Unplaced, read.Check()
		opt.Notice = true
		res, err = s.db.ImportOutline(r.Context(), principal(r), o, opt)
	}
	v.Aspects, v.Problems, v.Subproblems, v.Measures = o.Counts()
	v.Meta = o.Meta
	found := map[string]int{"aspects": v.Aspects, "problems": v.Problems, "subproblems": v.Subproblems, "measures": v.Measures}
	for _, k := range []string{"aspects", "problems", "subproblems", "measures"} {
		if n, ok := o.Meta.Stated[k]; ok {
			v.Stated = append(v.Stated, admStatedRow{Label: admT(r, "adm.k."+k), Stated: n, Found: found[k], OK: n == found[k]})
		}
	}
	if len(v.Errors) > 0 {
		return v, nil
	}
	if err != nil {
		if c := duban.ErrorCode(err); c == duban.Internal || c == duban.Forbidden {
			return nil, err
		}
		v.Problem = errorMessageIn(lang(r), err)
		for f, m := range duban.ErrorFields(err) {
			if label := admT(r, "adm.field."+f); label != "adm.field."+f {
				m = label
			}
			v.ProblemFields = append(v.ProblemFields, textIn(lang(r), m))
		}
		slices.Sort(v.ProblemFields)
		return v, nil
	}
	v.PlanID, v.NewUnits, v.CanConfirm = res.PlanID, res.NewUnits, dryRun && !res.NoChange
	v.Changes, v.ChangesMore = firstLines(res.Changes)
	v.RestDays, v.RestDaysMore = firstLines(res.Warnings)
	v.Changes, v.RestDays = linesIn(lang(r), v.Changes), linesIn(lang(r), v.RestDays)
	v.MatchedUnits, v.NoChange = res.MatchedUnits, res.NoChange
	for _, k := range admImportKeys {
		if row := (admCountRow{Label: admT(r, "adm.k."+k), Created: res.Created[k], Updated: res.Updated[k], Unchanged: res.Unchanged[k]}); row.Created+row.Updated+row.Unchanged > 0 {
			v.Counts = append(v.Counts, row)
		}
	}
	return v, nil
}

// publishPage publishes the notice of a plan as of a date on the public portal.
func (s *Server) publishPage(w http.ResponseWriter, r *http.Request) error {
	if err := admRequireOffice(r, "发布通报"); err != nil {
		return err
	}
	c := newAdmChecks(r)
	planID, asOf := admFormID(r.PostFormValue("plan")), c.date("asof", r.PostFormValue("asof"))
	if err := c.err(nil); err != nil {
		return err
	}
	opt, err := report.ParseNoticeOptions(r.PostFormValue("unfinished"), r.PostFormValue("by_aspect"))
	if err != nil {
		return err
	}
	doc, err := report.NoticeOf(r.Context(), s.db, principal(r), planID, asOf, strings.TrimSpace(r.PostFormValue("contact")), opt)
	if err != nil {
		return err
	}
	n, err := s.db.PublishNotice(r.Context(), principal(r), planID, doc)
	if err != nil {
		return err
	}
	return admDone(w, r, admT(r, "adm.flash.published", n.Title), "/documents#published")
}

// ---- feedback triage ----

// previewLines is how many changes or rest-day reminders the preview of an
// import lists: a large ledger can have thousands (a 10,000-row one, some
// 2,700 deadlines on rest days), which made the page hundreds of KB. The
// count says how many there are.
const previewLines = 50

// cellReason points to a ledger cell's reason, for reasonsIn.
func cellReason(c *xlsx.CellError) *string { return &c.Reason }

// firstLines returns the first previewLines of lines and how many more
// there are.
func firstLines(lines []string) ([]string, int) {
	n := min(len(lines), previewLines)
	return lines[:n], len(lines) - n
}
