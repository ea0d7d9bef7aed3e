package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
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
	Warnings    []duban.FigureError `json:"warnings"` // cells passed over, to be checked
	Breaches    []ImportBreach      `json:"breaches"`
}

// ImportBreach is a breach as an import reports it.
type ImportBreach struct {
	Unit     string  `json:"unit"`
	Period   string  `json:"period"`
	Rule     string  `json:"rule"`
	Value    float64 `json:"value"`
	Baseline float64 `json:"baseline"`
	// Mended is set when a later period of the year mended the breach (a
	// year to date that recovered): it happened, but is no longer open.
	Mended bool `json:"mended,omitempty"`
	// Kind is the rule's kind, for pages that say the rule in their language.
	Kind duban.RuleKind `json:"-"`
}

// FigureImportOptions are the choices of an import of a monitoring workbook.
type FigureImportOptions struct {
	DryRun bool   // check and report, write nothing
	Reason string // the reason for correcting figures of approved (locked) periods
}

// ImportFigures matches a workbook read by xlsx.ReadFigures to an indicator
// (its title or headers against names and aliases) and its units (full or
// short name, with or without 市, 区, 县 or 人民政府), and writes every
// figure in one transaction, or none: the result lists every cell that is
// bad (as read, an unknown unit, a negative figure where none may be, a
// period of the wrong kind, a unit that does not report the indicator, a
// figure given twice, a measure other than the indicator's), and with any,
// nothing is written. Figures in another scale of money than the
// indicator's (元, 千元, 万元, 亿元) are converted. An indicator that is a
// growth rate takes the workbook's growth columns where it has any. Figures
// likely wrong (a per cent for an amount, a year to date that falls) are
// imported with a warning. With DryRun set, nothing
// is written either, and the breaches are those the figures would cause.
// The second result is false when the workbook was rejected.
func (db *DB) ImportFigures(ctx context.Context, p *duban.Principal, b *duban.FigureBook, o FigureImportOptions) (*FigureImport, bool, error) {
	out := &FigureImport{Errors: append([]duban.FigureError{}, b.Errors...), Warnings: append([]duban.FigureError{}, b.Warnings...), Breaches: []ImportBreach{}}
	if len(b.Names) == 0 && len(b.Figures) == 0 && len(b.Growth) == 0 && len(b.Errors) == 0 && len(b.Warnings) > 0 {
		// Every sheet passed over (a project list, notes): said so, not
		// that the workbook has no title.
		out.Errors = append(out.Errors, duban.FigureError{Reason: "工作簿中没有可导入的监测数据表（各单位、各期间的数值），各工作表均未读取，原因见提示"})
		return out, false, nil
	}
	if len(b.Names) == 0 && len(out.Errors) > 0 {
		return out, false, nil // refused as read: no title to name an indicator is no news
	}
	x, err := db.matchIndicator(ctx, p, b.Names)
	if err != nil {
		out.Errors = append(out.Errors, duban.FigureError{Reason: duban.ErrorMessage(err)})
		return out, false, nil
	}
	if text, ok := ofGrowth(b.Names, x); ok && b.Measure == "" && !isRate(x) {
		// 2024年1-9月各县区固定资产投资增速 over columns of months, no
		// measure said: the percentages would go in as 亿元. With one
		// (1-9月完成（亿元）), the amounts are the indicator's.
		out.Errors = append(out.Errors, duban.FigureError{Reason: fmt.Sprintf("标题或表头写的是“%s”，是增速（百分比），不是指标“%s”（%s）的数值，未导入：请导入该指标的数值表", text, x.Name, x.Measure)})
		return out, false, nil
	}
	out.Indicator, out.IndicatorID = x.Code, x.ID
	src, measure := b.Figures, b.Measure
	if isRate(x) && len(b.Growth) > 0 {
		// 绝对额 | 增速: the rate's figures are the growth columns, in per
		// cent whatever the measure of the amounts beside them.
		src, measure = b.Growth, ""
	}
	scale, err := measureScale(measure, x)
	if err != nil {
		out.Errors = append(out.Errors, duban.FigureError{Reason: duban.ErrorMessage(err)})
		return out, false, nil
	}
	units, err := db.unitMatcher(ctx)
	if err != nil {
		return nil, false, err
	}
	in, names := []duban.ValueInput{}, map[int64]string{}
	var figs []duban.Figure // the cell of each of in
	seen := map[string]duban.Figure{}
	periods := map[string]bool{}
	partRows := map[string]bool{} // the 其中 rows passed over
	figures, wrong := byBasis(quartersSoFar(src, x), x)
	out.Errors = append(out.Errors, wrong...)
	for _, f := range figures {
		fail := func(reason string) {
			out.Errors = append(out.Errors, duban.FigureError{Sheet: f.Sheet, Row: f.Row, Column: f.Column, Reason: reason})
		}
		u, ok := units.find(f.Unit, x.UnitIDs)
		key := fmt.Sprint(u.ID, f.Period)
		switch {
		case f.Part && (!ok || !x.Reports(u.ID)):
			// 其中：西咸新区 under 西安市: a breakdown the unit above
			// already counts, of a unit that does not report. Said once a row.
			if at := fmt.Sprint(f.Sheet, "\x00", f.Row); !partRows[at] {
				partRows[at] = true
				out.Warnings = append(out.Warnings, duban.FigureError{Sheet: f.Sheet, Row: f.Row,
					Reason: fmt.Sprintf("“其中：%s”是上一行的分项，不是报送“%s”的单位，该行未导入", f.Unit, x.Name)})
			}
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
			in = append(in, duban.ValueInput{UnitID: u.ID, Period: f.Period.String(), Value: scale(f.Value)})
			figs = append(figs, f)
		}
	}
	out.Units, out.Periods, out.Values = len(names), len(periods), len(in)
	var stored map[int64]duban.Series
	if x.Aggregation == duban.AggYTD && x.PeriodType == duban.PeriodMonthly && len(in) > 0 {
		if stored, err = indicatorSeries(ctx, db.reader(), x, 0, duban.Date{}); err != nil {
			return nil, false, err
		}
	}
	out.Warnings = append(out.Warnings, implausible(x, in, figs, stored)...)
	if len(out.Errors) > 0 {
		return out, false, nil
	}
	if len(in) == 0 {
		out.Errors = append(out.Errors, duban.FigureError{Reason: "工作簿中没有已填报的数据"})
		return out, false, nil
	}
	found, err := db.writeFigureBook(ctx, p, x, in, o)
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
	for _, br := range found {
		out.Breaches = append(out.Breaches, ImportBreach{Unit: br.Unit.Name, Period: br.Period.String(), Rule: br.Rule, Value: br.Value, Baseline: br.Baseline,
			Mended: br.Status == duban.BreachResolved, Kind: br.Kind})
	}
	return out, true, nil
}

