package web

import (
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"duban/internal/duban"
	"duban/internal/files"
	"duban/internal/store"
)

// maxReportForm caps a report with its files.
const maxReportForm = 5 * files.MaxSize

// apiCreateReportForm takes a report as multipart/form-data: the fields
// period, content, work_date and any number of "files". Each file is stored
// by content before the report and its attachments are written in one
// transaction; a refused file refuses the whole report.
func (s *Server) apiCreateReportForm(w http.ResponseWriter, r *http.Request, id int64) error {
	if s.files == nil {
		return duban.Errorf(duban.Conflict, "本实例未配置佐证材料存储")
	}
	if err := s.checkUpload(r, id); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxReportForm)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return duban.Errorf(badRequest, "无法读取上传的表单，或超过%dMB上限", maxReportForm>>20)
	}
	work, err := duban.ParseDate(r.FormValue("work_date"))
	if err != nil {
		return &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"work_date": "日期无效"}}
	}
	ups, discard, err := s.stageEvidence(r)
	defer discard()
	if err != nil {
		return err
	}
	x := &duban.Report{AssignmentID: id, Period: r.FormValue("period"), Content: r.FormValue("content"), WorkDate: work}
	if err := s.db.CreateReportWithFiles(r.Context(), principal(r), x, ups); err != nil {
		return err
	}
	return writeRecord(w, http.StatusCreated, x.Version, x)
}

// stageEvidence streams the "files" of a parsed multipart form to
// temporary files, checked for size and type; the transaction that writes
// their attachments moves them into the store. The returned func removes
// whatever was not moved: call it when the request ends.
func (s *Server) stageEvidence(r *http.Request) ([]store.Upload, func(), error) {
	var ups []store.Upload
	discard := func() {
		for _, u := range ups {
			u.Staged.Discard()
		}
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["files"]) == 0 {
		return nil, discard, nil
	}
	if s.files == nil {
		return nil, discard, &duban.Error{Code: duban.Invalid, Message: "本实例未配置佐证材料存储", Fields: map[string]string{"files": "本实例未配置佐证材料存储"}}
	}
	for _, fh := range r.MultipartForm.File["files"] {
		f, err := fh.Open()
		if err != nil {
			return nil, discard, &duban.Error{Code: duban.Invalid, Message: "文件读取失败", Fields: map[string]string{"files": "文件“" + fh.Filename + "”读取失败"}}
		}
		st, err := s.files.Stage(fh.Filename, f)
		f.Close()
		if err != nil {
			return nil, discard, &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"files": duban.ErrorMessage(err)}}
		}
		ups = append(ups, store.Upload{File: st.File, Name: uploadName(fh.Filename), Staged: st})
	}
	return ups, discard, nil
}

// checkUpload refuses an upload before its body is read: NotFound or
// Forbidden unless the caller may write for the assignment's unit, and
// 413-like Invalid when the declared length is over the cap.
func (s *Server) checkUpload(r *http.Request, id int64) error {
	if r.ContentLength > maxReportForm {
		return duban.Errorf(badRequest, "上传内容超过%dMB上限", maxReportForm>>20)
	}
	return s.db.CheckActsFor(r.Context(), principal(r), id)
}

// apiRequestClosureForm requests closure as multipart/form-data: the field
// summary and any number of evidence "files".
func (s *Server) apiRequestClosureForm(w http.ResponseWriter, r *http.Request, id int64, version int) error {
	if s.files == nil {
		return duban.Errorf(duban.Conflict, "本实例未配置佐证材料存储")
	}
	if err := s.checkUpload(r, id); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxReportForm)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return duban.Errorf(badRequest, "无法读取上传的表单，或超过%dMB上限", maxReportForm>>20)
	}
	ups, discard, err := s.stageEvidence(r)
	defer discard()
	if err != nil {
		return err
	}
	a, err := s.db.RequestClosureWithFiles(r.Context(), principal(r), id, version, r.FormValue("summary"), ups)
	if err != nil {
		return err
	}
	return writeRecord(w, http.StatusOK, a.Version, a)
}

func (s *Server) apiListClosures(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cs, err := s.db.ListClosures(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": cs})
}

func isMultipart(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "multipart/form-data"
}

func (s *Server) apiReportFiles(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	as, err := s.db.ReportAttachments(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": as})
}

// apiDownload sends an attachment to those who may see its assignment.
func (s *Server) apiDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.db.FindAttachment(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	if s.files == nil {
		return duban.Errorf(duban.Conflict, "本实例未配置佐证材料存储")
	}
	data, err := s.files.Read(a.SHA256)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", a.MIME)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Name))
	_, err = w.Write(data)
	return err
}

type reviseRequest struct {
	Content  string     `json:"content"`
	WorkDate duban.Date `json:"work_date"`
}

func (s *Server) apiReviseReport(r *http.Request, id int64, version int, req reviseRequest) (*duban.Report, error) {
	return s.db.ReviseReport(r.Context(), principal(r), id, version, req.Content, req.WorkDate)
}

func (s *Server) apiReporting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q := newQuery(r)
	period, asOf := q.str("period"), q.date("asof")
	if err := q.err(); err != nil {
		return err
	}
	if period == "" {
		pl, err := s.db.FindPlan(r.Context(), principal(r), id)
		if err != nil {
			return err
		}
		day := asOf
		if day.IsZero() {
			day = duban.DateOf(s.db.Now().In(duban.ChinaTime))
		}
		period, _ = s.db.DuePeriod(pl, day)
	}
	out, err := s.db.ReportingAsOf(r.Context(), principal(r), id, period, asOf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRegisterInstruction(w http.ResponseWriter, r *http.Request) error {
	var in store.InstructionInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	row, err := s.db.RegisterInstruction(r.Context(), principal(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, row)
}

func (s *Server) apiListInstructions(r *http.Request, q *query) (duban.List[store.InstructionRow], error) {
	page := q.page()
	if err := q.err(); err != nil {
		return duban.List[store.InstructionRow]{}, err
	}
	return s.db.ListInstructions(r.Context(), principal(r), page)
}
