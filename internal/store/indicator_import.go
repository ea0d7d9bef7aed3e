package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"duban/internal/duban"
)

// FigureImport is the outcome of importing a monitoring workbook.
type FigureImport struct {
	Indicator   string              `json:"indicator"` // its code
	IndicatorID int64               `json:"-"`
	Units       int                 `json:"units"`
	Periods     int                 `json:"periods"`
	Values      int                 `json:"values"`
	Errors      []duban.FigureError `json:"errors"`
	Breaches    []ImportBreach      `json:"breaches"`
}

// ImportBreach is a breach as an import reports it.
type ImportBreach struct {
	Unit     string  `json:"unit"`
	Period   string  `json:"period"`
	Rule     string  `json:"rule"`
	Value    float64 `json:"value"`
	Baseline float64 `json:"baseline"`
	// Kind is the rule's kind, for pages that say the rule in their language.
	Kind duban.RuleKind `json:"-"`
}

// ImportFigures matches a workbook read by xlsx.ReadFigures to an indicator
// (its title or headers against names and aliases) and its units (full or
// short name, with or without 市, 区, 县 or 人民政府), and writes every
// figure in one transaction, or none: the result lists every cell that is
// bad (as read, an unknown unit, a negative figure where none may be, a
// period of the wrong kind, a unit that does not report the indicator, a
// figure given twice), and with any, nothing is written. With dry set,
// nothing is written either, and the breaches are those the figures would
// cause. The second result is false when the workbook was rejected.
func (db *DB) ImportFigures(ctx context.Context, p *duban.Principal, b *duban.FigureBook, dry bool) (*FigureImport, bool, error) {
	out := &FigureImport{Errors: append([]duban.FigureError{}, b.Errors...), Breaches: []ImportBreach{}}
	x, err := db.matchIndicator(ctx, p, b.Names)
	if err != nil {
		out.Errors = append(out.Errors, duban.FigureError{Reason: duban.ErrorMessage(err)})
		return out, false, nil
	}
	out.Indicator, out.IndicatorID = x.Code, x.ID
	units, err := db.unitMatcher(ctx)
	if err != nil {
		return nil, false, err
	}
	in, names := []duban.ValueInput{}, map[int64]string{}
	var figs []duban.Figure // the cell of each of in
	seen := map[string]duban.Figure{}
	periods := map[string]bool{}
	for _, f := range b.Figures {
		fail := func(reason string) {
			out.Errors = append(out.Errors, duban.FigureError{Sheet: f.Sheet, Row: f.Row, Column: f.Column, Reason: reason})
		}
		u, ok := units.find(f.Unit)
		key := fmt.Sprint(u.ID, f.Period)
		switch {
		case !ok:
			fail(fmt.Sprintf("未知单位：“%s”", f.Unit))
		case f.Period.Type != x.PeriodType:
			fail(fmt.Sprintf("“%s”是%s报送的指标，该列是%s", x.Name, duban.PeriodTypeNames[x.PeriodType], f.Period.Chinese()))
		case f.Value < 0 && !x.AllowNegative:
			fail(fmt.Sprintf("不能为负数：%s", duban.FormatFigure(f.Value, x.Decimals)))
		case !x.Reports(u.ID):
			fail(fmt.Sprintf("%s不报送“%s”", u.ShortName, x.Name))
		case seen[key].Sheet != "":
			prev := seen[key]
			fail(fmt.Sprintf("%s%s的数据重复（另见%s第%d行%s）", u.ShortName, f.Period.Chinese(), prev.Sheet, prev.Row, prev.Column))
		default:
			seen[key] = f
			names[u.ID] = u.ShortName
			periods[f.Period.String()] = true
			in = append(in, duban.ValueInput{UnitID: u.ID, Period: f.Period.String(), Value: f.Value})
			figs = append(figs, f)
		}
	}
	out.Units, out.Periods, out.Values = len(names), len(periods), len(in)
	if len(out.Errors) > 0 {
		return out, false, nil
	}
	if len(in) == 0 {
		out.Errors = append(out.Errors, duban.FigureError{Reason: "工作簿中没有已填报的数据"})
		return out, false, nil
	}
	w, err := db.SetIndicatorValues(ctx, p, x.ID, in, "", dry)
	var de *duban.Error
	if errors.As(err, &de) && de.Code == duban.Invalid && len(de.Fields) > 0 {
		for i, f := range figs {
			if msg, ok := de.Fields[fmt.Sprintf("values[%d]", i)]; ok {
				out.Errors = append(out.Errors, duban.FigureError{Sheet: f.Sheet, Row: f.Row, Column: f.Column, Reason: msg})
			}
		}
		return out, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	for _, br := range w.Breaches {
		out.Breaches = append(out.Breaches, ImportBreach{Unit: br.Unit.Name, Period: br.Period.String(), Rule: br.Rule, Value: br.Value, Baseline: br.Baseline, Kind: br.Kind})
	}
	return out, true, nil
}

// matchIndicator finds the indicator a workbook names: the longest name or
// alias (or the code) contained in one of its texts.
func (db *DB) matchIndicator(ctx context.Context, p *duban.Principal, texts []string) (*duban.Indicator, error) {
	all, err := db.ListIndicators(ctx, p, duban.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	var best *duban.Indicator
	bestLen := 0
	for _, t := range texts {
		t = squeeze(t)
		for i := range all {
			for _, n := range append(all[i].Names(), all[i].Code) {
				if n = squeeze(n); n != "" && strings.Contains(t, n) && len(n) > bestLen {
					best, bestLen = &all[i], len(n)
				}
			}
		}
	}
	if best == nil {
		return nil, duban.Errorf(duban.Invalid, "无法从标题或表头识别指标（%s），请在标题中写明指标名称", strings.Join(texts, "；"))
	}
	return best, nil
}

// unitIndex finds units by the names sheets give them.
type unitIndex map[string][]duban.Unit

// unitKey reduces a unit name to its core: 陕西省西安市人民政府, 西安市 and
// 西安 all become 西安.
func unitKey(s string) string {
	s = squeeze(s)
	s = strings.TrimPrefix(s, "陕西省")
	for _, suffix := range []string{"人民政府", "政府", "市", "区", "县"} {
		if k := strings.TrimSuffix(s, suffix); k != s && len([]rune(k)) >= 2 {
			s = k
		}
	}
	return s
}

func (db *DB) unitMatcher(ctx context.Context) (unitIndex, error) {
	var all []duban.Unit
	for cursor := ""; ; {
		list, err := db.ListUnits(ctx, duban.UnitFilter{Page: duban.Page{Cursor: cursor, Limit: 500}})
		if err != nil {
			return nil, err
		}
		all = append(all, list.Items...)
		if cursor = list.NextCursor; cursor == "" {
			break
		}
	}
	idx := unitIndex{}
	for _, u := range all {
		keys := map[string]bool{squeeze(u.Name): true, squeeze(u.ShortName): true, unitKey(u.Name): true, unitKey(u.ShortName): true}
		for k := range keys {
			idx[k] = append(idx[k], u)
		}
	}
	for k := range idx {
		sort.Slice(idx[k], func(i, j int) bool { return idx[k][i].ID < idx[k][j].ID })
	}
	return idx, nil
}

// find returns the one unit a name means; an exact name wins over a core
// that several units share.
func (ix unitIndex) find(name string) (duban.Unit, bool) {
	if us := ix[squeeze(name)]; len(us) == 1 {
		return us[0], true
	}
	if us := ix[unitKey(name)]; len(us) == 1 {
		return us[0], true
	}
	return duban.Unit{}, false
}
