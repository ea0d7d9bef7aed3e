package web

import (
	"bytes"
	"fmt"
	"net/http"
	"path"
	"strings"

	"duban/internal/duban"
	"duban/internal/store"
	"duban/internal/xlsx"
)

// figuresImportData is the page that takes a monitoring workbook: the
// upload form, then the preview of what it would write, then the confirm.
type figuresImportData struct {
	Base
	CanCorrect bool // may give a reason to correct approved periods
	Preview    *figuresPreview
	Error      string
	Fields     map[string]string
}

// figuresPreview is what an uploaded workbook holds and would do.
type figuresPreview struct {
	Name   string
	Upload string // the token the file is held under for the confirm
	Reason string // for corrections of approved periods
	Ind    *duban.Indicator
	store.FigureImport
	Units      []figuresUnit // as the sheet names them
	Breaches   []figuresBreach
	Problem    string // the workbook cannot be imported by this caller at all
	CanConfirm bool
}

// figuresUnit is a unit's line in the preview: how many figures, over which
// periods, and the latest.
type figuresUnit struct {
	Name        string
	Figures     int
	First, Last string
	Latest      string
	latest      float64
}

type figuresBreach struct {
	Unit, Period, Rule, Value, Baseline string
	Mended                              bool // a later period of the year recovered
}

func (s *Server) figuresImportRoles(r *http.Request) error {
	switch principal(r).Role {
	case duban.RoleAdmin, duban.RoleLead, duban.RoleLiaison:
		return nil
	}
	return duban.ErrForbidden("导入监测表")
}

func (s *Server) figuresImportBase(r *http.Request) figuresImportData {
	p := principal(r)
	return figuresImportData{Base: s.base(r, "ind.imp.title"), CanCorrect: p.Role == duban.RoleLead || p.Role == duban.RoleAdmin}
}

// figuresImportPage shows the upload form.
func (s *Server) figuresImportPage(w http.ResponseWriter, r *http.Request) error {
	if err := s.figuresImportRoles(r); err != nil {
		return err
	}
	return s.render(w, r, "indicator_import.html", s.figuresImportBase(r))
}

// figuresImport previews an uploaded workbook (nothing written), or imports
// the confirmed one, all or nothing.
func (s *Server) figuresImport(w http.ResponseWriter, r *http.Request) error {
	if err := s.figuresImportRoles(r); err != nil {
		return err
	}
	data := s.figuresImportBase(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload*4/3+1<<20)
	up, err := s.readImport(r)
	confirm := up.confirm
	if err == nil {
		data.Preview, err = s.previewFigures(r, up.name, up.raw, !confirm)
	}
	if err != nil {
		if duban.ErrorCode(err) == duban.Internal {
			return err
		}
		data.Error, data.Fields = formError(lang(r), err)
		if data.Fields == nil {
			data.Fields = map[string]string{"file": data.Error}
		}
		return s.renderAdm(w, r, admStatus(err), "indicator_import.html", data)
	}
	pv := data.Preview
	switch {
	case pv.Problem != "":
		return s.renderAdm(w, r, http.StatusForbidden, "indicator_import.html", data)
	case len(pv.Errors) > 0:
		return s.renderAdm(w, r, http.StatusUnprocessableEntity, "indicator_import.html", data)
	case confirm:
		s.dropHeld(r, up)
		return admDone(w, r, admT(r, "ind.imp.done", pv.Values, pv.Ind.Name), fmt.Sprintf("/indicators/%d", pv.IndicatorID))
	}
	if pv.CanConfirm {
		if pv.Upload, err = s.holdForConfirm(r, &up); err != nil {
			return err
		}
	}
	return s.render(w, r, "indicator_import.html", data)
}

// previewFigures reads the workbook and imports it, as a dry run unless
// dry is false.
func (s *Server) previewFigures(r *http.Request, name string, raw []byte, dry bool) (*figuresPreview, error) {
	book, err := xlsx.ReadFigures(bytes.NewReader(raw))
	if err != nil {
		return nil, &duban.Error{Code: duban.Invalid, Message: duban.ErrorMessage(err), Fields: map[string]string{"file": duban.ErrorMessage(err)}}
	}
	pv := &figuresPreview{Name: path.Base(name)}
	reason := strings.TrimSpace(r.FormValue("reason"))
	pv.Reason = reason
	res, ok, err := s.db.ImportFigures(r.Context(), principal(r), book, store.FigureImportOptions{DryRun: dry, Reason: reason})
	if duban.ErrorCode(err) == duban.Forbidden {
		pv.Problem = errorMessageIn(lang(r), err)
		return pv, nil
	}
	if err != nil {
		return nil, err
	}
	pv.FigureImport = *res
	figureReason := func(c *duban.FigureError) *string { return &c.Reason }
	pv.Errors, pv.Warnings = reasonsIn(lang(r), res.Errors, figureReason), reasonsIn(lang(r), res.Warnings, figureReason)
	if res.IndicatorID != 0 {
		if pv.Ind, err = s.db.FindIndicator(r.Context(), principal(r), res.IndicatorID); err != nil {
			return nil, err
		}
	}
	pv.Units = figuresByUnit(book, pv.Ind)
	for _, b := range res.Breaches {
		pv.Breaches = append(pv.Breaches, importBreach(lang(r), pv.Ind, b))
	}
	pv.CanConfirm = ok && dry
	return pv, nil
}

// figuresByUnit sums up a workbook's figures by the unit names it gives,
// in the order they first appear.
func figuresByUnit(book *duban.FigureBook, x *duban.Indicator) []figuresUnit {
	idx := map[string]int{}
	var out []figuresUnit
	for _, f := range book.Figures {
		per := f.Period.String()
		i, ok := idx[f.Unit]
		if !ok {
			i, idx[f.Unit] = len(out), len(out)
			out = append(out, figuresUnit{Name: f.Unit, First: per, Last: per, latest: f.Value})
		}
		u := &out[i]
		u.Figures++
		u.First = min(u.First, per)
		if per >= u.Last {
			u.Last, u.latest = per, f.Value
		}
	}
	decimals := 2
	if x != nil {
		decimals = x.Decimals
	}
	for i := range out {
		out[i].Latest = duban.FormatFigure(out[i].latest, decimals)
	}
	return out
}

// importBreach is a breach an import would cause, in the page's language.
func importBreach(lang string, x *duban.Indicator, b store.ImportBreach) figuresBreach {
	out := figuresBreach{Unit: b.Unit, Period: b.Period, Rule: ruleName(lang, b.Kind, b.Rule), Mended: b.Mended}
	if x == nil {
		return out
	}
	if per, err := duban.ParsePeriod(x.PeriodType, b.Period); err == nil {
		out.Period = periodName(lang, per)
	}
	out.Value, out.Baseline = figureIn(lang, x, b.Value), figureIn(lang, x, b.Baseline)
	return out
}