// implausible warns of figures that are likely wrong though they may be
// right: a per cent (2.5%) for an indicator of amounts or counts, and a
// year to date below an earlier month's of its year, in the file or among
// the figures stored (stored: each unit's, by period; the file's own
// replace them). in[i] is the value of figs[i], in x's measure.
func implausible(x *duban.Indicator, in []duban.ValueInput, figs []duban.Figure, stored map[int64]duban.Series) []duban.FigureError {
	var out []duban.FigureError
	warn := func(f duban.Figure, reason string) {
		out = append(out, duban.FigureError{Sheet: f.Sheet, Row: f.Row, Column: f.Column, Reason: reason})
	}
	for _, f := range figs {
		if f.Percent && x.Measure != "%" && x.Measure != "％" {
			warn(f, fmt.Sprintf("该单元格是百分数（%v%%），“%s”的计量单位是%s，请核对", f.Value, x.Name, x.Measure))
		}
	}
	if x.Aggregation != duban.AggYTD || x.PeriodType != duban.PeriodMonthly {
		return out
	}
	// Each unit's year, month by month: the file's figures (fig ≥ 0) and
	// the stored ones it leaves.
	type month struct {
		n, fig int
		v      float64
	}
	type unitYear struct {
		unit int64
		year int
	}
	years := map[unitYear][]month{}
	inFile := map[unitYear]map[int]bool{}
	for i, v := range in {
		k := unitYear{v.UnitID, figs[i].Period.Year}
		years[k] = append(years[k], month{n: figs[i].Period.N, fig: i, v: v.Value})
		if inFile[k] == nil {
			inFile[k] = map[int]bool{}
		}
		inFile[k][figs[i].Period.N] = true
	}
	for k := range years {
		for period, v := range stored[k.unit] {
			p, err := duban.ParsePeriod(duban.PeriodMonthly, period)
			if err == nil && p.Year == k.year && !inFile[k][p.N] {
				years[k] = append(years[k], month{n: p.N, fig: -1, v: v})
			}
		}
	}
	keys := make([]unitYear, 0, len(years))
	for k := range years {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		return keys[a].unit < keys[b].unit || keys[a].unit == keys[b].unit && keys[a].year < keys[b].year
	})
	// Written as the indicator's figures are (12345000, not 1.2345e+07),
	// and compared at that precision: a figure converted from 万元 may
	// differ from the stored one in its last bit.
	fig := func(v float64) string { return duban.FormatFigure(v, x.Decimals) }
	for _, k := range keys {
		ms := years[k]
		sort.Slice(ms, func(a, b int) bool { return ms[a].n < ms[b].n })
		for j := 1; j < len(ms); j++ {
			prev, m := ms[j-1], ms[j]
			switch {
			case m.v >= prev.v || fig(m.v) == fig(prev.v):
			case m.fig >= 0 && prev.fig >= 0:
				warn(figs[m.fig], fmt.Sprintf("累计数%s小于%d月的累计数%s：累计数不应逐月减少，请核对", fig(m.v), prev.n, fig(prev.v)))
			case m.fig >= 0:
				warn(figs[m.fig], fmt.Sprintf("累计数%s小于已有的%d月累计数%s：累计数不应逐月减少，请核对", fig(m.v), prev.n, fig(prev.v)))
			case prev.fig >= 0:
				warn(figs[prev.fig], fmt.Sprintf("累计数%s大于已有的%d月累计数%s：累计数不应逐月减少，请核对", fig(prev.v), m.n, fig(m.v)))
			}
		}
	}
	return out
}

