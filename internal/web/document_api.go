package web

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"duban/internal/docx"
	"duban/internal/duban"
	"duban/internal/notice"
	"duban/internal/report"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// maxUpload caps an uploaded ledger or notice.
const maxUpload = 20 << 20

// importPreview is what the import endpoints answer: the counts and
// metadata found, every rejected cell, and what was (or would be) written.
type importPreview struct {
	Aspects     int                 `json:"aspects"`
	Problems    int                 `json:"problems"`
	Subproblems int                 `json:"subproblems"`
	Measures    int                 `json:"measures"`
	Meta        duban.OutlineMeta   `json:"meta"`
	Checks      []string            `json:"checks"`
	Unplaced    []string            `json:"unplaced"`
	Errors      []xlsx.CellError    `json:"errors"`
	Warnings    []xlsx.CellError    `json:"warnings"` // columns of a ledger that are not imported
	Outline     *duban.Outline      `json:"outline"`
	Result      *store.ImportResult `json:"result"`
}

// readUpload returns the uploaded file: the "file" part of a multipart form,
// or the raw body.
func readUpload(w http.ResponseWriter, r *http.Request) (string, []byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		f, h, err := r.FormFile("file")
		if err != nil {
			return "", nil, &duban.Error{Code: duban.Invalid, Message: "请上传文件（表单字段 file）", Fields: map[string]string{"file": "必填"}}
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		return h.Filename, b, uploadErr(err)
	}
	b, err := io.ReadAll(r.Body)
	if err == nil && len(b) == 0 {
		return "", nil, &duban.Error{Code: duban.Invalid, Message: "请求体为空：请上传文件", Fields: map[string]string{"file": "必填"}}
	}
	return r.URL.Query().Get("filename"), b, uploadErr(err)
}

func uploadErr(err error) error {
	if err != nil {
		return duban.Errorf(badRequest, "文件读取失败或超过20MB上限")
	}
	return nil
}

func (s *Server) apiImport(kind string) apiHandler {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := newQuery(r)
		dryRun, plan := q.bool("dry_run"), q.id("plan")
		if err := q.err(); err != nil {
			return err
		}
		name, data, err := readUpload(w, r)
		if err != nil {
			return err
		}
		pv := &importPreview{Checks: []string{}, Unplaced: []string{}, Errors: []xlsx.CellError{}, Warnings: []xlsx.CellError{}}
		opt := store.ImportOptions{PlanID: plan, Owner: q.str("owner"), PlanTitle: q.str("title"), DryRun: dryRun, Notice: kind != "ledger"}
		if kind == "ledger" {
			l, ierr := s.importLedger(r, data, opt, &pv.Result)
			if l == nil {
				return duban.Errorf(duban.Invalid, "无法读取该 Excel 文件：请上传 .xlsx 格式的台账")
			}
			pv.Outline, err = l.Outline, ierr
			pv.Errors = append(pv.Errors, l.Errors...)
			pv.Warnings = append(pv.Warnings, l.Warnings...)
		} else {
			read, rerr := notice.ReadFile(name, data)
			if rerr != nil {
				return rerr
			}
			pv.Outline, pv.Unplaced, pv.Checks = read.Outline, append(pv.Unplaced, read.Unplaced...), append(pv.Checks, read.Check()...)
			pv.Result, err = s.db.ImportOutline(r.Context(), principal(r), pv.Outline, opt)
		}
		pv.Aspects, pv.Problems, pv.Subproblems, pv.Measures = pv.Outline.Counts()
		pv.Meta = pv.Outline.Meta
		if len(pv.Errors) > 0 {
			return s.rejectImport(w, r, pv, dryRun)
		}
		if err != nil && !(dryRun && duban.ErrorCode(err) == duban.Invalid) {
			return err
		}
		status := http.StatusOK
		if !dryRun {
			status = http.StatusCreated
		}
		return writeJSON(w, status, pv.in(apiLang(r)))
	}
}

// importLedger reads an uploaded ledger and imports it as opt says, into
// *res: a new plan's rows are written while the file is read
// (store.ImportFeed). It returns the ledger, or nil and the reader's error
// when the file is no workbook; a ledger with bad cells writes nothing and
// returns no error (its Errors say what is wrong); otherwise the import's
// error.
func (s *Server) importLedger(r *http.Request, data []byte, opt store.ImportOptions, res **store.ImportResult) (*xlsx.Ledger, error) {
	l, err := xlsx.ReadWhile(bytes.NewReader(data), func(feed *duban.OutlineFeed) error {
		var err error
		*res, err = s.db.ImportFeed(r.Context(), principal(r), feed, opt)
		return err
	})
	if l == nil || err != nil || len(l.Errors) > 0 {
		*res = nil
	}
	return l, err
}

