package store

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"duban/internal/duban"
)

// Matching a monitoring workbook's titles to an indicator: its name or an
// alias, not narrowed by words before it or followed by another quantity.

// matchIndicator finds the indicator a workbook names: the longest name or
// alias (or the code) contained in one of its texts.
func (db *DB) matchIndicator(ctx context.Context, p *duban.Principal, texts []string) (*duban.Indicator, error) {
	all, err := db.ListIndicators(ctx, p, duban.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	var best *duban.Indicator
	bestLen := 0
	var named []*duban.Indicator // the best match of each text, once each
	var names []string           // the name by which each was matched
	for _, t := range texts {
		t = squeeze(t)
		var mine *duban.Indicator
		mineName := ""
		for i := range all {
			for _, n := range append(all[i].Names(), all[i].Code) {
				if n = squeeze(n); n != "" && namesQuantity(t, n) && len(n) > len(mineName) {
					mine, mineName = &all[i], n
				}
			}
		}
		if mine == nil {
			continue
		}
		if len(mineName) > bestLen {
			best, bestLen = mine, len(mineName)
		}
		if !slices.ContainsFunc(named, func(x *duban.Indicator) bool { return x.ID == mine.ID }) {
			named, names = append(named, mine), append(names, mineName)
		}
	}
	switch {
	case best == nil && len(texts) == 0:
		return nil, duban.Errorf(duban.Invalid, "工作簿中没有标题或表头，无法识别指标，请在标题中写明指标名称")
	case best == nil:
		if words, x := narrowed(texts, all); x != nil {
			return nil, duban.Errorf(duban.Invalid, "无法从标题或表头识别指标（%s）：“%s”与指标“%s”含义不同，如确为该指标，请在标题中写明指标名称",
				strings.Join(texts, "；"), words, x.Name)
		}
		return nil, duban.Errorf(duban.Invalid, "无法从标题或表头识别指标（%s），请在标题中写明指标名称", strings.Join(texts, "；"))
	}
	// Texts naming different indicators (a 指标名称 column, a sheet per
	// indicator) would put every figure under one of them: refused. A name
	// within another (固定资产投资 in 固定资产投资增速) is the longer one's.
	for i := range names {
		for j := range names {
			if i != j && !strings.Contains(names[i], names[j]) && !strings.Contains(names[j], names[i]) {
				var list []string
				for _, x := range named {
					list = append(list, x.Name)
				}
				return nil, duban.Errorf(duban.Invalid, "工作簿中写有多项指标（%s），一次只能导入一项指标的数据：请每项指标一个文件", strings.Join(list, "、"))
			}
		}
	}
	return best, nil
}

// ofGrowth tells whether the texts name x only with a growth word after its
// name (固定资产投资增速), and returns the first so named.
func ofGrowth(texts []string, x *duban.Indicator) (string, bool) {
	first := ""
	for _, t := range texts {
		t = squeeze(t)
		for _, n := range x.Names() {
			if n = squeeze(n); n == "" || !strings.Contains(t, n) {
				continue
			}
			grown := false
			for _, w := range duban.GrowthWords {
				if strings.Contains(t, n+w) {
					grown = true
					if first == "" {
						first = n + w
					}
				}
			}
			if !grown {
				return "", false // named plainly somewhere
			}
		}
	}
	return first, first != ""
}

// narrowed finds an indicator a text would have named but for the words
// before its name, and those words with the name (新认定高新技术企业), to
// say why the workbook names no indicator.
func narrowed(texts []string, all []duban.Indicator) (string, *duban.Indicator) {
	for _, t := range texts {
		t = squeeze(t)
		for i := range all {
			for _, n := range all[i].Names() {
				if k := strings.Index(t, squeeze(n)); n != "" && k >= 0 {
					if q := qualifier(t[:k]); q != "" {
						return q + squeeze(n), &all[i]
					}
				}
			}
		}
	}
	return "", nil
}

// otherQuantity begins words that, right after an indicator's name, make
// the text name another quantity of the same subject: 高新技术企业营业收入,
// 财政科技支出占一般公共预算支出比重.
var otherQuantity = []string{"营业收入", "收入", "占", "比重", "比例", "强度", "产值", "利润", "人数", "税收", "资产", "面积", "经费", "营收"}

// namesQuantity reports whether text names the indicator called name: it
// holds the name, and somewhere neither narrowed by words before it
// (qualifier) nor followed by another quantity's word.
func namesQuantity(text, name string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], name)
		if i < 0 {
			return false
		}
		rest := text[from+i+len(name):]
		other := qualifier(text[:from+i]) != ""
		for _, w := range otherQuantity {
			if strings.HasPrefix(rest, w) {
				other = true
				break
			}
		}
		if !other {
			return true
		}
		from += i + len(name)
	}
}

// sameQuantity are words that, right before an indicator's name, keep its
// meaning: 全社会研发经费投入强度 is the R&D intensity, 地方财政科技支出 the
// spending, 国家高新技术企业 and 有效期内高新技术企业 (those whose
// certificate runs, which all counted are) the high-tech enterprises.
var sameQuantity = []string{"全社会", "地方", "国家级", "国家", "全口径", "有效期内", "有效"}

// qualifier returns the words right before an indicator's name in a title
// (before) that make it another quantity: 新认定 in 各市新认定高新技术企业
// 数量 (this year's new ones, not all), 规上工业企业 in 规上工业企业研发投入
// 强度 (industry's, not the whole society's). Words of place and time (各市,
// 全省, 2025年, 1-9月) end at a boundary and are no qualifier: it returns ""
// for them and for the words of sameQuantity.
func qualifier(before string) string {
	for _, w := range sameQuantity {
		if strings.HasSuffix(before, w) {
			return ""
		}
	}
	r := []rune(before)
	i := len(r)
	for i > 0 && !nameBoundary(r[i-1]) {
		i--
	}
	return string(r[i:])
}

// nameBoundary tells a rune after which an indicator's name begins as a
// name of its own: not a letter (a digit, a bracket, a mark), or a Han
// character that ends a place or a time (市, 区, 省, 年, 月, 末) or joins
// (各, 的, 及).
func nameBoundary(r rune) bool {
	if !unicode.IsLetter(r) {
		return true
	}
	return strings.ContainsRune("年月度季末底期市区县省州盟旗镇乡各的及和与暨", r)
}