// writeFigureBook writes a workbook's figures of x in one transaction (kept
// only without DryRun) and returns every breach its units show, in the
// workbook's years and the years after (whose baseline they are), as the
// figures stand after the write: each period that breaks a rule, open or
// mended by a later period of its year.
func (db *DB) writeFigureBook(ctx context.Context, p *duban.Principal, x *duban.Indicator, in []duban.ValueInput, o FigureImportOptions) ([]duban.Breach, error) {
	var found []duban.Breach
	err := db.update(ctx, p, func(tx *Tx) error {
		periods, err := checkValues(ctx, tx, p, x, in, o.Reason)
		if err != nil {
			return err
		}
		if _, err := db.writeFigures(ctx, tx, p, []figureBatch{{x: x, in: in, periods: periods}}, o.Reason); err != nil {
			return err
		}
		scope := map[int64][]int{}
		for i, v := range in {
			scope[v.UnitID] = appendYear(scope[v.UnitID], periods[i].Year)
		}
		if found, err = unitBreaches(ctx, tx, x, scope); err != nil {
			return err
		}
		if o.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return found, err
}

// unitBreaches evaluates x's rules on the units and years of scope as the
// figures stand in tx, recording nothing.
func unitBreaches(ctx context.Context, tx *Tx, x *duban.Indicator, scope map[int64][]int) ([]duban.Breach, error) {
	rules, err := indicatorRules(ctx, tx, x.ID)
	if err != nil {
		return nil, err
	}
	series, err := indicatorSeries(ctx, tx, x, 0, duban.Date{})
	if err != nil {
		return nil, err
	}
	names, err := unitNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	others := map[int64]map[int64]duban.Series{}
	for _, r := range rules {
		if r.OtherID != 0 && others[r.OtherID] == nil {
			o, err := findIndicator(ctx, tx, r.OtherID)
			if err != nil {
				return nil, err
			}
			if others[r.OtherID], err = indicatorSeries(ctx, tx, o, 0, duban.Date{}); err != nil {
				return nil, err
			}
		}
	}
	out := []duban.Breach{}
	for unit, years := range scope {
		unitOthers := map[int64]duban.Series{}
		for id, o := range others {
			unitOthers[id] = o[unit]
		}
		out = append(out, failing(x, rules, duban.UnitRef{ID: unit, Name: names[unit]}, series[unit], unitOthers, years)...)
	}
	sortBreaches(out)
	return out, nil
}

// isRate tells an indicator that is a growth rate (固定资产投资增速): its
// figures are a sheet's 同比 or 增速 columns where it has any.
func isRate(x *duban.Indicator) bool {
	for _, n := range x.Names() {
		for _, w := range []string{"增速", "增长率", "增幅", "同比增长", "增长速度"} {
			if strings.Contains(n, w) {
				return true
			}
		}
	}
	return false
}

// quartersSoFar reads, for a monthly indicator of the year to date, the
// figures of the quarters so far (一季度, 上半年, 前三季度, 1-4季度) as those
// of their last month (3月, 6月, 9月, 12月): the same year to date. A
// quarter's own figure (二季度) stays a quarter's, refused as one.
func quartersSoFar(figs []duban.Figure, x *duban.Indicator) []duban.Figure {
	if x.PeriodType != duban.PeriodMonthly || x.Aggregation != duban.AggYTD {
		return figs
	}
	out := make([]duban.Figure, 0, len(figs))
	for _, f := range figs {
		if f.Period.Type == duban.PeriodQuarterly && (f.Basis == duban.BasisYTD || f.Period.N == 1 && f.Basis == "") {
			f.Period = duban.Period{Type: duban.PeriodMonthly, Year: f.Period.Year, N: 3 * f.Period.N}
			f.Basis = duban.BasisYTD
		}
		out = append(out, f)
	}
	return out
}

// byBasis keeps the figures a sheet gives on the indicator's basis (the
// year to date for a cumulative indicator, the period's own figure for the
// others) where it gives both; when it gives only the other, each such cell
// is refused, except a count to date for an indicator of period-end
// figures, which is the same count.
func byBasis(figs []duban.Figure, x *duban.Indicator) ([]duban.Figure, []duban.FigureError) {
	want, other, wantName := duban.BasisPeriod, "累计数", "当期数"
	if x.Aggregation == duban.AggYTD {
		want, other, wantName = duban.BasisYTD, "当月（当期）数", "累计数"
	}
	has := slices.ContainsFunc(figs, func(f duban.Figure) bool { return f.Basis == want })
	var keep []duban.Figure
	var bad []duban.FigureError
	for _, f := range figs {
		switch {
		case f.Basis == "" || f.Basis == want:
			keep = append(keep, f)
		case !has && x.Aggregation == duban.AggLast && f.Basis == duban.BasisYTD:
			// A count to date (累计) is the count at the period's end.
			keep = append(keep, f)
		case !has:
			bad = append(bad, duban.FigureError{Sheet: f.Sheet, Row: f.Row, Column: f.Column,
				Reason: fmt.Sprintf("该列为%s，“%s”按%s报送", other, x.Name, wantName)})
		}
	}
	return keep, bad
}

// moneyScales are the scales of money sheets are written in, in yuan.
var moneyScales = map[string]float64{"元": 1, "千元": 1e3, "万元": 1e4, "百万元": 1e6, "亿元": 1e8}

// measureScale returns how a workbook's figures, written in measure m (""
// when the sheet does not say), become figures in x's measure: unchanged
// when the measures agree, converted between scales of money, and Invalid
// when they cannot be compared (家 against 亿元).
func measureScale(m string, x *duban.Indicator) (func(float64) float64, error) {
	same := func(v float64) float64 { return v }
	m, want := strings.TrimSpace(m), strings.TrimSpace(x.Measure)
	if m == "" || want == "" || m == want {
		return same, nil
	}
	from, ok1 := moneyScales[m]
	to, ok2 := moneyScales[want]
	if !ok1 || !ok2 {
		return nil, duban.Errorf(duban.Invalid, "表中计量单位为“%s”，与指标“%s”的计量单位“%s”不一致", m, x.Name, want)
	}
	// Rounded to the indicator's decimals and two more, so that 12345万元
	// becomes 1.2345亿元 and not 1.2344999999.
	digits := math.Pow(10, float64(x.Decimals+4))
	return func(v float64) float64 { return math.Round(v*from/to*digits) / digits }, nil
}

// unitNote is a note in brackets after a unit's name: （不含西咸新区）.
var unitNote = regexp.MustCompile(`[（(][^）)]*[）)]$`)

// unitIndex finds units by the names sheets give them.
type unitIndex map[string][]duban.Unit

// unitKey reduces a unit name to its core: 陕西省西安市人民政府, 西安市 and
// 西安 all become 西安; a province written short (陕西西咸新区) and a note in
// brackets (咸阳市（不含西咸新区）) are left out too. 宝鸡市本级 (the city
// without its counties) stays apart from 宝鸡市.
func unitKey(s string) string {
	s = squeeze(s)
	s = unitNote.ReplaceAllString(s, "")
	for _, p := range provinces {
		short := strings.TrimSuffix(strings.TrimSuffix(p, "省"), "市")
		for _, form := range []string{p, short} {
			// Not 吉林 of 吉林市: what follows the province is a name.
			if k := strings.TrimPrefix(s, form); k != s && len([]rune(k)) >= 2 && !strings.ContainsAny(string([]rune(k)[:1]), "市省区县州盟") {
				s = k
				break
			}
		}
	}
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

// find returns the one unit a name means: an exact name wins over a core
// that several units share, and a name several units could bear means the
// one of them that reports the indicator (prefer). A sheet may shorten a
// name further (杨凌 for 杨凌示范区): then the unit whose core begins with it.
func (ix unitIndex) find(name string, prefer []int64) (duban.Unit, bool) {
	one := func(us []duban.Unit) (duban.Unit, bool) {
		if len(us) == 1 {
			return us[0], true
		}
		var in []duban.Unit
		for _, u := range us {
			if slices.Contains(prefer, u.ID) {
				in = append(in, u)
			}
		}
		if len(in) == 1 {
			return in[0], true
		}
		return duban.Unit{}, false
	}
	if u, ok := one(ix[squeeze(name)]); ok {
		return u, true
	}
	key := unitKey(name)
	if u, ok := one(ix[key]); ok || len(ix[key]) > 0 {
		return u, ok
	}
	if len([]rune(key)) < 2 {
		return duban.Unit{}, false
	}
	var found []duban.Unit
	for k, us := range ix {
		if !strings.HasPrefix(k, key) {
			continue
		}
		for _, u := range us {
			if !slices.ContainsFunc(found, func(f duban.Unit) bool { return f.ID == u.ID }) {
				found = append(found, u)
			}
		}
	}
	return one(found)
}