// in returns the preview with its messages in lang, as the preview page
// shows them: the reader's reasons for cells and columns, the importer's
// warnings and changes. Texts of the file (checks of a notice, passages
// not placed) stay as written.
func (pv *importPreview) in(lang string) *importPreview {
	if lang != "en" {
		return pv
	}
	out := *pv
	out.Errors, out.Warnings = reasonsIn(lang, pv.Errors, cellReason), reasonsIn(lang, pv.Warnings, cellReason)
	if pv.Result != nil {
		res := *pv.Result
		res.Warnings, res.Changes = linesIn(lang, res.Warnings), linesIn(lang, res.Changes)
		out.Result = &res
	}
	return &out
}

// rejectImport answers a ledger with bad cells: the preview (200) on a dry
// run, a 422 problem naming every cell otherwise. Nothing is written.
func (s *Server) rejectImport(w http.ResponseWriter, r *http.Request, pv *importPreview, dryRun bool) error {
	if dryRun {
		return writeJSON(w, http.StatusOK, pv.in(apiLang(r)))
	}
	fields := map[string]string{}
	for _, c := range pv.Errors {
		fields[strings.TrimSpace(fmt.Sprintf("%s!%d %s", c.Sheet, c.Row, c.Column))] = c.Reason
	}
	return &duban.Error{Code: duban.Invalid, Message: fmt.Sprintf("台账有 %d 处单元格有误，整份文件未导入，请修改后重新上传", len(pv.Errors)), Fields: fields}
}

func (s *Server) apiExportLedger(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	unit, asOf := q.id("unit"), q.date("asof")
	if err := q.err(); err != nil {
		return err
	}
	var buf bytes.Buffer
	o, err := s.writeLedger(r.Context(), &buf, principal(r), store.OutlineFilter{PlanID: id, UnitID: unit, AsOf: asOf})
	if err != nil {
		return err
	}
	name := s.ledgerFileName(r.Context(), duban.LedgerTitle(o.Meta.Title), unit, o.Meta.AsOf)
	if err := s.recordExport(r, "ledger.xlsx", "plan", id); err != nil {
		return err
	}
	return writeDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, buf.Bytes())
}

func (s *Server) apiNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	asOf := q.date("asof")
	if err := q.err(); err != nil {
		return err
	}
	opt, err := report.ParseNoticeOptions(q.str("unfinished"), q.str("by_aspect"))
	if err != nil {
		return err
	}
	doc, err := report.NoticeOf(r.Context(), s.db, principal(r), id, asOf, q.str("contact"), opt)
	if err != nil {
		return err
	}
	if err := s.recordExport(r, "notice", "plan", id); err != nil {
		return err
	}
	return writeDoc(w, doc, q.str("format"), "整改进展情况的通报")
}

func (s *Server) apiSupervisionNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	due, date := q.date("reply_due"), q.date("date")
	if err := q.err(); err != nil {
		return err
	}
	doc, err := report.SupervisionOf(r.Context(), s.db, principal(r), id, q.str("number"), due, date)
	if err != nil {
		return err
	}
	if err := s.recordExport(r, "supervision-notice", "assignment", id); err != nil {
		return err
	}
	return writeDoc(w, doc, q.str("format"), "督办通知单")
}

// writeDoc writes a document as DOCX (the default), HTML or Markdown.
func writeDoc(w http.ResponseWriter, doc *duban.Document, format, name string) error {
	switch strings.ToLower(format) {
	case "", "docx":
		var buf bytes.Buffer
		if err := docx.Write(&buf, doc, docx.Options{Fonts: docx.DefaultFonts()}); err != nil {
			return err
		}
		return writeDownload(w, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name+".docx", buf.Bytes())
	case "html":
		s, err := report.HTML(doc)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, err = io.WriteString(w, s)
		return err
	case "md":
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		_, err := io.WriteString(w, report.Markdown(doc))
		return err
	}
	return &duban.Error{Code: duban.Invalid, Message: "格式应为 docx、html 或 md", Fields: map[string]string{"format": "无效"}}
}

func writeDownload(w http.ResponseWriter, contentType, name string, b []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	_, err := w.Write(b)
	return err
}
